package org.yizhan.db;

/** Primitive arrays as the reactive client binds arrays ({@code bigint[]}, {@code float8[]} parameters). */
public final class SqlArrays {
    private SqlArrays() {}

    public static Long[] box(long[] v) {
        return java.util.Arrays.stream(v).boxed().toArray(Long[]::new);
    }

    public static Double[] box(double[] v) {
        return java.util.Arrays.stream(v).boxed().toArray(Double[]::new);
    }
}
