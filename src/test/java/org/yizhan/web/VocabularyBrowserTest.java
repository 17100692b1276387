package org.yizhan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.stations.Vocabulary;
import org.yizhan.support.TestApp;

@DisplayName("Map page: the filter menus and term labels are the server's vocabulary")
class VocabularyBrowserTest {
    static Browser b;
    static JsonObject vocabulary;

    @BeforeAll
    static void open() {
        vocabulary = TestApp.api().get("/api/v1/vocabulary").json();
        b = new Browser();
    }

    @AfterAll
    static void quit() {
        if (b != null) {
            b.close();
        }
    }

    @Test
    @DisplayName(
            "every kind, category, vehicle type and amenity of the vocabulary is in the rider's filters, in order, with its zh-CN label")
    void riderFiltersAreTheVocabulary() {
        b.open("/#rider");
        b.waitFor(() -> b.all("#f-amenities input").size() > 0);
        assertEquals(expected("kinds", "zh-CN"), options("f-kind"));
        assertEquals(expected("categories", "zh-CN"), options("f-category"));
        assertEquals(expected("vehicle_types", "zh-CN"), options("f-vehicle"));
        assertEquals(expected("amenities", "zh-CN"), chips("f-amenities"));
        assertEquals(expected("kinds", "zh-CN"), options("p-kind"));
    }

    @Test
    @DisplayName("in English the same menus carry the vocabulary's English labels")
    void englishLabelsAreTheVocabulary() {
        b.open("/#rider");
        b.waitFor(() -> b.all("#f-amenities input").size() > 0);
        b.find("#lang").click();
        try {
            b.waitFor(() -> "en".equals(b.js("return document.documentElement.lang")));
            assertEquals(expected("kinds", "en"), options("f-kind"));
            assertEquals(expected("amenities", "en"), chips("f-amenities"));
        } finally {
            b.find("#lang").click();
        }
    }

    /** "id label" for each term of a group, the label with the page's icon where the term has one. */
    private static List<String> expected(String group, String lang) {
        JsonArray terms = vocabulary.getJsonArray(group);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            JsonObject t = terms.getJsonObject(i);
            String icon = t.getString("icon");
            out.add(t.getString("id") + " " + (icon == null ? "" : icon + " ") + t.getString(lang));
        }
        // The served groups are the ones the server validates with.
        assertEquals(
                List.copyOf(Vocabulary.ids(group)),
                out.stream().map(s -> s.substring(0, s.indexOf(' '))).toList());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> options(String id) {
        return new ArrayList<>((List<String>) b.js(
                "return [...document.getElementById(arguments[0]).options]"
                        + ".filter((o) => o.value).map((o) => o.value + ' ' + o.textContent.trim())",
                id));
    }

    @SuppressWarnings("unchecked")
    private static List<String> chips(String id) {
        return new ArrayList<>((List<String>) b.js(
                "return [...document.querySelectorAll('#' + arguments[0] + ' label')]"
                        + ".map((l) => l.querySelector('input').value + ' ' + l.textContent.trim())",
                id));
    }
}
