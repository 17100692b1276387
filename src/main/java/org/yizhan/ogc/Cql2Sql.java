package org.yizhan.ogc;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.yizhan.geo.Polygons;
import org.yizhan.ogc.Cql2.Expr;
import org.yizhan.ogc.Cql2.Scalar;
import org.yizhan.ogc.Queryable.Type;

/**
 * Translates a {@link Cql2} tree into a SQL predicate over a whitelist of queryables. Column expressions
 * come only from {@link Queryable#column()}, operators only from fixed texts here, and every literal is
 * bound as a {@code $n} value ({@link SqlArgs}); nothing of the request's text reaches the SQL.
 * Type mismatches (a string compared with a number, a LIKE on a number) are 400s naming {@code filter}.
 * Stateless and thread-safe.
 */
public final class Cql2Sql {

    /** Largest integer sent as bigint; larger magnitudes compare as float8. */
    private static final double EXACT_LONG = 9.007199254740992E15;

    private Cql2Sql() {}

    /** The predicate for {@code e}; its values are added to {@code args}. */
    static String where(Expr e, Map<String, Queryable> queryables, SqlArgs args) {
        return new Translation(queryables, args).expr(e);
    }

    private record Translation(Map<String, Queryable> queryables, SqlArgs args) {

        String expr(Expr e) {
            if (e instanceof Cql2.And a) {
                return a.args().stream().map(this::expr).collect(Collectors.joining(" AND ", "(", ")"));
            } else if (e instanceof Cql2.Or o) {
                return o.args().stream().map(this::expr).collect(Collectors.joining(" OR ", "(", ")"));
            } else if (e instanceof Cql2.Not n) {
                return "(NOT " + expr(n.arg()) + ")";
            } else if (e instanceof Cql2.BoolConst b) {
                return b.value() ? "TRUE" : "FALSE";
            } else if (e instanceof Cql2.Compare c) {
                return compare(c);
            } else if (e instanceof Cql2.Like l) {
                return like(l);
            } else if (e instanceof Cql2.Between b) {
                return between(b);
            } else if (e instanceof Cql2.In in) {
                return in(in);
            } else if (e instanceof Cql2.IsNull n) {
                return "(" + property(n.value(), "IS NULL").column() + (n.negated() ? " IS NOT NULL)" : " IS NULL)");
            } else if (e instanceof Cql2.DWithin d) {
                return dwithin(d);
            } else {
                return intersects((Cql2.Intersects) e);
            }
        }

        private String compare(Cql2.Compare c) {
            Cql2.Op op = c.op();
            Scalar left = c.left();
            Scalar right = c.right();
            if (!(left instanceof Cql2.Property) && right instanceof Cql2.Property) {
                Scalar t = left;
                left = right;
                right = t;
                op = op.flipped();
            }
            Queryable q = property(left, "a comparison");
            if (right instanceof Cql2.Property) {
                throw fail("comparing two properties is not supported; compare " + q.name() + " with a literal");
            }
            if (q.type() == Type.BOOLEAN && op != Cql2.Op.EQ && op != Cql2.Op.NE) {
                throw fail(q.name() + " is a boolean: only = and <> compare it");
            }
            if (q.type() == Type.TIMESTAMP && right instanceof Cql2.Date d) {
                return "((" + q.column() + " AT TIME ZONE 'UTC')::date " + op.symbol + " " + args.bind(d.value())
                        + "::date)";
            }
            return "(" + q.column() + " " + op.symbol + " " + literal(q, right) + ")";
        }

        private String like(Cql2.Like l) {
            Queryable q = property(l.value(), "LIKE");
            if (q.type() != Type.STRING) {
                throw fail("LIKE compares strings, and " + q.name() + " is not a string");
            }
            return "(" + q.column() + (l.negated() ? " NOT LIKE " : " LIKE ") + args.bind(l.pattern()) + ")";
        }

        private String between(Cql2.Between b) {
            Queryable q = property(b.value(), "BETWEEN");
            if (q.type() != Type.INTEGER && q.type() != Type.TIMESTAMP) {
                throw fail("BETWEEN needs a number or a timestamp, and " + q.name() + " is neither");
            }
            return "(" + q.column() + (b.negated() ? " NOT BETWEEN " : " BETWEEN ") + literal(q, b.low()) + " AND "
                    + literal(q, b.high()) + ")";
        }

        private String in(Cql2.In in) {
            Queryable q = property(in.value(), "IN");
            String array;
            switch (q.type()) {
                case STRING ->
                    array = args.bind(in.list().stream()
                                    .map(v -> ((Cql2.Str) expect(q, v, Cql2.Str.class)).value())
                                    .toArray(String[]::new))
                            + "::text[]";
                case INTEGER -> {
                    List<Double> nums = in.list().stream()
                            .map(v -> ((Cql2.Num) expect(q, v, Cql2.Num.class)).value())
                            .toList();
                    boolean integral = nums.stream().allMatch(Cql2Sql::integral);
                    array = integral
                            ? args.bind(nums.stream().map(Double::longValue).toArray(Long[]::new)) + "::bigint[]"
                            : args.bind(nums.toArray(Double[]::new)) + "::float8[]";
                }
                case BOOLEAN ->
                    array = args.bind(in.list().stream()
                                    .map(v -> ((Cql2.Bool) expect(q, v, Cql2.Bool.class)).value())
                                    .toArray(Boolean[]::new))
                            + "::boolean[]";
                case TIMESTAMP ->
                    array = args.bind(in.list().stream()
                                    .map(v -> utc(((Cql2.Timestamp) expect(q, v, Cql2.Timestamp.class)).value()))
                                    .toArray(OffsetDateTime[]::new))
                            + "::timestamptz[]";
                default -> throw fail("IN cannot test the geometry " + q.name());
            }
            String test = q.column() + " = ANY(" + array + ")";
            return in.negated() ? "(NOT (" + test + "))" : "(" + test + ")";
        }

        private String intersects(Cql2.Intersects i) {
            Queryable q = geometryProperty(i.a(), i.b(), "S_INTERSECTS");
            Cql2.GeomOperand literal = i.a() instanceof Cql2.Property ? i.b() : i.a();
            return "ST_Intersects(" + q.column() + ", " + geometry(literal) + ")";
        }

        /** Metres on the ellipsoid, through the geography (for stations: its index, station_geog_idx). */
        private String dwithin(Cql2.DWithin d) {
            Queryable q = geometryProperty(d.a(), d.b(), "S_DWITHIN");
            Cql2.GeomOperand literal = d.a() instanceof Cql2.Property ? d.b() : d.a();
            return "ST_DWithin(" + q.geography() + ", " + geometry(literal) + "::geography, " + args.bind(d.metres())
                    + "::float8)";
        }

        /** The geometry queryable among two operands, the other one being a literal. */
        private Queryable geometryProperty(Cql2.GeomOperand a, Cql2.GeomOperand b, String function) {
            if (!(a instanceof Cql2.Property) && b instanceof Cql2.Property) {
                return geometryProperty(b, a, function);
            }
            if (!(a instanceof Cql2.Property p)) {
                throw fail(function + " needs the geometry property as one argument");
            }
            if (b instanceof Cql2.Property) {
                throw fail(function + " of two properties is not supported");
            }
            Queryable q = queryable(p.name());
            if (q.type() != Type.GEOMETRY) {
                throw fail(function + " needs a geometry, and " + q.name() + " is not one");
            }
            return q;
        }

        private String geometry(Cql2.GeomOperand g) {
            if (g instanceof Cql2.Point pt) {
                return "ST_SetSRID(ST_MakePoint(" + args.bind(pt.lon()) + "::float8, " + args.bind(pt.lat())
                        + "::float8), 4326)";
            } else if (g instanceof Cql2.Bbox box) {
                return "ST_MakeEnvelope(" + args.bind(box.west()) + "::float8, " + args.bind(box.south()) + "::float8, "
                        + args.bind(box.east()) + "::float8, " + args.bind(box.north()) + "::float8, 4326)";
            } else {
                return "ST_GeomFromText(" + args.bind(validWkt((Cql2.Polygon) g)) + "::text, 4326)";
            }
        }

        private String literal(Queryable q, Scalar v) {
            return switch (q.type()) {
                case STRING -> args.bind(((Cql2.Str) expect(q, v, Cql2.Str.class)).value()) + "::text";
                case INTEGER -> {
                    double d = ((Cql2.Num) expect(q, v, Cql2.Num.class)).value();
                    yield integral(d) ? args.bind((long) d) + "::bigint" : args.bind(d) + "::float8";
                }
                case BOOLEAN -> args.bind(((Cql2.Bool) expect(q, v, Cql2.Bool.class)).value()) + "::boolean";
                case TIMESTAMP ->
                    args.bind(utc(((Cql2.Timestamp) expect(q, v, Cql2.Timestamp.class)).value())) + "::timestamptz";
                case GEOMETRY -> throw fail(q.name() + " is a geometry: use S_INTERSECTS");
            };
        }

        private Scalar expect(Queryable q, Scalar v, Class<? extends Scalar> type) {
            if (v instanceof Cql2.Property) {
                throw fail("comparing two properties is not supported");
            }
            if (!type.isInstance(v)) {
                String want = switch (q.type()) {
                    case STRING -> "a quoted string";
                    case INTEGER -> "a number";
                    case BOOLEAN -> "TRUE or FALSE";
                    case TIMESTAMP -> "TIMESTAMP('...Z') or DATE('...')";
                    case GEOMETRY -> "a geometry";
                };
                throw fail(q.name() + " is compared with " + want);
            }
            return v;
        }

        private Queryable property(Scalar s, String what) {
            if (!(s instanceof Cql2.Property p)) {
                throw fail(what + " needs a property (a queryable) as its first operand");
            }
            return queryable(p.name());
        }

        private Queryable queryable(String name) {
            Queryable q = queryables.get(name);
            if (q == null) {
                throw fail("unknown property '" + (name.length() > 40 ? name.substring(0, 40) + "…" : name)
                        + "'; the queryables are " + String.join(", ", queryables.keySet()));
            }
            return q;
        }
    }

    /** The polygon as WKT, after JTS confirms it is valid (PostGIS could fail on an invalid one). */
    private static String validWkt(Cql2.Polygon poly) {
        List<LinearRing> rings = new ArrayList<>();
        for (List<double[]> ring : poly.rings()) {
            rings.add(Polygons.WGS84.createLinearRing(
                    ring.stream().map(p -> new Coordinate(p[0], p[1])).toArray(Coordinate[]::new)));
        }
        Polygon p = Polygons.WGS84.createPolygon(
                rings.get(0), rings.subList(1, rings.size()).toArray(LinearRing[]::new));
        if (!p.isValid()) {
            throw fail("the POLYGON is not valid (its rings cross or touch themselves)");
        }
        return p.toText();
    }

    private static boolean integral(double d) {
        return d == Math.rint(d) && Math.abs(d) < EXACT_LONG;
    }

    private static OffsetDateTime utc(java.time.Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static org.yizhan.http.ApiException fail(String message) {
        return org.yizhan.http.ApiException.invalid("filter", "filter: " + message);
    }
}
