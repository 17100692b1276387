package org.yizhan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The console check every browser test relies on (each open() and close() looks) is itself able to fail. */
@DisplayName(
        "Browser tests see the page's console: an uncaught error or console.error fails the test, a refused request does not")
class BrowserConsoleTest {
    static Browser b;

    @BeforeAll
    static void start() {
        b = new Browser();
    }

    @AfterAll
    static void quit() {
        if (b != null) {
            b.close();
        }
    }

    @Test
    @DisplayName(
            "the map page loads with an empty console; an uncaught exception and a console.error are caught, a 404 is not")
    void consoleErrorsAreSeen() throws Exception {
        b.open("/");
        assertEquals(List.of(), b.consoleErrors(), "the page's own load logs no error");
        b.js("fetch('/api/v1/stations/999999999'); console.error('logged on purpose'); "
                + "setTimeout(() => { throw new Error('thrown on purpose'); }, 0)");
        Thread.sleep(500);
        List<String> errors = b.consoleErrors();
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("logged on purpose")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("thrown on purpose")), errors.toString());
        b.js("console.error('left for the next open')");
        AssertionError next = assertThrows(AssertionError.class, () -> b.open("/"));
        assertTrue(next.getMessage().contains("left for the next open"), next.getMessage());
        b.open("/");
    }
}
