package org.yizhan.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yizhan.http.ApiException;

/**
 * The standard's own example filters (test resources {@code cql2/text} and {@code cql2/json}, copied from
 * OGC 21-065): every example inside the supported subset parses, and its text and JSON encodings give the
 * same tree; every other example is refused with a 400 on {@code filter} that says what is not supported.
 */
@DisplayName("CQL2 parser on the standard's example filters")
class Cql2ExamplesTest {

    /** The examples inside the subset this server evaluates (see {@link Cql2}). */
    private static final Set<String> SUPPORTED = Set.of(
            "clause6_02a",
            "clause6_02d",
            "clause6_03",
            "clause7_01",
            "clause7_02",
            "clause7_03a",
            "clause7_03b",
            "clause7_07",
            "example01",
            "example02",
            "example03",
            "example04",
            "example05a",
            "example05b",
            "example06a",
            "example06b",
            "example07",
            "example08",
            "example09",
            "example10",
            "example11",
            "example12",
            "example13",
            "example14",
            "example15",
            "example16",
            "example17",
            "example18",
            "example19",
            "example24",
            "example29",
            "example30",
            "example31",
            "example32",
            "example33",
            "example34",
            "example35",
            "example36",
            "example36-alt01",
            "example37",
            "example38",
            "example38-alt01",
            "example39",
            "example40",
            "example40-alt01",
            "example41",
            "example42",
            "example42-alt01",
            "example43",
            "example43-alt01",
            "example44",
            "example44-alt01",
            "example45");

    static Stream<String> examples() {
        List<String> names = new ArrayList<>();
        for (String line : read("cql2/text/index.txt").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.trim());
            }
        }
        return names.stream();
    }

    @Test
    @DisplayName(
            "all 120 text examples of the standard are in the test resources, and 53 of them are in the supported subset")
    void allExamplesPresent() {
        assertEquals(120, examples().count());
        assertTrue(examples().toList().containsAll(SUPPORTED), "every supported name is an example");
        assertEquals(53, SUPPORTED.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    @DisplayName("a supported example parses and equals its JSON form; any other is a 400 naming what is not supported")
    void example(String name) {
        String text = read("cql2/text/" + name + ".txt");
        String json = read("cql2/json/" + name.replace("-alt01", "") + ".json");
        if (SUPPORTED.contains(name)) {
            Cql2.Expr fromText = Cql2Text.parse(text);
            Cql2.Expr fromJson = Cql2Json.parse(json);
            assertEquals(normalised(fromJson), normalised(fromText), name + ": text and JSON encodings agree");
        } else {
            ApiException t = assertThrows(ApiException.class, () -> Cql2Text.parse(text), name + " (text)");
            assertEquals("filter", t.field());
            assertTrue(
                    t.getMessage().contains("not supported") && t.getMessage().contains("at character"),
                    name + ": " + t.getMessage());
            ApiException j = assertThrows(ApiException.class, () -> Cql2Json.parse(json), name + " (JSON)");
            assertEquals("filter", j.field());
            assertTrue(
                    j.getMessage().contains("not supported") && j.getMessage().contains("at $"),
                    name + ": " + j.getMessage());
        }
    }

    @Test
    @DisplayName("the trees of a few examples are exactly what the standard means")
    void exactTrees() {
        assertEquals(
                new Cql2.Compare(Cql2.Op.EQ, new Cql2.Property("city"), new Cql2.Str("Toronto")),
                Cql2Text.parse(read("cql2/text/clause6_02a.txt")));
        assertEquals(
                new Cql2.Compare(Cql2.Op.GE, new Cql2.Property("updated"), new Cql2.Date(LocalDate.of(1970, 1, 1))),
                Cql2Text.parse(read("cql2/text/clause6_02d.txt")));
        assertEquals(
                new Cql2.In(
                        new Cql2.Property("category"),
                        List.of(new Cql2.Num(1), new Cql2.Num(2), new Cql2.Num(3), new Cql2.Num(4)),
                        true),
                Cql2Text.parse(read("cql2/text/clause7_03b.txt")));
        assertEquals(
                new Cql2.Or(List.of(
                        new Cql2.Not(new Cql2.Compare(Cql2.Op.LT, new Cql2.Property("floors"), new Cql2.Num(5))),
                        new Cql2.Compare(Cql2.Op.EQ, new Cql2.Property("swimming_pool"), new Cql2.Bool(true)))),
                Cql2Text.parse(read("cql2/text/example18.txt")));
        assertEquals(
                new Cql2.Intersects(new Cql2.Property("geometry"), new Cql2.Bbox(-128.098193, -1.1, 180.0, 90.0)),
                Cql2Text.parse(read("cql2/text/example45.txt")));
        assertEquals(
                new Cql2.Intersects(new Cql2.Property("geometry"), new Cql2.Point(36.319836, 32.288087)),
                Cql2Json.parse(read("cql2/json/clause7_07.json")));
    }

    /**
     * The text grammar has NOT LIKE / NOT BETWEEN / NOT IN / IS NOT NULL; the JSON encoding writes them as
     * {@code not} around the positive predicate. Both mean the same, so compare them in the JSON form.
     */
    private static Cql2.Expr normalised(Cql2.Expr e) {
        if (e instanceof Cql2.And a) {
            return new Cql2.And(
                    a.args().stream().map(Cql2ExamplesTest::normalised).toList());
        } else if (e instanceof Cql2.Or o) {
            return new Cql2.Or(
                    o.args().stream().map(Cql2ExamplesTest::normalised).toList());
        } else if (e instanceof Cql2.Not n) {
            return new Cql2.Not(normalised(n.arg()));
        } else if (e instanceof Cql2.Like l && l.negated()) {
            return new Cql2.Not(new Cql2.Like(l.value(), l.pattern(), false));
        } else if (e instanceof Cql2.Between b && b.negated()) {
            return new Cql2.Not(new Cql2.Between(b.value(), b.low(), b.high(), false));
        } else if (e instanceof Cql2.In in && in.negated()) {
            return new Cql2.Not(new Cql2.In(in.value(), in.list(), false));
        } else if (e instanceof Cql2.IsNull n && n.negated()) {
            return new Cql2.Not(new Cql2.IsNull(n.value(), false));
        }
        return e;
    }

    static String read(String resource) {
        try (InputStream in = Cql2ExamplesTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
