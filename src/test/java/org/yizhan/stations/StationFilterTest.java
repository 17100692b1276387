package org.yizhan.stations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.http.ApiException;
import org.yizhan.http.Params;

@DisplayName("StationFilter: one SQL text per filter shape")
class StationFilterTest {

    private static StationFilter parse(String query, List<String> defaultStatuses) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                m.add(kv[0], kv[1]);
            }
        }
        return StationFilter.from(new Params(m), defaultStatuses);
    }

    @Test
    @DisplayName("absent filters leave no predicate behind, present ones bind their values in order")
    void onlyPresentFilters() {
        StationFilter none = StationFilter.NONE;
        assertEquals("s.deleted_at IS NULL", StationFilterSql.predicate(none, 3));
        assertEquals(0, StationFilterSql.bind(none, Tuple.tuple()).size());

        StationFilter f = parse("kind=parking&amenity=wifi,toilet&vehicle_type=truck", List.of());
        assertEquals(
                "s.deleted_at IS NULL AND s.kind = ANY($3::text[]) AND s.amenities @> $4::text[]"
                        + " AND s.vehicle_types && $5::text[]",
                StationFilterSql.predicate(f, 3));
        Tuple t = StationFilterSql.bind(f, Tuple.of("x", "y"));
        assertEquals(5, t.size());
        assertEquals(3, StationFilterSql.parameterCount(f));
        assertEquals(List.of("wifi", "toilet"), List.of((String[]) t.getValue(3)));
    }

    @Test
    @DisplayName("without status the caller's default applies; has_discount is a constant test")
    void defaultsAndDiscount() {
        assertEquals(
                StationFilter.NOT_CLOSED, parse("", StationFilter.NOT_CLOSED).statuses());
        assertEquals(
                List.of("closed"),
                parse("status=closed", StationFilter.NOT_CLOSED).statuses());
        StationFilter d = parse("has_discount=true", List.of());
        assertTrue(
                StationFilterSql.predicate(d, 1).endsWith("AND s.rider_discount IS NOT NULL"),
                StationFilterSql.predicate(d, 1));
        assertEquals(0, StationFilterSql.parameterCount(d));
        assertTrue(StationFilterSql.predicate(parse("has_discount=false", List.of()), 1)
                .endsWith("AND s.rider_discount IS NULL"));
        ApiException e = assertThrows(ApiException.class, () -> parse("has_discount=maybe", List.of()));
        assertEquals("has_discount", e.field());
        assertEquals(
                "vehicle_type",
                assertThrows(ApiException.class, () -> parse("vehicle_type=bus", List.of()))
                        .field());
    }

    @Test
    @DisplayName("each shape has its own text and equal shapes share one, whatever the values")
    void shapes() {
        Set<String> texts = new HashSet<>();
        for (int shape = 0; shape < StationFilterSql.SHAPES; shape++) {
            if ((shape & 96) == 96) {
                assertThrows(
                        IllegalArgumentException.class,
                        () -> StationFilterSql.ofShape(96, List.of(), List.of(), List.of(), List.of(), List.of()));
                continue;
            }
            StationFilter f = StationFilterSql.ofShape(
                    shape, List.of("meal"), List.of("youth_home"), List.of("aed"), List.of("open"), List.of("car"));
            assertEquals(shape, StationFilterSql.shape(f));
            assertTrue(texts.add(StationFilterSql.predicate(f, 1)), "a new text for shape " + shape);
        }
        assertEquals(192, texts.size());
        assertEquals(
                StationFilterSql.predicate(parse("kind=meal", List.of()), 1),
                StationFilterSql.predicate(parse("kind=parking,rest_station", List.of()), 1));
        assertNotEquals(
                StationFilterSql.shape(parse("kind=meal", List.of())),
                StationFilterSql.shape(parse("category=other", List.of())));
    }

    @Test
    @DisplayName("the walk's predicate keeps the partial-index test outside and the attributes in one CASE")
    void walkPredicate() {
        assertEquals("s.deleted_at IS NULL", StationFilterSql.walkPredicate(StationFilter.NONE, 4));
        StationFilter f = parse("kind=meal&status=open", List.of());
        assertEquals(
                "s.deleted_at IS NULL AND CASE WHEN s.kind = ANY($4::text[]) AND s.status = ANY($5::text[])"
                        + " THEN true ELSE false END",
                StationFilterSql.walkPredicate(f, 4));
    }

    @Test
    @DisplayName(
            "contradictory combinations match nothing: category is for rest stations, vehicles for parking, discounts for meals")
    void contradictions() {
        assertTrue(parse("category=union_station&vehicle_type=car", List.of()).matchesNothing());
        assertTrue(parse("kind=meal&category=union_station", List.of()).matchesNothing());
        assertTrue(parse("kind=parking&has_discount=true", List.of()).matchesNothing());
        assertTrue(parse("vehicle_type=car&has_discount=true", List.of()).matchesNothing());
        assertFalse(parse("kind=meal,rest_station&category=union_station", List.of())
                .matchesNothing());
        assertFalse(parse("vehicle_type=car&has_discount=false", List.of()).matchesNothing());
        assertFalse(parse("kind=parking&amenity=wifi&status=closed", List.of()).matchesNothing());
        assertFalse(StationFilter.NONE.matchesNothing());
    }
}
