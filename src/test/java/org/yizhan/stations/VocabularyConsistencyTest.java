package org.yizhan.stations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.demo.DemoCity;
import org.yizhan.support.TestApp;

/**
 * The copies of the vocabulary that cannot read {@code vocabulary.json} themselves — the database's
 * CHECK constraints, the OpenAPI document and the demo generator — agree with it term for term, so
 * that a term added in one place only fails here.
 */
@DisplayName("The vocabulary is one: the database, the OpenAPI document and the demo city agree with vocabulary.json")
class VocabularyConsistencyTest {

    /** Property and parameter names whose enums are a vocabulary group. */
    private static final Map<String, String> FIELDS = Map.of(
            "kind",
            "kinds",
            "category",
            "categories",
            "scene",
            "scenes",
            "amenities",
            "amenities",
            "amenity",
            "amenities",
            "access",
            "access",
            "vehicle_types",
            "vehicle_types",
            "vehicle_type",
            "vehicle_types",
            "status",
            "statuses",
            "verified_by",
            "verifiers");

    /**
     * Where {@code kind} and {@code status} mean a rider's report, not a station: kind is a report kind
     * there, and a report's status (noted, open, accepted, rejected) is its own, not a vocabulary group.
     * Network import jobs have their own status too.
     */
    private static boolean aboutReports(String context) {
        return context.startsWith("Report") || context.contains("/reports") || context.contains("getReports");
    }

    @Test
    @DisplayName("each station CHECK constraint in the running database allows exactly the vocabulary's ids")
    void checkConstraintsAreTheVocabulary() {
        Map<String, String> defs = new LinkedHashMap<>();
        for (Row row : TestApp.await(TestApp.sql().query("""
                SELECT c.conrelid::regclass::text AS tbl, c.conname, pg_get_constraintdef(c.oid) AS def
                FROM pg_constraint c
                WHERE c.contype = 'c' AND c.conrelid IN ('station'::regclass, 'station_report'::regclass)
                """).execute())) {
            defs.put(row.getString("tbl") + "." + row.getString("conname"), row.getString("def"));
        }
        Map<String, String[]> checks = new LinkedHashMap<>();
        checks.put("kinds", new String[] {"station.station_kind", "kind"});
        checks.put("categories", new String[] {"station.station_category", "category"});
        checks.put("scenes", new String[] {"station.station_scene", "scene"});
        checks.put("amenities", new String[] {"station.station_amenities", "amenities"});
        checks.put("access", new String[] {"station.station_access", "access"});
        checks.put("vehicle_types", new String[] {"station.station_vehicle_types", "vehicle_types"});
        checks.put("statuses", new String[] {"station.station_status", "status"});
        checks.put("verifiers", new String[] {"station.station_verified_by", "verified_by"});
        checks.put("report_kinds", new String[] {"station_report.station_report_kind_check", "kind"});
        assertEquals(Vocabulary.groups(), checks.keySet(), "every vocabulary group has its CHECK constraint here");
        checks.forEach((group, where) -> {
            String def = defs.get(where[0]);
            assertTrue(def != null, where[0] + " is not among " + defs.keySet());
            assertEquals(new TreeSet<>(Vocabulary.ids(group)), allowed(def, where[1]), where[0] + ": " + def);
        });
    }

    @Test
    @DisplayName("every enum of a vocabulary field in the OpenAPI document (properties and parameters) is that group")
    void openApiEnumsAreTheVocabulary() throws IOException {
        JsonObject doc;
        try (InputStream in = getClass().getResourceAsStream("/openapi/openapi.json")) {
            doc = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<String> found = new ArrayList<>();
        JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
        for (String name : schemas.fieldNames()) {
            properties(name, schemas.getJsonObject(name), found);
        }
        JsonObject params = doc.getJsonObject("components").getJsonObject("parameters");
        for (String name : params.fieldNames()) {
            parameter("parameters/" + name, params.getJsonObject(name), found);
        }
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                // Path-level parameters sit beside the operations.
                JsonArray ps = item.getValue(method) instanceof JsonObject op
                        ? op.getJsonArray("parameters", new JsonArray())
                        : item.getJsonArray(method);
                for (int i = 0; i < ps.size(); i++) {
                    parameter(method + " " + path, ps.getJsonObject(i), found);
                }
            }
        }
        // The station schemas, the shared filter parameters and the report kinds must all have been seen.
        for (String must : List.of(
                "StationProperties.kind",
                "StationPropertiesInput.amenities",
                "StationProperties.verified_by",
                "parameters/Kind.kind",
                "parameters/Amenity.amenity",
                "parameters/VehicleType.vehicle_type",
                "ReportInput.kind",
                "StationProperties.scene",
                "StationProperties.access",
                "StationProperties.status",
                "StationProperties.category")) {
            assertTrue(found.contains(must), must + " not among the checked enums " + found);
        }
    }

    @Test
    @DisplayName("the demo city draws only vocabulary ids and, at its default size, every one of them")
    void demoCityUsesTheVocabulary() {
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        for (JsonObject f : DemoCity.features(42, DemoCity.DEFAULT_COUNT)) {
            JsonObject p = f.getJsonObject("properties");
            add(seen, "kinds", p.getValue("kind"));
            add(seen, "categories", p.getValue("category"));
            add(seen, "scenes", p.getValue("scene"));
            add(seen, "amenities", p.getValue("amenities"));
            add(seen, "access", p.getValue("access"));
            add(seen, "vehicle_types", p.getValue("vehicle_types"));
            add(seen, "statuses", p.getValue("status"));
        }
        seen.forEach((group, ids) -> assertEquals(Vocabulary.ids(group), ids, group));
        assertEquals(7, seen.size());
    }

    private static void add(Map<String, Set<String>> seen, String group, Object value) {
        Set<String> ids = seen.computeIfAbsent(group, g -> new TreeSet<>());
        if (value instanceof JsonArray a) {
            a.forEach(v -> ids.add((String) v));
        } else if (value != null) {
            ids.add((String) value);
        }
        // Order as the vocabulary has it, for a readable failure; unknown ids go last.
        Set<String> ordered = new LinkedHashSet<>();
        Vocabulary.ids(group).stream().filter(ids::contains).forEach(ordered::add);
        ordered.addAll(ids);
        seen.put(group, ordered);
    }

    private static void properties(String context, JsonObject schema, List<String> found) {
        JsonObject props = schema.getJsonObject("properties");
        if (props != null) {
            for (String name : props.fieldNames()) {
                if (props.getValue(name) instanceof JsonObject prop) {
                    check(context, name, prop, found);
                    properties(context, prop, found);
                }
            }
        }
        if (schema.getValue("items") instanceof JsonObject items) {
            properties(context, items, found);
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            JsonArray parts = schema.getJsonArray(combinator);
            for (int i = 0; parts != null && i < parts.size(); i++) {
                if (parts.getValue(i) instanceof JsonObject part) {
                    properties(context, part, found);
                }
            }
        }
    }

    private static void parameter(String context, JsonObject p, List<String> found) {
        if (p.getString("name") != null && p.getJsonObject("schema") != null) {
            check(context, p.getString("name"), p.getJsonObject("schema"), found);
        }
    }

    private static void check(String context, String field, JsonObject schema, List<String> found) {
        Set<String> values = enumValues(schema);
        if (values.isEmpty()) {
            return;
        }
        String group = FIELDS.get(field);
        if (aboutReports(context)) {
            group = field.equals("kind") ? "report_kinds" : field.equals("status") ? null : group;
        }
        if (group == null || context.startsWith("NetworkImport") || context.startsWith("Utilisation")) {
            return;
        }
        found.add(context + "." + field);
        assertEquals(new TreeSet<>(Vocabulary.ids(group)), values, context + "." + field);
    }

    /** The non-null values of an enum at this schema, its items, or any oneOf/anyOf branch. */
    private static Set<String> enumValues(JsonObject schema) {
        Set<String> out = new TreeSet<>();
        JsonArray e = schema.getJsonArray("enum");
        if (e != null) {
            e.forEach(v -> {
                if (v != null) {
                    out.add((String) v);
                }
            });
        }
        if (schema.getValue("items") instanceof JsonObject items) {
            out.addAll(enumValues(items));
        }
        for (String combinator : List.of("oneOf", "anyOf")) {
            JsonArray parts = schema.getJsonArray(combinator);
            for (int i = 0; parts != null && i < parts.size(); i++) {
                if (parts.getValue(i) instanceof JsonObject part) {
                    out.addAll(enumValues(part));
                }
            }
        }
        return out;
    }

    /**
     * The string literals a CHECK allows for {@code column}: those of {@code column = ANY (ARRAY[...])},
     * {@code column <@ ARRAY[...]} or {@code column = '...'} in PostgreSQL's own rendering of it.
     */
    static Set<String> allowed(String def, String column) {
        Set<String> out = new TreeSet<>();
        Pattern list = Pattern.compile(
                "\\(?\\b" + column + "\\b\\)?(?:::text)?\\s*(?:= ANY|<@)\\s*\\(?\\(?ARRAY\\[([^\\]]*)\\]");
        Matcher m = list.matcher(def);
        while (m.find()) {
            Matcher lit = Pattern.compile("'([^']*)'").matcher(m.group(1));
            while (lit.find()) {
                out.add(lit.group(1));
            }
        }
        Matcher single =
                Pattern.compile("\\(?\\b" + column + "\\b\\)? = '([^']*)'").matcher(def);
        while (single.find()) {
            out.add(single.group(1));
        }
        assertFalse(out.isEmpty(), "no values for " + column + " in " + def);
        return out;
    }
}
