package org.yizhan.ogc;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.yizhan.http.ApiException;

/**
 * The subset of OGC CQL2 (OGC 21-065) that the OGC API serves, as a syntax tree shared by the text
 * ({@link Cql2Text}) and JSON ({@link Cql2Json}) encodings and translated to SQL by {@link Cql2Sql}.
 *
 * <p>Supported: Basic CQL2 (comparisons, {@code AND}/{@code OR}/{@code NOT}, {@code IS [NOT] NULL}, string,
 * number, boolean, {@code DATE} and {@code TIMESTAMP} literals), the advanced comparison operators
 * ({@code LIKE}, {@code BETWEEN}, {@code IN}) and the basic spatial function {@code S_INTERSECTS} with
 * {@code POINT}, {@code POLYGON} and {@code BBOX} literals in CRS84 (lon/lat degrees), and the extension
 * {@code S_DWITHIN(geometry, literal, metres)} ({@link DWithin}). Anything else in the
 * standard (temporal and array functions, arithmetic, {@code CASEI}/{@code ACCENTI}, other geometry types)
 * is refused with a 400 that names it and says where it is. Immutable values.
 */
public final class Cql2 {

    /** Longest filter accepted, in characters (text or JSON); the server reads request lines of up to 8 KiB. */
    public static final int MAX_LENGTH = 4_000;
    /** Deepest nesting of boolean operators and parentheses. */
    public static final int MAX_DEPTH = 20;
    /** Most positions in all geometry literals of one filter together. */
    public static final int MAX_VERTICES = 500;
    /** Most values in one IN list. */
    public static final int MAX_IN_VALUES = 1_000;

    private Cql2() {}

    /** A boolean expression. */
    public sealed interface Expr
            permits And, Or, Not, Compare, Like, Between, In, IsNull, Intersects, DWithin, BoolConst {}

    /** A scalar operand: a property or a literal. */
    public sealed interface Scalar permits Property, Str, Num, Bool, Timestamp, Date {}

    /** An operand of a spatial function: a property or a geometry literal. */
    public sealed interface GeomOperand permits Property, Point, Polygon, Bbox {}

    public record And(List<Expr> args) implements Expr {}

    public record Or(List<Expr> args) implements Expr {}

    public record Not(Expr arg) implements Expr {}

    /** The six comparison operators, with their CQL2 and SQL spelling (the same here). */
    public enum Op {
        EQ("="),
        NE("<>"),
        LT("<"),
        GT(">"),
        LE("<="),
        GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            return null;
        }

        /** The operator with its operands swapped: {@code 5 < x} is {@code x > 5}. */
        Op flipped() {
            return switch (this) {
                case LT -> GT;
                case GT -> LT;
                case LE -> GE;
                case GE -> LE;
                default -> this;
            };
        }
    }

    public record Compare(Op op, Scalar left, Scalar right) implements Expr {}

    public record Like(Scalar value, String pattern, boolean negated) implements Expr {}

    public record Between(Scalar value, Scalar low, Scalar high, boolean negated) implements Expr {}

    public record In(Scalar value, List<Scalar> list, boolean negated) implements Expr {}

    public record IsNull(Scalar value, boolean negated) implements Expr {}

    public record Intersects(GeomOperand a, GeomOperand b) implements Expr {}

    /**
     * {@code S_DWITHIN(a, b, distance_m)}: within {@code metres} of each other on the WGS 84 ellipsoid. Not part of
     * CQL2 1.0 (an extension here, in the form of the CQL2 drafts and ECQL's DWITHIN), for "stations within 1 km".
     */
    public record DWithin(GeomOperand a, GeomOperand b, double metres) implements Expr {}

    /** Largest S_DWITHIN distance, in metres (as the nearest search's max_distance_m). */
    public static final double MAX_DWITHIN_M = 50_000;

    public record BoolConst(boolean value) implements Expr {}

    public record Property(String name) implements Scalar, GeomOperand {}

    public record Str(String value) implements Scalar {}

    /** A number; {@code 10} and {@code 10.0} are the same literal. */
    public record Num(double value) implements Scalar {}

    public record Bool(boolean value) implements Scalar {}

    public record Timestamp(Instant value) implements Scalar {}

    public record Date(LocalDate value) implements Scalar {}

    /** lon, lat in degrees (a Z value is read and dropped). */
    public record Point(double lon, double lat) implements GeomOperand {}

    /** Rings of {lon, lat} positions, the first the outer ring; each closed, with 4 or more positions. */
    public record Polygon(List<List<double[]>> rings) implements GeomOperand {
        @Override
        public boolean equals(Object o) {
            return o instanceof Polygon p && Cql2.sameRings(rings, p.rings);
        }

        @Override
        public int hashCode() {
            return rings.size();
        }
    }

    /** West, south, east, north in degrees (elevations are read and dropped). */
    public record Bbox(double west, double south, double east, double north) implements GeomOperand {}

    private static boolean sameRings(List<List<double[]>> a, List<List<double[]>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).size() != b.get(i).size()) {
                return false;
            }
            for (int j = 0; j < a.get(i).size(); j++) {
                if (!java.util.Arrays.equals(a.get(i).get(j), b.get(i).get(j))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The 400 for a filter, naming {@code filter} and saying where. */
    static ApiException invalid(String where, String message) {
        return ApiException.invalid("filter", "filter " + where + ": " + message);
    }

    /** Checks a position against CRS84 and a ring against the CQL2 rules; {@code where} locates errors. */
    static void checkPosition(double lon, double lat, String where) {
        if (!Double.isFinite(lon) || !Double.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
            throw invalid(where, "coordinates must be longitude -180..180 and latitude -90..90 (CRS84)");
        }
    }

    static void checkRing(List<double[]> ring, String where) {
        if (ring.size() < 4) {
            throw invalid(where, "a polygon ring needs at least 4 positions");
        }
        if (!java.util.Arrays.equals(ring.get(0), ring.get(ring.size() - 1))) {
            throw invalid(where, "a polygon ring must be closed (first position = last position)");
        }
    }

    static double checkDistance(double metres, String where) {
        if (!Double.isFinite(metres) || metres < 0 || metres > MAX_DWITHIN_M) {
            throw invalid(where, "the S_DWITHIN distance is in metres, from 0 to " + (long) MAX_DWITHIN_M);
        }
        return metres;
    }

    static void checkBbox(Bbox b, String where) {
        checkPosition(b.west(), b.south(), where);
        checkPosition(b.east(), b.north(), where);
        if (b.south() > b.north()) {
            throw invalid(where, "a BBOX needs south <= north");
        }
        if (b.west() > b.east()) {
            throw invalid(where, "a BBOX across the antimeridian (west > east) is not supported");
        }
    }
}
