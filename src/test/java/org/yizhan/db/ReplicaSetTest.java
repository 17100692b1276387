package org.yizhan.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Replica lag and WAL positions")
class ReplicaSetTest {

    private final ReplicaSet set = new ReplicaSet(null, null, List.of(), Duration.ofSeconds(5));

    @Test
    @DisplayName("WAL positions read as PostgreSQL writes them, and back")
    void positions() {
        assertEquals(0x16B374D848L, ReplicaSet.Lsn.parse("16/B374D848"));
        assertEquals("16/B374D848", ReplicaSet.Lsn.format(ReplicaSet.Lsn.parse("16/b374d848")));
        assertEquals(0L, ReplicaSet.Lsn.parse("0/0"));
        for (String bad : new String[] {"", "16", "/1", "1/", "1/-2", "+1/2", "1/2/3", "123456789/0", "g/0", " 1/2"}) {
            assertThrows(IllegalArgumentException.class, () -> ReplicaSet.Lsn.parse(bad), bad);
        }
    }

    @Test
    @DisplayName("a replica is behind by the time since the newest primary position it has replayed")
    void lag() {
        assertEquals(Long.MAX_VALUE, set.lagMs(100), "no sample yet: not known to be current");
        set.sample(1_000, 100);
        set.sample(2_000, 200);
        set.sample(3_000, 300);
        assertEquals(0, set.lagMs(300));
        assertEquals(0, set.lagMs(350));
        assertEquals(1_000, set.lagMs(250));
        assertEquals(2_000, set.lagMs(100));
        assertEquals(Long.MAX_VALUE, set.lagMs(99), "behind every sample kept");
    }

    @Test
    @DisplayName("an idle primary gives a replica that has replayed everything no lag, however old the samples")
    void idlePrimary() {
        set.sample(1_000, 500);
        set.sample(60_000, 500);
        assertEquals(0, set.lagMs(500));
        set.sample(61_000, 600);
        assertEquals(1_000, set.lagMs(500));
    }

    @Test
    @DisplayName("samples older than the lag window are dropped, so a replica that far behind counts as unknown")
    void window() {
        set.sample(0, 100);
        set.sample(20_000, 200);
        assertEquals(Long.MAX_VALUE, set.lagMs(150));
        assertEquals(0, set.lagMs(200));
    }
}
