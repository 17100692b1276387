package org.yizhan.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming replicas of the primary and how current each is, checked every {@value #CHECK_EVERY_MS}
 * ms (never per request).
 *
 * <p>Each check samples the primary's WAL position ({@code pg_current_wal_lsn()}) and each replica's
 * replayed position ({@code pg_last_wal_replay_lsn()}). A replica is <em>current as of</em> the newest
 * primary sample it has replayed; its lag is the time from then to the newest sample. So an idle primary
 * gives a paused replica no lag (it has every change), and a replica that has not been seen to catch up
 * with any sample in the window (just started, hours behind) counts as lagging. The figure is an upper
 * bound, coarse by one check interval. A replica is healthy when it answers, is in recovery (a promoted
 * one is a primary of its own and is never read), and lags at most {@code maxLag}. While the primary
 * cannot be sampled the lag is measured against its last sample: it writes nothing meanwhile.
 *
 * <p>Thread-safe: checks run on one Vert.x context; the state requests read is volatile.
 */
public final class ReplicaSet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSet.class);
    /** How often the primary and the replicas are looked at. */
    public static final long CHECK_EVERY_MS = 1_000;

    private static final long QUERY_TIMEOUT_MS = 1_000;
    private static final String PRIMARY_LSN = "SELECT pg_current_wal_lsn()::text AS lsn";
    private static final String REPLICA_STATE = """
            SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replayed""";

    /**
     * One replica: its pool, and its state at the last check.
     *
     * @param name {@code replica-1}, {@code replica-2}…, in the order of {@code YIZHAN_REPLICA_URLS}
     */
    public static final class Replica {
        private final String name;
        private final Pool pool;
        private volatile boolean healthy;
        private volatile long replayed = -1;
        private volatile String why = "not checked yet";

        Replica(String name, Pool pool) {
            this.name = name;
            this.pool = pool;
        }

        public String name() {
            return name;
        }

        Pool pool() {
            return pool;
        }

        public boolean healthy() {
            return healthy;
        }

        /** The WAL position replayed at the last check; -1 when unknown. */
        public long replayed() {
            return replayed;
        }

        /** Why the replica is not used (or "ok"), for logs. */
        public String state() {
            return why;
        }

        void set(boolean healthy, String why) {
            if (healthy != this.healthy) {
                if (healthy) {
                    LOG.info("{} is in use for reads", name);
                } else {
                    LOG.warn("{} is skipped for reads: {}", name, why);
                }
            }
            this.healthy = healthy;
            this.why = why;
        }
    }

    private final Vertx vertx;
    private final Pool primary;
    private final List<Replica> replicas;
    private final long maxLagMs;
    /** Primary samples {time ms, lsn}, oldest first, kept for the lag window. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean checking = new AtomicBoolean();
    private long timer = -1;

    ReplicaSet(Vertx vertx, Pool primary, List<Replica> replicas, Duration maxLag) {
        this.vertx = vertx;
        this.primary = primary;
        this.replicas = replicas;
        this.maxLagMs = maxLag.toMillis();
    }

    /**
     * The replicas' pools (made by {@code pools}, one per URL, in order), checked at once and then every
     * {@value #CHECK_EVERY_MS} ms. Does not wait for the first check: until a replica has been seen
     * current, reads go to the primary.
     */
    public static ReplicaSet start(Vertx vertx, Pool primary, List<Pool> pools, Duration maxLag) {
        List<Replica> list = new ArrayList<>();
        for (int i = 0; i < pools.size(); i++) {
            list.add(new Replica("replica-" + (i + 1), pools.get(i)));
        }
        ReplicaSet set = new ReplicaSet(vertx, primary, List.copyOf(list), maxLag);
        set.tick();
        set.timer = vertx.setPeriodic(CHECK_EVERY_MS, id -> set.tick());
        return set;
    }

    public List<Replica> replicas() {
        return replicas;
    }

    /**
     * A healthy replica that has replayed at least {@code minLsn} (0: any), taking turns; null when none
     * is, and the read goes to the primary.
     */
    public Replica pick(long minLsn) {
        int n = replicas.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            Replica r = replicas.get((start + i) % n);
            if (r.healthy && r.replayed >= minLsn) {
                return r;
            }
        }
        return null;
    }

    /** A read on {@code r} found it unreachable: skip it until a check finds it back. */
    void unreachable(Replica r, Throwable cause) {
        r.set(false, "unreachable: " + cause.getMessage());
    }

    private void tick() {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        check().onComplete(done -> checking.set(false));
    }

    /** One check: the primary's position first, then every replica's against it. */
    Future<Void> check() {
        Future<Void> sampled = primary.query(PRIMARY_LSN)
                .execute()
                .timeout(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .map(rows -> {
                    sample(
                            System.currentTimeMillis(),
                            Lsn.parse(rows.iterator().next().getString("lsn")));
                    return (Void) null;
                })
                .recover(e -> {
                    LOG.debug("primary WAL position not read: {}", e.getMessage());
                    return Future.succeededFuture();
                });
        return sampled.compose(v -> {
            List<Future<Void>> checks = new ArrayList<>();
            for (Replica r : replicas) {
                checks.add(check(r));
            }
            return Future.join(checks).mapEmpty();
        });
    }

    private Future<Void> check(Replica r) {
        return r.pool.query(REPLICA_STATE)
                .execute()
                .timeout(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (!row.getBoolean("standby")) {
                        r.replayed = -1;
                        r.set(false, "not in recovery (promoted?): it is not a replica of the primary");
                        return null;
                    }
                    long replayed = Lsn.parse(row.getString("replayed"));
                    r.replayed = replayed;
                    long lag = lagMs(replayed);
                    if (lag > maxLagMs) {
                        r.set(
                                false,
                                lag == Long.MAX_VALUE
                                        ? "not seen caught up with the primary yet"
                                        : "lagging " + lag + " ms behind the primary");
                    } else {
                        r.set(true, "ok");
                    }
                    return (Void) null;
                })
                .recover(e -> {
                    r.set(false, "unreachable: " + e.getMessage());
                    return Future.succeededFuture();
                });
    }

    synchronized void sample(long nowMs, long lsn) {
        samples.addLast(new long[] {nowMs, lsn});
        long keepFrom = nowMs - maxLagMs - 5 * CHECK_EVERY_MS;
        while (samples.size() > 1 && samples.peekFirst()[0] < keepFrom) {
            samples.removeFirst();
        }
    }

    /**
     * Time from the newest primary sample at or below {@code replayed} to the newest sample; MAX_VALUE
     * when the replica has replayed none of the samples kept (or none was taken yet).
     */
    synchronized long lagMs(long replayed) {
        if (samples.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long newest = samples.peekLast()[0];
        java.util.Iterator<long[]> back = samples.descendingIterator();
        while (back.hasNext()) {
            long[] s = back.next();
            if (s[1] <= replayed) {
                return newest - s[0];
            }
        }
        return Long.MAX_VALUE;
    }

    /** Stops the checks and closes the replicas' pools (the primary's is its owner's). */
    @Override
    public void close() {
        vertx.cancelTimer(timer);
        for (Replica r : replicas) {
            r.pool.close();
        }
    }

    /** PostgreSQL WAL positions ({@code pg_lsn}, text {@code X/Y} in hex) as unsigned-comparable longs. */
    public static final class Lsn {
        private Lsn() {}

        private static final java.util.regex.Pattern FORM =
                java.util.regex.Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

        /** {@code 16/B374D848} → its byte position; IllegalArgumentException when not of that form. */
        public static long parse(String text) {
            if (text == null || !FORM.matcher(text).matches()) {
                throw new IllegalArgumentException("not a WAL position: " + text);
            }
            int slash = text.indexOf('/');
            // Positions stay far below 2^63 (8 EiB of WAL), so signed comparison is right.
            return Long.parseLong(text.substring(0, slash), 16) << 32 | Long.parseLong(text.substring(slash + 1), 16);
        }

        public static String format(long lsn) {
            return Long.toHexString(lsn >>> 32).toUpperCase() + "/"
                    + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
        }
    }
}
