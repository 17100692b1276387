package org.yizhan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CSV parsing (RFC 4180)")
class CsvTest {

    @Test
    @DisplayName("splits on commas, keeps quoted commas, quotes and line breaks, and skips a BOM and blank lines")
    void rfc4180() {
        String text = "\uFEFFa,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,\"two\nlines\",\n";
        assertEquals(
                List.of(List.of("a", "b", "c"), List.of("1", "x, y", "say \"hi\""), List.of("2", "two\nlines", "")),
                Csv.parse(text));
    }

    @Test
    @DisplayName("a last line without a newline still counts")
    void lastLine() {
        assertEquals(List.of(List.of("a"), List.of("b")), Csv.parse("a\nb"));
    }

    @Test
    @DisplayName("an unterminated quote or a quote inside a bare field is an error naming the body")
    void malformed() {
        assertEquals(
                "body",
                assertThrows(ApiException.class, () -> Csv.parse("a\n\"open")).field());
        assertEquals(
                "body",
                assertThrows(ApiException.class, () -> Csv.parse("a\nab\"c\n")).field());
    }

    @Test
    @DisplayName("line quotes only what needs it, and parse reads back exactly what line wrote")
    void lineRoundTrips() {
        List<String> fields =
                java.util.Arrays.asList("plain", "a,b", "say \"hi\"", "two\nlines", " padded ", "", null, "驿站");
        String text = Csv.line(fields);
        assertEquals("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \",,,驿站\r\n", text);
        assertEquals(
                List.of(java.util.Arrays.asList("plain", "a,b", "say \"hi\"", "two\nlines", " padded ", "", "", "驿站")),
                Csv.parse(text));
    }
}
