package org.yizhan.stations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.TestApp;

@DisplayName("GET /api/v1/vocabulary")
class VocabularyApiTest {

    private final Api api = TestApp.api();

    @Test
    @DisplayName("anyone gets every group in the validation's order, each term with an id and zh-CN and English labels")
    void servesTheVocabulary() {
        Resp r = api.get("/api/v1/vocabulary");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        JsonObject body = r.json();
        Map<String, Set<String>> expected = Map.of(
                "kinds",
                Vocabulary.KINDS,
                "categories",
                Vocabulary.CATEGORIES,
                "scenes",
                Vocabulary.SCENES,
                "amenities",
                Vocabulary.AMENITIES,
                "access",
                Vocabulary.ACCESS,
                "vehicle_types",
                Vocabulary.VEHICLE_TYPES,
                "statuses",
                Vocabulary.STATUSES,
                "verifiers",
                Vocabulary.VERIFIERS,
                "report_kinds",
                Vocabulary.REPORT_KINDS);
        assertEquals(expected.keySet(), body.fieldNames());
        expected.forEach((group, ids) -> {
            JsonArray terms = body.getJsonArray(group);
            List<String> served = new ArrayList<>();
            for (int i = 0; i < terms.size(); i++) {
                JsonObject t = terms.getJsonObject(i);
                served.add(t.getString("id"));
                assertFalse(t.getString("zh-CN", "").isBlank(), group + " " + t);
                assertFalse(t.getString("en", "").isBlank(), group + " " + t);
            }
            assertEquals(List.copyOf(ids), served, group);
        });
        assertEquals("驿站", label(body, "kinds", "rest_station", "zh-CN"));
        assertEquals("Driver home", label(body, "categories", "driver_home", "en"));
    }

    @Test
    @DisplayName("a strong ETag and no-cache; If-None-Match with it (or *) is a 304 without a body, another tag a 200")
    void revalidates() {
        Resp first = api.get("/api/v1/vocabulary");
        String etag = first.header("ETag");
        assertNotNull(etag);
        assertTrue(etag.matches("\"[0-9a-f]{16}\""), etag);
        assertEquals("no-cache", first.header("Cache-Control"));
        for (String tag : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            Resp again = api.send(HttpMethod.GET, "/api/v1/vocabulary", null, null, Map.of("If-None-Match", tag));
            assertEquals(304, again.status(), tag + ": " + again);
            assertEquals(0, again.body() == null ? 0 : again.body().length(), tag);
            assertEquals(etag, again.header("ETag"));
        }
        Resp other = api.send(HttpMethod.GET, "/api/v1/vocabulary", null, null, Map.of("If-None-Match", "\"0123\""));
        assertEquals(200, other.status());
        assertEquals(first.json(), other.json());
    }

    @Test
    @DisplayName("no term id repeats within a group")
    void idsAreUnique() {
        JsonObject body = api.get("/api/v1/vocabulary").json();
        for (String group : body.fieldNames()) {
            JsonArray terms = body.getJsonArray(group);
            Set<String> ids = new LinkedHashSet<>();
            for (int i = 0; i < terms.size(); i++) {
                assertTrue(
                        ids.add(terms.getJsonObject(i).getString("id")), group + " repeats " + terms.getJsonObject(i));
            }
        }
    }

    private static String label(JsonObject body, String group, String id, String lang) {
        JsonArray terms = body.getJsonArray(group);
        for (int i = 0; i < terms.size(); i++) {
            if (terms.getJsonObject(i).getString("id").equals(id)) {
                return terms.getJsonObject(i).getString(lang);
            }
        }
        return null;
    }
}
