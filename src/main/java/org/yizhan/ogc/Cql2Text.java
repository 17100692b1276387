package org.yizhan.ogc;

import java.time.Instant;
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
 * A recursive-descent parser for CQL2 Text (the {@code cql2-text} encoding, BNF in OGC 21-065 Annex B),
 * for the subset {@link Cql2} describes. Keywords are case-insensitive; errors are 400s naming
 * {@code filter} with the 1-based character position. Not thread-safe: one instance per filter.
 */
public final class Cql2Text {

    private enum Kind {
        IDENT,
        QUOTED,
        STRING,
        NUMBER,
        SYMBOL,
        END
    }

    private record Token(Kind kind, String text, int pos) {
        boolean is(String keyword) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
        }

        boolean sym(String s) {
            return kind == Kind.SYMBOL && text.equals(s);
        }
    }

    /** Words of CQL2 that this server does not evaluate: a clear "not supported" instead of a syntax error. */
    private static final Set<String> UNSUPPORTED_FUNCTIONS = Set.of(
            "S_EQUALS",
            "S_DISJOINT",
            "S_TOUCHES",
            "S_WITHIN",
            "S_OVERLAPS",
            "S_CROSSES",
            "S_CONTAINS",
            "T_AFTER",
            "T_BEFORE",
            "T_CONTAINS",
            "T_DISJOINT",
            "T_DURING",
            "T_EQUALS",
            "T_FINISHEDBY",
            "T_FINISHES",
            "T_INTERSECTS",
            "T_MEETS",
            "T_METBY",
            "T_OVERLAPPEDBY",
            "T_OVERLAPS",
            "T_STARTEDBY",
            "T_STARTS",
            "A_EQUALS",
            "A_CONTAINS",
            "A_CONTAINEDBY",
            "A_OVERLAPS",
            "CASEI",
            "ACCENTI",
            "INTERVAL");

    private static final Set<String> UNSUPPORTED_GEOMETRIES =
            Set.of("LINESTRING", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION");
    private static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL");

    private final String text;
    private final List<Token> tokens;
    private int at;
    private int depth;
    private int vertices;

    private Cql2Text(String text) {
        this.text = text;
        this.tokens = lex(text);
    }

    /** Parses a CQL2 Text filter. */
    public static Expr parse(String text) {
        if (text.length() > Cql2.MAX_LENGTH) {
            throw Cql2.invalid("text", "is longer than " + Cql2.MAX_LENGTH + " characters");
        }
        Cql2Text p = new Cql2Text(text);
        Expr e = p.orExpr();
        if (p.peek().kind != Kind.END) {
            throw p.error(p.peek(), "unexpected '" + p.peek().text + "'");
        }
        return e;
    }

    // ------------------------------------------------------------------------------------ grammar

    private Expr orExpr() {
        enter();
        List<Expr> args = new ArrayList<>();
        args.add(andExpr());
        while (peek().is("OR")) {
            next();
            args.add(andExpr());
        }
        depth--;
        return args.size() == 1 ? args.get(0) : new Cql2.Or(List.copyOf(args));
    }

    private Expr andExpr() {
        List<Expr> args = new ArrayList<>();
        args.add(factor());
        while (peek().is("AND")) {
            next();
            args.add(factor());
        }
        return args.size() == 1 ? args.get(0) : new Cql2.And(List.copyOf(args));
    }

    private Expr factor() {
        if (peek().is("NOT")) {
            next();
            enter();
            Expr e = new Cql2.Not(factor());
            depth--;
            return e;
        }
        return primary();
    }

    private Expr primary() {
        Token t = peek();
        if (t.sym("(")) {
            next();
            Expr e = orExpr();
            expect(")");
            return e;
        }
        if (t.is("S_INTERSECTS")) {
            next();
            Cql2.GeomOperand[] ab = geomPair();
            expect(")");
            return new Cql2.Intersects(ab[0], ab[1]);
        }
        if (t.is("S_DWITHIN")) {
            next();
            Cql2.GeomOperand[] ab = geomPair();
            expect(",");
            Token d = peek();
            double metres = Cql2.checkDistance(signedNumber(), at(d));
            if (peek().sym(",")) {
                next();
                Token unit = next();
                if (unit.kind != Kind.STRING
                        || !Set.of("m", "meters", "metres").contains(unit.text.toLowerCase(Locale.ROOT))) {
                    throw error(unit, "the S_DWITHIN unit must be 'meters'");
                }
            }
            expect(")");
            return new Cql2.DWithin(ab[0], ab[1], metres);
        }
        Scalar left = scalar();
        Token op = peek();
        boolean negated = false;
        if (op.is("NOT")) {
            next();
            negated = true;
            op = peek();
            if (!op.is("LIKE") && !op.is("BETWEEN") && !op.is("IN")) {
                throw error(op, "expected LIKE, BETWEEN or IN after NOT");
            }
        }
        if (op.kind == Kind.SYMBOL && Cql2.Op.of(op.text) != null) {
            next();
            return new Cql2.Compare(Cql2.Op.of(op.text), left, scalar());
        }
        if (op.is("LIKE")) {
            next();
            Token p = next();
            if (p.is("CASEI") || p.is("ACCENTI")) {
                throw error(p, p.text.toUpperCase(Locale.ROOT) + " is not supported");
            }
            if (p.kind != Kind.STRING) {
                throw error(p, "LIKE needs a quoted pattern such as 'abc%'");
            }
            return new Cql2.Like(left, p.text, negated);
        }
        if (op.is("BETWEEN")) {
            next();
            Scalar low = scalar();
            if (!peek().is("AND")) {
                throw error(peek(), "expected AND in BETWEEN");
            }
            next();
            return new Cql2.Between(left, low, scalar(), negated);
        }
        if (op.is("IN")) {
            next();
            expect("(");
            List<Scalar> list = new ArrayList<>();
            list.add(scalar());
            while (peek().sym(",")) {
                next();
                if (list.size() == Cql2.MAX_IN_VALUES) {
                    throw error(peek(), "an IN list may hold at most " + Cql2.MAX_IN_VALUES + " values");
                }
                list.add(scalar());
            }
            expect(")");
            return new Cql2.In(left, List.copyOf(list), negated);
        }
        if (op.is("IS")) {
            next();
            boolean not = false;
            if (peek().is("NOT")) {
                next();
                not = true;
            }
            if (!peek().is("NULL")) {
                throw error(peek(), "expected NULL after IS");
            }
            next();
            return new Cql2.IsNull(left, not);
        }
        if (left instanceof Cql2.Bool b) {
            return new Cql2.BoolConst(b.value());
        }
        if (op.kind == Kind.SYMBOL && "+-*/%^".contains(op.text)) {
            throw error(op, "arithmetic is not supported");
        }
        throw error(
                op,
                op.kind == Kind.END
                        ? "the filter ends too early: expected an operator"
                        : "expected a comparison operator, LIKE, BETWEEN, IN or IS NULL, not '" + op.text + "'");
    }

    private Scalar scalar() {
        Token t = next();
        switch (t.kind) {
            case STRING:
                return new Cql2.Str(t.text);
            case NUMBER:
                return new Cql2.Num(number(t, false));
            case QUOTED:
                return new Cql2.Property(t.text);
            case SYMBOL:
                if ((t.sym("-") || t.sym("+")) && peek().kind == Kind.NUMBER) {
                    return new Cql2.Num(number(next(), t.sym("-")));
                }
                if (t.sym("-") || t.sym("+")) {
                    throw error(t, "arithmetic is not supported");
                }
                if (t.sym("(")) {
                    throw error(t, "arithmetic and nested expressions are not supported as values");
                }
                throw error(t, "expected a property or a literal, not '" + t.text + "'");
            case END:
                throw error(t, "the filter ends too early: expected a property or a literal");
            default:
                break;
        }
        String word = t.text.toUpperCase(Locale.ROOT);
        if (word.equals("TRUE") || word.equals("FALSE")) {
            return new Cql2.Bool(word.equals("TRUE"));
        }
        if (word.equals("DATE") || word.equals("TIMESTAMP")) {
            expect("(");
            Token s = next();
            if (s.kind != Kind.STRING) {
                throw error(s, word + " needs a quoted value");
            }
            expect(")");
            return word.equals("DATE") ? date(s) : timestamp(s);
        }
        if (peek().sym("(")) {
            throw error(
                    t, (UNSUPPORTED_FUNCTIONS.contains(word) ? word : "the function " + t.text) + " is not supported");
        }
        if (RESERVED.contains(word)) {
            throw error(t, "expected a property or a literal, not the keyword " + word);
        }
        return new Cql2.Property(t.text);
    }

    /** {@code ( geom , geom} of a spatial function. */
    private Cql2.GeomOperand[] geomPair() {
        expect("(");
        Cql2.GeomOperand a = geomOperand();
        expect(",");
        return new Cql2.GeomOperand[] {a, geomOperand()};
    }

    private Cql2.GeomOperand geomOperand() {
        Token t = peek();
        if (t.kind == Kind.QUOTED) {
            next();
            return new Cql2.Property(t.text);
        }
        if (t.kind != Kind.IDENT) {
            throw error(t, "expected a geometry property or a POINT, POLYGON or BBOX literal");
        }
        next();
        String word = t.text.toUpperCase(Locale.ROOT);
        switch (word) {
            case "POINT": {
                optionalZ();
                expect("(");
                double[] p = position(true);
                expect(")");
                return new Cql2.Point(p[0], p[1]);
            }
            case "POLYGON": {
                optionalZ();
                expect("(");
                List<List<double[]>> rings = new ArrayList<>();
                do {
                    Token ringStart = peek();
                    expect("(");
                    List<double[]> ring = new ArrayList<>();
                    ring.add(position(true));
                    while (peek().sym(",")) {
                        next();
                        ring.add(position(true));
                    }
                    expect(")");
                    Cql2.checkRing(ring, at(ringStart));
                    rings.add(List.copyOf(ring));
                } while (peek().sym(",") && next() != null);
                expect(")");
                return new Cql2.Polygon(List.copyOf(rings));
            }
            case "BBOX": {
                expect("(");
                List<Double> n = new ArrayList<>();
                n.add(signedNumber());
                while (peek().sym(",") && n.size() < 6) {
                    next();
                    n.add(signedNumber());
                }
                expect(")");
                if (n.size() != 4 && n.size() != 6) {
                    throw error(t, "BBOX needs 4 or 6 numbers");
                }
                int half = n.size() / 2;
                Cql2.Bbox b = new Cql2.Bbox(n.get(0), n.get(1), n.get(half), n.get(half + 1));
                Cql2.checkBbox(b, at(t));
                return b;
            }
            default:
                if (UNSUPPORTED_GEOMETRIES.contains(word)) {
                    throw error(t, word + " literals are not supported (POINT, POLYGON and BBOX are)");
                }
                if (peek().sym("(")) {
                    throw error(t, "the function " + t.text + " is not supported");
                }
                return new Cql2.Property(t.text);
        }
    }

    private void optionalZ() {
        if (peek().is("Z")) {
            next();
        }
    }

    /** x y [z] as {lon, lat}, counted against the vertex budget. */
    private double[] position(boolean mayHaveZ) {
        Token start = peek();
        if (++vertices > Cql2.MAX_VERTICES) {
            throw error(start, "geometry literals may hold at most " + Cql2.MAX_VERTICES + " positions in all");
        }
        double lon = signedNumber();
        double lat = signedNumber();
        if (mayHaveZ && (peek().kind == Kind.NUMBER || peek().sym("-") || peek().sym("+"))) {
            signedNumber();
        }
        Cql2.checkPosition(lon, lat, at(start));
        return new double[] {lon, lat};
    }

    private double signedNumber() {
        Token t = next();
        boolean negative = false;
        if (t.sym("-") || t.sym("+")) {
            negative = t.sym("-");
            t = next();
        }
        if (t.kind != Kind.NUMBER) {
            throw error(t, "expected a number");
        }
        return number(t, negative);
    }

    private double number(Token t, boolean negative) {
        double v;
        try {
            v = Double.parseDouble(t.text);
        } catch (NumberFormatException e) {
            throw error(t, "'" + t.text + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw error(t, "the number is out of range");
        }
        return negative ? -v : v;
    }

    private Cql2.Date date(Token s) {
        try {
            return new Cql2.Date(LocalDate.parse(s.text));
        } catch (DateTimeParseException e) {
            throw error(s, "DATE needs a date such as '2026-11-01'");
        }
    }

    private Cql2.Timestamp timestamp(Token s) {
        try {
            if (!s.text.endsWith("Z")) {
                throw new DateTimeParseException("not UTC", s.text, 0);
            }
            Instant i = OffsetDateTime.parse(s.text).toInstant();
            return new Cql2.Timestamp(i);
        } catch (DateTimeParseException e) {
            throw error(s, "TIMESTAMP needs a UTC date-time such as '2026-11-01T08:30:00Z'");
        }
    }

    // ------------------------------------------------------------------------------------ tokens

    private void enter() {
        if (++depth > Cql2.MAX_DEPTH) {
            throw error(peek(), "is nested more than " + Cql2.MAX_DEPTH + " levels deep");
        }
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind != Kind.END) {
            at++;
        }
        return t;
    }

    private void expect(String symbol) {
        Token t = next();
        if (!t.sym(symbol)) {
            throw error(
                    t,
                    "expected '" + symbol + "'"
                            + (t.kind == Kind.END ? " but the filter ends" : ", not '" + t.text + "'"));
        }
    }

    private String at(Token t) {
        return "at character " + (t.pos + 1);
    }

    private org.yizhan.http.ApiException error(Token t, String message) {
        return Cql2.invalid(at(t), message);
    }

    private static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder sb = new StringBuilder();
                int start = i++;
                boolean closed = false;
                while (i < n) {
                    char d = s.charAt(i);
                    if (d == '\'' && i + 1 < n && s.charAt(i + 1) == '\'') {
                        sb.append('\'');
                        i += 2;
                    } else if (d == '\\' && i + 1 < n && s.charAt(i + 1) == '\'') {
                        sb.append('\'');
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        sb.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw Cql2.invalid("at character " + (start + 1), "the quoted string is not closed");
                }
                out.add(new Token(Kind.STRING, sb.toString(), start));
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) {
                    throw Cql2.invalid("at character " + (i + 1), "the quoted property name is not closed");
                }
                String name = s.substring(i + 1, end);
                if (name.isEmpty()) {
                    throw Cql2.invalid("at character " + (i + 1), "empty property name");
                }
                out.add(new Token(Kind.QUOTED, name, i));
                i = end + 1;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                int start = i;
                while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    int j = i + 1;
                    if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                        j++;
                    }
                    if (j < n && Character.isDigit(s.charAt(j))) {
                        i = j;
                        while (i < n && Character.isDigit(s.charAt(i))) {
                            i++;
                        }
                    }
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
            } else if (identStart(c)) {
                int start = i;
                while (i < n && (identStart(s.charAt(i)) || Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, s.substring(start, i), start));
            } else if ((c == '<' || c == '>')
                    && i + 1 < n
                    && (s.charAt(i + 1) == '=' || c == '<' && s.charAt(i + 1) == '>')) {
                out.add(new Token(Kind.SYMBOL, s.substring(i, i + 2), i));
                i += 2;
            } else if ("=<>(),+-*/%^".indexOf(c) >= 0) {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
                i++;
            } else {
                throw Cql2.invalid("at character " + (i + 1), "unexpected character '" + c + "'");
            }
        }
        out.add(new Token(Kind.END, "", n));
        return out;
    }

    private static boolean identStart(char c) {
        return c == ':' || c == '_' || Character.isLetter(c);
    }
}
