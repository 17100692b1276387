package org.yizhan.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.http.ApiException;

/** CQL2 → SQL: whitelisted columns, bound values, and the media-type choice of {@link Negotiation}. */
@DisplayName("CQL2 translation to SQL, and Accept negotiation")
class Cql2SqlTest {

    private static String sql(String filter, SqlArgs args) {
        return Cql2Sql.where(Cql2Text.parse(filter), OgcCollection.STATIONS.queryables(), args);
    }

    @Test
    @DisplayName("literals never reach the SQL text: they are bound values, and properties become whitelisted columns")
    void boundValues() {
        SqlArgs args = new SqlArgs();
        String where = sql("\"name\" = 'x''); DROP TABLE station; --' OR capacity IN (1, 2) OR kind LIKE 'p%'", args);
        assertEquals("((s.name = $1::text) OR (s.capacity = ANY($2::bigint[])) OR (s.kind LIKE $3))", where);
        assertEquals("x'); DROP TABLE station; --", args.tuple().getString(0));
        assertFalse(where.contains("DROP"));
    }

    @Test
    @DisplayName("a literal on the left is flipped, dates compare by UTC day, and a polygon is bound as WKT")
    void shapes() {
        SqlArgs args = new SqlArgs();
        assertEquals("(s.capacity < $1::bigint)", sql("10 > capacity", args));
        assertEquals(
                "((s.updated_at AT TIME ZONE 'UTC')::date >= $2::date)", sql("updated_at >= DATE('2026-01-01')", args));
        String poly = sql("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0)))", args);
        assertEquals("ST_Intersects(s.geom, ST_GeomFromText($3::text, 4326))", poly);
        assertEquals("POLYGON ((0 0, 1 0, 1 1, 0 0))", args.tuple().getString(2));
    }

    @Test
    @DisplayName("type mismatches and unknown properties are 400s on filter")
    void mismatches() {
        for (String bad : List.of(
                "capacity = 'x'",
                "name > 3",
                "demo < true",
                "geometry = 1",
                "name = status",
                "zz = 1",
                "S_INTERSECTS(name, POINT(1 1))",
                "capacity LIKE 'x'")) {
            ApiException e = assertThrows(ApiException.class, () -> sql(bad, new SqlArgs()), bad);
            assertEquals("filter", e.field(), bad);
        }
    }

    @Test
    @DisplayName(
            "Accept: the best quality wins, specific ranges before wildcards, q=0 refuses, no header takes the first offer")
    void negotiation() {
        List<String> offers = List.of("application/json", "text/html");
        assertEquals("text/html", Negotiation.choose("text/html,application/xhtml+xml,*/*;q=0.8", offers));
        assertEquals("application/json", Negotiation.choose("*/*", offers));
        assertEquals("application/json", Negotiation.choose(null, offers));
        assertEquals("application/json", Negotiation.choose("text/*;q=0.5, application/json", offers));
        assertEquals("text/html", Negotiation.choose("*/*;q=0.1, text/html", offers));
        assertEquals(null, Negotiation.choose("application/xml", offers));
        assertEquals(null, Negotiation.choose("application/json;q=0, text/html;q=0", offers));
        assertTrue(Negotiation.choose(
                        "application/vnd.oai.openapi+json;version=3.0",
                        List.of("application/vnd.oai.openapi+json", "application/json"))
                .startsWith("application/vnd.oai"));
    }
}
