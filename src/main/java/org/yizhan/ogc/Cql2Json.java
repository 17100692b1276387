package org.yizhan.ogc;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yizhan.ogc.Cql2.Expr;
import org.yizhan.ogc.Cql2.Scalar;

/**
 * Reads CQL2 JSON (the {@code cql2-json} encoding, JSON Schema in OGC 21-065 Annex C) into the {@link Cql2}
 * tree, for the same subset as {@link Cql2Text}. Errors are 400s naming {@code filter} with a JSON path
 * such as {@code $.args[1]}. Stateless apart from one filter's vertex count: one instance per filter.
 */
public final class Cql2Json {

    private static final Set<String> UNSUPPORTED_OPS = Set.of(
            "s_equals",
            "s_disjoint",
            "s_touches",
            "s_within",
            "s_overlaps",
            "s_crosses",
            "s_contains",
            "t_after",
            "t_before",
            "t_contains",
            "t_disjoint",
            "t_during",
            "t_equals",
            "t_finishedby",
            "t_finishes",
            "t_intersects",
            "t_meets",
            "t_metby",
            "t_overlappedby",
            "t_overlaps",
            "t_startedby",
            "t_starts",
            "a_equals",
            "a_contains",
            "a_containedby",
            "a_overlaps",
            "casei",
            "accenti",
            "+",
            "-",
            "*",
            "/",
            "%",
            "^",
            "div");

    private int vertices;

    private Cql2Json() {}

    /** Parses a CQL2 JSON filter given as text (a query parameter). */
    public static Expr parse(String json) {
        if (json.length() > Cql2.MAX_LENGTH) {
            throw Cql2.invalid("JSON", "is longer than " + Cql2.MAX_LENGTH + " characters");
        }
        Object value;
        try {
            value = Json.decodeValue(json);
        } catch (DecodeException e) {
            throw Cql2.invalid("JSON", "is not valid JSON");
        }
        return new Cql2Json().expr(value, "$", 0);
    }

    private Expr expr(Object v, String path, int depth) {
        if (depth > Cql2.MAX_DEPTH) {
            throw Cql2.invalid("at " + path, "is nested more than " + Cql2.MAX_DEPTH + " levels deep");
        }
        if (v instanceof Boolean b) {
            return new Cql2.BoolConst(b);
        }
        if (!(v instanceof JsonObject o)
                || !(o.getValue("op") instanceof String rawOp)
                || !(o.getValue("args") instanceof JsonArray args)) {
            throw Cql2.invalid("at " + path, "expected an object with \"op\" and \"args\"");
        }
        String op = rawOp.toLowerCase(Locale.ROOT);
        switch (op) {
            case "and", "or" -> {
                if (args.size() < 2) {
                    throw Cql2.invalid("at " + path, op + " needs at least two arguments");
                }
                List<Expr> list = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) {
                    list.add(expr(args.getValue(i), path + ".args[" + i + "]", depth + 1));
                }
                return op.equals("and") ? new Cql2.And(List.copyOf(list)) : new Cql2.Or(List.copyOf(list));
            }
            case "not" -> {
                arity(args, 1, path, op);
                return new Cql2.Not(expr(args.getValue(0), path + ".args[0]", depth + 1));
            }
            case "=", "<>", "<", ">", "<=", ">=" -> {
                arity(args, 2, path, op);
                return new Cql2.Compare(
                        Cql2.Op.of(op),
                        scalar(args.getValue(0), path + ".args[0]"),
                        scalar(args.getValue(1), path + ".args[1]"));
            }
            case "like" -> {
                arity(args, 2, path, op);
                if (args.getValue(1) instanceof JsonObject fn && fn.getValue("op") instanceof String fnOp) {
                    throw Cql2.invalid(
                            "at " + path + ".args[1]", "the operator " + fnOp + " is not supported in a LIKE pattern");
                }
                if (!(args.getValue(1) instanceof String pattern)) {
                    throw Cql2.invalid("at " + path + ".args[1]", "the LIKE pattern must be a string");
                }
                return new Cql2.Like(scalar(args.getValue(0), path + ".args[0]"), pattern, false);
            }
            case "between" -> {
                arity(args, 3, path, op);
                return new Cql2.Between(
                        scalar(args.getValue(0), path + ".args[0]"),
                        scalar(args.getValue(1), path + ".args[1]"),
                        scalar(args.getValue(2), path + ".args[2]"),
                        false);
            }
            case "in" -> {
                arity(args, 2, path, op);
                if (!(args.getValue(1) instanceof JsonArray values) || values.isEmpty()) {
                    throw Cql2.invalid("at " + path + ".args[1]", "IN needs a non-empty array of values");
                }
                if (values.size() > Cql2.MAX_IN_VALUES) {
                    throw Cql2.invalid(
                            "at " + path + ".args[1]", "an IN list may hold at most " + Cql2.MAX_IN_VALUES + " values");
                }
                List<Scalar> list = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    list.add(scalar(values.getValue(i), path + ".args[1][" + i + "]"));
                }
                return new Cql2.In(scalar(args.getValue(0), path + ".args[0]"), List.copyOf(list), false);
            }
            case "isnull" -> {
                arity(args, 1, path, op);
                return new Cql2.IsNull(scalar(args.getValue(0), path + ".args[0]"), false);
            }
            case "s_intersects" -> {
                arity(args, 2, path, op);
                return new Cql2.Intersects(
                        geom(args.getValue(0), path + ".args[0]"), geom(args.getValue(1), path + ".args[1]"));
            }
            case "s_dwithin" -> {
                if (args.size() != 3 && args.size() != 4) {
                    throw Cql2.invalid(
                            "at " + path,
                            "s_dwithin takes a geometry, a geometry, a distance and optionally \"meters\"");
                }
                if (args.size() == 4
                        && !(args.getValue(3) instanceof String unit
                                && Set.of("m", "meters", "metres").contains(unit.toLowerCase(Locale.ROOT)))) {
                    throw Cql2.invalid("at " + path + ".args[3]", "the s_dwithin unit must be \"meters\"");
                }
                return new Cql2.DWithin(
                        geom(args.getValue(0), path + ".args[0]"),
                        geom(args.getValue(1), path + ".args[1]"),
                        Cql2.checkDistance(num(args.getValue(2), path + ".args[2]"), "at " + path + ".args[2]"));
            }
            default ->
                throw Cql2.invalid(
                        "at " + path,
                        UNSUPPORTED_OPS.contains(op)
                                ? "the operator " + rawOp + " is not supported"
                                : "the function or operator '" + rawOp + "' is not supported");
        }
    }

    private static void arity(JsonArray args, int n, String path, String op) {
        if (args.size() != n) {
            throw Cql2.invalid("at " + path, op + " takes " + n + " argument" + (n == 1 ? "" : "s"));
        }
    }

    private Scalar scalar(Object v, String path) {
        if (v instanceof String s) {
            return new Cql2.Str(s);
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw Cql2.invalid("at " + path, "the number is out of range");
            }
            return new Cql2.Num(d);
        }
        if (v instanceof Boolean b) {
            return new Cql2.Bool(b);
        }
        if (v instanceof JsonObject o) {
            if (o.size() == 1 && o.getValue("property") instanceof String name && !name.isEmpty()) {
                return new Cql2.Property(name);
            }
            if (o.size() == 1 && o.getValue("date") instanceof String d) {
                try {
                    return new Cql2.Date(LocalDate.parse(d));
                } catch (DateTimeParseException e) {
                    throw Cql2.invalid("at " + path, "date needs a date such as \"2026-11-01\"");
                }
            }
            if (o.size() == 1 && o.getValue("timestamp") instanceof String t) {
                try {
                    if (!t.endsWith("Z")) {
                        throw new DateTimeParseException("not UTC", t, 0);
                    }
                    return new Cql2.Timestamp(OffsetDateTime.parse(t).toInstant());
                } catch (DateTimeParseException e) {
                    throw Cql2.invalid(
                            "at " + path, "timestamp needs a UTC date-time such as \"2026-11-01T08:30:00Z\"");
                }
            }
            if (o.getValue("op") instanceof String op) {
                throw Cql2.invalid("at " + path, "the operator " + op + " is not supported as a value");
            }
        }
        throw Cql2.invalid("at " + path, "expected a property, a string, a number, a boolean, a date or a timestamp");
    }

    private Cql2.GeomOperand geom(Object v, String path) {
        if (!(v instanceof JsonObject o)) {
            throw Cql2.invalid("at " + path, "expected a geometry property, a GeoJSON Point or Polygon, or a bbox");
        }
        if (o.getValue("property") instanceof String name) {
            return new Cql2.Property(name);
        }
        if (o.getValue("bbox") instanceof JsonArray b) {
            if (b.size() != 4 && b.size() != 6) {
                throw Cql2.invalid("at " + path, "bbox needs 4 or 6 numbers");
            }
            int half = b.size() / 2;
            Cql2.Bbox box = new Cql2.Bbox(
                    num(b.getValue(0), path),
                    num(b.getValue(1), path),
                    num(b.getValue(half), path),
                    num(b.getValue(half + 1), path));
            Cql2.checkBbox(box, "at " + path);
            return box;
        }
        Object type = o.getValue("type");
        if ("Point".equals(type) && o.getValue("coordinates") instanceof JsonArray c) {
            double[] p = position(c, path + ".coordinates");
            return new Cql2.Point(p[0], p[1]);
        }
        if ("Polygon".equals(type) && o.getValue("coordinates") instanceof JsonArray rings && !rings.isEmpty()) {
            List<List<double[]>> out = new ArrayList<>();
            for (int r = 0; r < rings.size(); r++) {
                String rp = path + ".coordinates[" + r + "]";
                if (!(rings.getValue(r) instanceof JsonArray ring)) {
                    throw Cql2.invalid("at " + rp, "a ring must be an array of positions");
                }
                List<double[]> positions = new ArrayList<>();
                for (int i = 0; i < ring.size(); i++) {
                    if (!(ring.getValue(i) instanceof JsonArray pos)) {
                        throw Cql2.invalid("at " + rp + "[" + i + "]", "a position must be an array of numbers");
                    }
                    positions.add(position(pos, rp + "[" + i + "]"));
                }
                Cql2.checkRing(positions, "at " + rp);
                out.add(List.copyOf(positions));
            }
            return new Cql2.Polygon(List.copyOf(out));
        }
        if (type instanceof String t) {
            throw Cql2.invalid("at " + path, t + " geometries are not supported (Point, Polygon and bbox are)");
        }
        throw Cql2.invalid("at " + path, "expected a geometry property, a GeoJSON Point or Polygon, or a bbox");
    }

    private double[] position(JsonArray c, String path) {
        if (++vertices > Cql2.MAX_VERTICES) {
            throw Cql2.invalid(
                    "at " + path, "geometry literals may hold at most " + Cql2.MAX_VERTICES + " positions in all");
        }
        if (c.size() < 2 || c.size() > 3) {
            throw Cql2.invalid("at " + path, "a position needs 2 or 3 numbers");
        }
        double lon = num(c.getValue(0), path);
        double lat = num(c.getValue(1), path);
        Cql2.checkPosition(lon, lat, "at " + path);
        return new double[] {lon, lat};
    }

    private static double num(Object v, String path) {
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw Cql2.invalid("at " + path, "expected a number");
        }
        return n.doubleValue();
    }
}
