package org.yizhan.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Utilisation labels against the region's median rate")
class UtilisationTest {

    private static JsonObject row(long visits, double demand) {
        return new JsonObject().put("visits", visits).put("demand", demand);
    }

    @Test
    @DisplayName("below half the median is under_used, above twice is crowded, the rest normal; no demand, no label")
    void labels() {
        List<JsonObject> rows = List.of(row(10, 1000), row(12, 1000), row(4, 1000), row(25, 1000), row(7, 0));
        assertEquals(11.0, Utilisation.label(rows));
        assertEquals(
                List.of("normal", "normal", "under_used", "crowded"),
                rows.subList(0, 4).stream().map(r -> r.getString("label")).toList());
        assertNull(rows.get(4).getString("label"));
        assertNull(rows.get(4).getValue("visits_per_1000_demand"));
        assertEquals(25.0, rows.get(3).getDouble("visits_per_1000_demand"));
    }

    @Test
    @DisplayName("with fewer than three stations with demand there is no distribution: all normal")
    void tooFew() {
        List<JsonObject> rows = List.of(row(1, 1000), row(100, 1000));
        Utilisation.label(rows);
        assertEquals(
                List.of("normal", "normal"),
                rows.stream().map(r -> r.getString("label")).toList());
        assertNull(Utilisation.label(List.of(row(3, 0))));
    }
}
