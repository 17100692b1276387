package org.yizhan.hours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OpeningHoursTest {

    // A fixed week: Monday 2026-11-23 to Sunday 2026-11-29.
    private static final LocalDate MON = LocalDate.of(2026, 11, 23);
    private static final LocalDate TUE = MON.plusDays(1);
    private static final LocalDate WED = MON.plusDays(2);
    private static final LocalDate THU = MON.plusDays(3);
    private static final LocalDate FRI = MON.plusDays(4);
    private static final LocalDate SAT = MON.plusDays(5);
    private static final LocalDate SUN = MON.plusDays(6);
    private static final List<LocalDate> WEEK = List.of(MON, TUE, WED, THU, FRI, SAT, SUN);

    @BeforeAll
    static void calendarIsWhatTheTestsAssume() {
        assertEquals(DayOfWeek.MONDAY, MON.getDayOfWeek());
        assertEquals(DayOfWeek.SUNDAY, SUN.getDayOfWeek());
    }

    @Test
    @DisplayName("24/7 is open at every hour of every day, midnight included")
    void twentyFourSeven() {
        OpeningHours hours = OpeningHours.parse("24/7");
        for (LocalDate day : WEEK) {
            for (int hour = 0; hour < 24; hour++) {
                assertTrue(hours.isOpenAt(day.atTime(hour, 0)), day + " " + hour);
            }
            assertTrue(hours.isOpenAt(day.atTime(23, 59, 59)));
        }
    }

    @Test
    @DisplayName("Weekday and weekend rules each apply only on their own days")
    void weekdayAndWeekend() {
        String hours = "Mo-Fr 08:00-18:00; Sa,Su 10:00-16:00";
        checkOpen(hours, MON, "09:00");
        checkOpen(hours, FRI, "17:30");
        checkClosed(hours, MON, "19:00");
        checkClosed(hours, SAT, "09:00");
        checkOpen(hours, SAT, "11:00");
        checkOpen(hours, SUN, "15:59");
        checkClosed(hours, SUN, "16:00");
    }

    @Test
    @DisplayName("A span opens at its start second and closes at its end second")
    void spanBoundaries() {
        String hours = "Mo-Fr 09:00-17:00";
        checkClosed(hours, MON, "08:59:59");
        checkOpen(hours, MON, "09:00:00");
        checkOpen(hours, MON, "16:59:59");
        checkClosed(hours, MON, "17:00:00");
    }

    @Test
    @DisplayName("A lunch break between two spans is closed")
    void lunchBreak() {
        String hours = "Mo-Fr 08:00-12:00,13:00-18:00";
        checkOpen(hours, TUE, "11:59");
        checkClosed(hours, TUE, "12:00");
        checkClosed(hours, TUE, "12:30");
        checkOpen(hours, TUE, "13:00");
        checkClosed(hours, SAT, "09:00");
    }

    @Test
    @DisplayName("An overnight span is still open the next morning and closed once it ends")
    void overnightSeenFromNextMorning() {
        String hours = "Mo 18:00-02:00";
        checkOpen(hours, MON, "23:00");
        checkOpen(hours, TUE, "01:00");
        checkOpen(hours, TUE, "01:59:59");
        checkClosed(hours, TUE, "02:00");
        checkClosed(hours, TUE, "18:30");
        // Sunday has no span, so nothing spills into Monday morning.
        checkClosed(hours, MON, "01:00");
    }

    @Test
    @DisplayName("18:00-26:00 and 18:00-02:00 mean the same at every half hour of the week")
    void extendedTimeEqualsWrappedTime() {
        OpeningHours extended = OpeningHours.parse("Mo,Fr 18:00-26:00");
        OpeningHours wrapped = OpeningHours.parse("Mo,Fr 18:00-02:00");
        int open = 0;
        for (LocalDate day : WEEK) {
            for (int minute = 0; minute < 24 * 60; minute += 30) {
                LocalDateTime t = day.atStartOfDay().plusMinutes(minute);
                assertEquals(wrapped.isOpenAt(t), extended.isOpenAt(t), t.toString());
                open += extended.isOpenAt(t) ? 1 : 0;
            }
        }
        assertEquals(2 * 16, open, "two nights of 8 hours, 16 half-hours each");
    }

    @Test
    @DisplayName("An end of 24:00 closes at midnight and does not spill into the next day")
    void endAtMidnight() {
        String hours = "Mo-Fr 10:00-24:00";
        checkOpen(hours, MON, "23:59:59");
        checkClosed(hours, TUE, "00:00");
        checkClosed(hours, SAT, "00:30");
    }

    @Test
    @DisplayName("A weekday range may wrap past Sunday")
    void wrapAroundWeekdays() {
        String hours = "Fr-Mo 10:00-12:00";
        for (LocalDate day : List.of(FRI, SAT, SUN, MON)) {
            checkOpen(hours, day, "11:00");
        }
        for (LocalDate day : List.of(TUE, WED, THU)) {
            checkClosed(hours, day, "11:00");
        }
    }

    @Test
    @DisplayName("A rule without days applies to every day")
    void ruleWithoutDays() {
        for (LocalDate day : WEEK) {
            checkOpen("10:00-12:00", day, "11:00");
            checkClosed("10:00-12:00", day, "13:00");
        }
    }

    @Test
    @DisplayName("Mo-Fr 09:00-17:00; We off closes Wednesday only")
    void wednesdayOff() {
        String hours = "Mo-Fr 09:00-17:00; We off";
        checkClosed(hours, WED, "10:00");
        checkOpen(hours, TUE, "10:00");
        checkOpen(hours, THU, "10:00");
    }

    @Test
    @DisplayName("A later ; rule replaces the earlier one on the days it names")
    void semicolonOverrides() {
        String hours = "Mo-Su 08:00-20:00; Su 10:00-16:00";
        checkClosed(hours, SUN, "09:00");
        checkOpen(hours, SUN, "11:00");
        checkClosed(hours, SUN, "17:00");
        checkOpen(hours, SAT, "09:00");
        checkOpen(hours, SAT, "19:00");
    }

    @Test
    @DisplayName("A , rule adds to the earlier one instead of replacing it")
    void commaAdds() {
        String additive = "Mo-Fr 08:00-12:00, We 14:00-16:00";
        checkOpen(additive, WED, "10:00");
        checkOpen(additive, WED, "15:00");
        checkClosed(additive, WED, "13:00");
        // The same rules joined by ";" lose Wednesday morning.
        checkClosed("Mo-Fr 08:00-12:00; We 14:00-16:00", WED, "10:00");
    }

    @Test
    @DisplayName("An off rule with times closes only those times")
    void offWithTimesIsABreak() {
        String hours = "Mo-Fr 09:00-17:00; We 12:00-13:00 off";
        checkOpen(hours, WED, "11:00");
        checkClosed(hours, WED, "12:30");
        checkOpen(hours, WED, "14:00");
        checkOpen(hours, TUE, "12:30");
    }

    @Test
    @DisplayName("unknown, and a comment without a modifier, count as closed; open with a comment is open")
    void unknownIsClosed() {
        checkClosed("Mo-Fr 09:00-17:00 unknown", MON, "10:00");
        checkClosed("Mo-Fr 09:00-17:00; We unknown", WED, "10:00");
        checkOpen("Mo-Fr 09:00-17:00; We unknown", TUE, "10:00");
        checkClosed("Mo-Fr 09:00-17:00 \"call ahead\"", MON, "10:00");
        checkOpen("Mo-Fr 09:00-17:00 open \"call ahead\"", MON, "10:00");
    }

    @Test
    @DisplayName("off, closed and open on their own cover every day")
    void bareModifiers() {
        checkClosed("off", MON, "10:00");
        checkClosed("Mo-Su 08:00-18:00; Sa closed", SAT, "10:00");
        checkOpen("Mo-Su 08:00-18:00; Sa closed", FRI, "10:00");
        checkOpen("open", SUN, "03:00");
    }

    @Test
    @DisplayName("Month ranges switch schedules by season")
    void monthRanges() {
        String hours = "Jan-Mar 08:00-12:00; Apr-Dec 09:00-17:00";
        LocalDate february = LocalDate.of(2026, 2, 10);
        checkOpen(hours, february, "08:30");
        checkClosed(hours, february, "13:00");
        checkOpen(hours, MON, "13:00");
        checkClosed(hours, MON, "08:30");
        // Nov-Feb wraps over the new year.
        checkOpen("Nov-Feb 10:00-12:00", LocalDate.of(2027, 1, 15), "11:00");
        checkClosed("Nov-Feb 10:00-12:00", LocalDate.of(2026, 3, 15), "11:00");
    }

    @Test
    @DisplayName("Dates and date ranges can close single days, also across the new year")
    void dateOff() {
        checkClosed("Mo-Su 08:00-20:00; Dec 24 off", LocalDate.of(2026, 12, 24), "10:00");
        checkOpen("Mo-Su 08:00-20:00; Dec 24 off", LocalDate.of(2026, 12, 23), "10:00");
        checkClosed("Mo-Su 08:00-20:00; Dec 24-26 off", LocalDate.of(2026, 12, 26), "10:00");
        checkOpen("Mo-Su 08:00-20:00; Dec 24-26 off", LocalDate.of(2026, 12, 27), "10:00");
        String holidays = "Mo-Su 08:00-20:00; Dec 20-Jan 05 off";
        checkOpen(holidays, LocalDate.of(2026, 12, 19), "10:00");
        checkClosed(holidays, LocalDate.of(2026, 12, 31), "10:00");
        checkClosed(holidays, LocalDate.of(2027, 1, 5), "10:00");
        checkOpen(holidays, LocalDate.of(2027, 1, 6), "10:00");
    }

    @Test
    @DisplayName("nth weekday of the month selects only that occurrence")
    void nthWeekday() {
        // November 2026 starts on a Sunday: Thursdays are the 5th, 12th, 19th, 26th.
        checkOpen("Th[1] 10:00-12:00", LocalDate.of(2026, 11, 5), "11:00");
        checkClosed("Th[1] 10:00-12:00", LocalDate.of(2026, 11, 12), "11:00");
        checkOpen("Th[2-3] 10:00-12:00", LocalDate.of(2026, 11, 19), "11:00");
        checkOpen("Su[-1] 10:00-12:00", SUN, "11:00");
        checkClosed("Su[-1] 10:00-12:00", SUN.minusDays(7), "11:00");
    }

    @Test
    @DisplayName("PH off does not close normal days, because we have no holiday calendar")
    void publicHolidayOff() {
        checkOpen("Mo-Fr 08:00-18:00; PH off", MON, "10:00");
        // A union with a weekday still selects that weekday.
        checkClosed("Mo-Su 08:00-18:00; PH,Su off", SUN, "10:00");
        checkOpen("Mo-Su 08:00-18:00; PH,Su off", SAT, "10:00");
        // An intersection with a holiday selects nothing.
        checkClosed("SH Mo 10:00-12:00", MON, "11:00");
        checkOpen("Mo-Fr 08:00-18:00; PH Mo off", MON, "10:00");
    }

    @Test
    @DisplayName("A || fallback is used only where the rules before it say nothing")
    void fallback() {
        String hours = "Mo-Fr 08:00-12:00; We off || 00:00-24:00";
        checkOpen(hours, MON, "10:00");
        checkOpen(hours, MON, "13:00"); // primary silent: fallback
        checkClosed(hours, WED, "10:00"); // "We off" speaks for all of Wednesday
        checkOpen("Mo-Fr 08:00-12:00 || Sa 10:00-12:00", SAT, "11:00");
        checkClosed("Mo-Fr 08:00-12:00 || \"by appointment\"", MON, "13:00");
    }

    @Test
    @DisplayName("A ; rule for the next day removes the night's tail, as opening_hours.js does")
    void tailIsReplacedByNextDaysRule() {
        // Vector from opening_hours.js test.js, "Time ranges spanning midnight with date overwriting".
        String hours = "22:00-02:00; Tu 12:00-14:00";
        checkOpen(hours, MON, "23:00");
        checkClosed(hours, TUE, "01:00");
        checkOpen(hours, TUE, "13:00");
        checkClosed(hours, TUE, "23:00");
        checkOpen(hours, WED, "01:00");
        // Joined by "," the tail survives.
        checkOpen("Mo 18:00-02:00, Tu 10:00-12:00", TUE, "01:00");
    }

    @Test
    @DisplayName("The real-world overnight example from opening_hours.js evaluates as published")
    void realWorldOvernight() {
        // opening_hours.js test.js, "complex real world example": Mo 00:00-01:00, then each day's
        // 11:00 until 01:00 (Su-Tu), 03:00 (We-Th), 06:00 (Fr) or 07:00 (Sa) the next morning.
        String hours = "Su-Tu 11:00-01:00, We-Th 11:00-03:00, Fr 11:00-06:00, Sa 11:00-07:00";
        checkOpen(hours, MON, "00:30");
        checkClosed(hours, MON, "01:30");
        checkClosed(hours, MON, "10:59");
        checkClosed(hours, WED, "02:00");
        checkOpen(hours, THU, "02:00");
        checkOpen(hours, SAT, "05:00");
        checkClosed(hours, SAT, "06:00");
        checkOpen(hours, SUN, "06:30");
        checkClosed(hours, SUN, "07:00");
    }

    @Test
    @DisplayName("Equal start and end means 24 hours from the start")
    void equalStartAndEnd() {
        // opening_hours.js: "We 22:00-22:00" is open from Wednesday 22:00 to Thursday 22:00.
        String hours = "We 22:00-22:00";
        checkClosed(hours, WED, "21:59");
        checkOpen(hours, WED, "22:00");
        checkOpen(hours, THU, "21:59");
        checkClosed(hours, THU, "22:00");
    }

    @Test
    @DisplayName("Weekday and month names are case-insensitive")
    void caseInsensitive() {
        checkOpen("mo-fr 09:00-17:00", MON, "10:00");
        checkClosed("mo-fr 09:00-17:00; DEC 24 OFF", LocalDate.of(2026, 12, 24), "10:00");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "lol",
                "25:00-26:00",
                "Mo-Fr 9",
                "Mon-Fri 09:00-17:00",
                "Mo-Fr 9am-5pm",
                "Jan 1 off",
                "Feb 30 off",
                "Mo 10:00-12:00 \"unterminated",
                "Mo-Fr 09:00-17:00 Sa",
                "24:00-26:00",
                "Th[] 10:00-12:00",
                "Th[3-1] 10:00-12:00",
                "\u0000"
            })
    @DisplayName("Invalid syntax is rejected with a one-line message")
    void invalidSyntax(String text) {
        InvalidOpeningHoursException e =
                assertThrows(InvalidOpeningHoursException.class, () -> OpeningHours.parse(text));
        assertTrue(e.getMessage().startsWith("opening_hours is not valid OSM syntax: "), e.getMessage());
        checkOneLine(e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", ";", " ; ; "})
    @DisplayName("An empty value is rejected")
    void emptyValue(String text) {
        InvalidOpeningHoursException e =
                assertThrows(InvalidOpeningHoursException.class, () -> OpeningHours.parse(text));
        assertEquals("opening_hours is empty", e.getMessage());
    }

    @Test
    @DisplayName("A value longer than 1,000 characters is rejected before parsing")
    void tooLong() {
        String text = "Mo 10:00-11:00, ".repeat(100);
        InvalidOpeningHoursException e =
                assertThrows(InvalidOpeningHoursException.class, () -> OpeningHours.parse(text));
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "week 01-10 Mo 10:00-12:00         | week numbers",
                "2026 Mo 10:00-12:00               | years",
                "2026 Dec 24 off                   | years",
                "sunrise-sunset                    | sunrise",
                "Mo-Fr 10:00-(sunset-01:00)        | sunrise",
                "Mo-Fr 18:00+                      | open-ended",
                "Mo 10:00                          | without an end",
                "Mo-Fr 10:00-16:00/01:30           | intervals",
                "easter off                        | easter",
                "Dec Su[-1] off                    | nth weekday in a date",
                "Sa[1] +1 day 10:00-12:00          | offsets",
                "Dec 25 +1 day off                 | offsets",
                "Dec 24+ off                       | open-ended",
                "'\"events\": Mo 10:00-12:00'      | comment",
            })
    @DisplayName("Unsupported features are rejected with a message naming the feature")
    void unsupportedFeatures(String text, String feature) {
        InvalidOpeningHoursException e =
                assertThrows(InvalidOpeningHoursException.class, () -> OpeningHours.parse(text));
        assertTrue(e.getMessage().startsWith("opening_hours uses a feature Yizhan cannot evaluate: "), e.getMessage());
        assertTrue(e.getMessage().contains(feature), e.getMessage());
        checkOneLine(e.getMessage());
    }

    @Test
    @DisplayName("cached returns one shared instance per string and parse always a fresh one")
    void cacheSharesInstances() {
        String text = "Mo-Sa 07:30-21:30";
        OpeningHours first = OpeningHours.cached(text);
        assertSame(first, OpeningHours.cached(text));
        assertNotSame(first, OpeningHours.parse(text));
        assertEquals(text, first.text());
        assertTrue(first.isOpenAt(SAT.atTime(8, 0)));
    }

    @Test
    @DisplayName("cached rejects invalid values and does not store them")
    void cacheRejectsInvalid() {
        int before = OpeningHours.cacheSize();
        assertThrows(InvalidOpeningHoursException.class, () -> OpeningHours.cached("lol"));
        assertThrows(InvalidOpeningHoursException.class, () -> OpeningHours.cached(null));
        assertEquals(before, OpeningHours.cacheSize());
    }

    @Test
    @DisplayName("The cache never grows past its bound")
    void cacheIsBounded() {
        int distinct = OpeningHours.MAX_CACHE_ENTRIES + 500;
        for (int i = 0; i < distinct; i++) {
            int start = i % 1400;
            int end = start + 1 + i / 1400;
            String text = String.format("%02d:%02d-%02d:%02d", start / 60, start % 60, end / 60, end % 60);
            OpeningHours hours = OpeningHours.cached(text);
            assertTrue(OpeningHours.cacheSize() <= OpeningHours.MAX_CACHE_ENTRIES);
            assertTrue(hours.isOpenAt(MON.atStartOfDay().plusMinutes(start)), text);
        }
    }

    @Test
    @DisplayName("Concurrent callers of cached and isOpenAt all see the same answers")
    void threadSafe() throws Exception {
        String[] texts = {"Mo-Fr 08:00-12:00,13:00-18:00", "Mo 18:00-02:00", "24/7", "Mo-Su 08:00-20:00; Su 10:00-16:00"
        };
        LocalDateTime[] times = {MON.atTime(12, 30), TUE.atTime(1, 0), SUN.atTime(9, 0), WED.atTime(9, 0)};
        boolean[][] expected = new boolean[texts.length][times.length];
        for (int i = 0; i < texts.length; i++) {
            for (int j = 0; j < times.length; j++) {
                expected[i][j] = OpeningHours.parse(texts[i]).isOpenAt(times[j]);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 64; task++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 200; round++) {
                        for (int i = 0; i < texts.length; i++) {
                            for (int j = 0; j < times.length; j++) {
                                if (OpeningHours.cached(texts[i]).isOpenAt(times[j]) != expected[i][j]) {
                                    return false;
                                }
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // The fixture is not trivially uniform: some answers are open, some closed.
        assertTrue(expected[2][0] && !expected[0][0] && expected[1][1] && !expected[3][2]);
    }

    @Test
    @DisplayName("nextOpening names the next opening minute: after the weekend, after a lunch break, after a holiday")
    void nextOpeningExamples() {
        assertEquals(
                MON.plusDays(7).atTime(9, 0),
                OpeningHours.parse("Mo-Fr 09:00-18:00").nextOpening(FRI.atTime(19, 0), 7));
        assertEquals(
                TUE.atTime(17, 0),
                OpeningHours.parse("Mo-Su 10:00-14:00,17:00-21:00").nextOpening(TUE.atTime(15, 0), 7));
        assertEquals(WED.atTime(18, 0), OpeningHours.parse("Mo-Su 18:00-02:00").nextOpening(WED.atTime(3, 0), 7));
        LocalDate christmasEve = LocalDate.of(2026, 12, 24);
        assertEquals(
                christmasEve.plusDays(2).atTime(8, 0),
                OpeningHours.parse("Mo-Su 08:00-20:00; Dec 25 off").nextOpening(christmasEve.atTime(21, 0), 7));
        assertEquals(null, OpeningHours.parse("off").nextOpening(MON.atTime(12, 0), 7));
        assertEquals(
                null, OpeningHours.parse("Mo 09:00-10:00").nextOpening(MON.atTime(10, 0), 6), "beyond the horizon");
    }

    @Test
    @DisplayName("nextOpening agrees with a minute-by-minute walk of isOpenAt over a week")
    void nextOpeningAgreesWithBruteForce() {
        List<String> cases = List.of(
                "Mo-Fr 09:00-18:00",
                "Mo-Su 10:00-14:00,17:00-21:00",
                "Fr-Sa 18:00-03:00",
                "Mo-Fr 08:30-11:45; Sa 10:00-12:00; Su off",
                "Mo-Su 00:00-24:00; We 12:00-13:00 off",
                "Mo-Fr 09:00-17:00 || Sa 10:00-12:00",
                "Tu[2] 14:00-16:00");
        for (String text : cases) {
            OpeningHours h = OpeningHours.parse(text);
            for (LocalDateTime now = MON.atStartOfDay();
                    now.isBefore(MON.plusDays(7).atStartOfDay());
                    now = now.plusMinutes(37)) {
                LocalDateTime expected = null;
                for (LocalDateTime t = now.withSecond(0).plusMinutes(1);
                        !t.isAfter(now.plusDays(7));
                        t = t.plusMinutes(1)) {
                    if (h.isOpenAt(t)) {
                        expected = t;
                        break;
                    }
                }
                if (!h.isOpenAt(now)) {
                    assertEquals(expected, h.nextOpening(now, 7), text + " from " + describe(now));
                }
            }
        }
    }

    private static void checkOpen(String hours, LocalDate day, String time) {
        LocalDateTime t = day.atTime(LocalTime.parse(time));
        assertTrue(OpeningHours.parse(hours).isOpenAt(t), () -> "\"" + hours + "\" should be open " + describe(t));
    }

    private static void checkClosed(String hours, LocalDate day, String time) {
        LocalDateTime t = day.atTime(LocalTime.parse(time));
        assertFalse(OpeningHours.parse(hours).isOpenAt(t), () -> "\"" + hours + "\" should be closed " + describe(t));
    }

    private static String describe(LocalDateTime t) {
        return "on " + t.getDayOfWeek() + " " + t;
    }

    private static void checkOneLine(String message) {
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        assertTrue(message.length() <= 200, message.length() + " chars: " + message);
    }
}
