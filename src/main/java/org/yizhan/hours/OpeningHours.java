package org.yizhan.hours;

import ch.poole.openinghoursparser.DateRange;
import ch.poole.openinghoursparser.DateWithOffset;
import ch.poole.openinghoursparser.Nth;
import ch.poole.openinghoursparser.OpeningHoursParseException;
import ch.poole.openinghoursparser.OpeningHoursParser;
import ch.poole.openinghoursparser.Rule;
import ch.poole.openinghoursparser.RuleModifier;
import ch.poole.openinghoursparser.TimeSpan;
import ch.poole.openinghoursparser.TokenMgrError;
import ch.poole.openinghoursparser.WeekDayRange;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A station's opening hours in OpenStreetMap {@code opening_hours} syntax, parsed once and evaluated
 * many times. Parsing is done by the maintained parser {@code ch.poole.openinghoursparser}; this class
 * compiles its rule model into a small evaluator. Instances are immutable and thread-safe.
 *
 * <h2>Parsing</h2>
 * The parser runs in strict mode, which rejects common garbage such as {@code Mo-Fr 9} (hours without
 * minutes), {@code Mon-Fri}, {@code 9am} or {@code Jan 1} (month days need two digits), with one
 * relaxation: an end time before the start time ({@code 18:00-02:00}) is accepted and means the
 * same as {@code 18:00-26:00}, as the OSM specification intends. Weekday and month names are
 * case-insensitive.
 *
 * <h2>Supported</h2>
 * <ul>
 *   <li>{@code 24/7}; rules without days (every day); weekday lists and ranges, including wrap-around
 *       ({@code Fr-Mo}) and nth weekday of the month ({@code Th[1]}, {@code Su[-1]}, {@code Th[1-2]}).</li>
 *   <li>Times: several spans per rule, {@code 24:00} as an end, overnight spans ({@code 18:00-02:00} or
 *       {@code 18:00-26:00}: open from 18:00 until 02:00 on the following day), and equal start and end
 *       ({@code 22:00-22:00}) meaning 24 hours from the start.</li>
 *   <li>Months and month-day ranges, also across the new year: {@code Jan-Mar}, {@code Dec 24 off},
 *       {@code Dec 24-26}, {@code Dec 20-Jan 05}, {@code Jan 10-Feb 20}.</li>
 *   <li>Modifiers {@code open}, {@code closed}/{@code off}, {@code unknown}. {@code unknown}, and a
 *       comment with no modifier (which the specification defines as unknown), count as closed, since
 *       nobody should be sent to a station that may be shut.</li>
 *   <li>Public and school holidays ({@code PH}, {@code SH}): we have no holiday calendar, so no day is
 *       treated as a holiday. {@code PH off} therefore never closes anything, {@code PH,Su off} closes
 *       Sundays and {@code SH Mo 10:00-12:00} (holiday AND Monday) never applies.</li>
 * </ul>
 *
 * <h2>Evaluation rules (those of opening_hours.js, the OSM reference evaluator)</h2>
 * <ul>
 *   <li>A rule after {@code ;} that selects a day replaces all earlier rules for that day. A rule
 *       after {@code ,} adds to them. A {@code closed}/{@code off} rule never replaces: it only closes
 *       the times it names, or the whole day if it names none. So {@code Mo-Fr 09:00-17:00; We 12:00-13:00 off}
 *       is a lunch break on Wednesdays.</li>
 *   <li>Later rules win where they overlap.</li>
 *   <li>The after-midnight tail of an overnight span belongs to the next day in this contest. So a
 *       later {@code ;} rule for that next day removes the tail: in {@code Mo 18:00-02:00; Tu 10:00-12:00}
 *       Tuesday 01:00 is closed, and in {@code Sa 18:00-02:00; Su off} Sunday 01:00 is closed. Write
 *       {@code Mo 18:00-02:00, Tu 10:00-12:00} to keep both.</li>
 *   <li>{@code ||} starts a fallback group. It is consulted only when no rule before it says anything
 *       about the instant; rules joined to the fallback by {@code ;} or {@code ,} belong to its group.</li>
 * </ul>
 *
 * <h2>Rejected as unsupported</h2>
 * Years, week numbers, sunrise/sunset/dawn/dusk, open ends ({@code 10:00+}), points in time without an
 * end ({@code 10:00}), repeating intervals ({@code 10:00-16:00/30}), easter, date or weekday offsets
 * ({@code Dec 25 +1 day}, {@code Sa[1] +1 day}), nth weekday inside a date ({@code Dec Su[-1]}) and
 * comments used as selectors ({@code "events": Mo 10:00-12:00}). These throw
 * {@link InvalidOpeningHoursException} naming the feature, so a station never stores hours we cannot
 * evaluate.
 */
public final class OpeningHours {

    // Bounds parsing work for odd callers; the stations API itself caps the value at 255 characters.
    private static final int MAX_TEXT_CHARS = 1_000;
    private static final int MAX_DETAIL_CHARS = 120;
    private static final int MAX_RULE_ECHO_CHARS = 60;

    // Nearest queries evaluate the same few strings thousands of times. A flush-when-full map is
    // enough: the set of distinct values is small and a flush only costs re-parsing.
    static final int MAX_CACHE_ENTRIES = 10_000;
    private static final ConcurrentHashMap<String, OpeningHours> CACHE = new ConcurrentHashMap<>();

    private static final int MINUTES_PER_DAY = 24 * 60;

    private final String text;
    // Primary rules first, then one group per "||" fallback.
    private final List<Group> groups;
    private final boolean hasOvernightSpans;

    // Minutes of the day at which the state can change (midnight and every span's ends), ascending.
    private final int[] changes;

    private OpeningHours(String text, List<Group> groups) {
        this.text = text;
        this.groups = List.copyOf(groups);
        this.hasOvernightSpans = groups.stream().anyMatch(Group::hasTails);
        java.util.TreeSet<Integer> minutes = new java.util.TreeSet<>(List.of(0));
        for (Group group : groups) {
            for (Entry entry : group.entries) {
                if (entry.rule().spans() != null) {
                    entry.rule().spans().forEach(span -> {
                        minutes.add(span.start() % MINUTES_PER_DAY);
                        minutes.add(span.end() % MINUTES_PER_DAY);
                    });
                }
            }
        }
        this.changes = minutes.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Parses an {@code opening_hours} value.
     *
     * @throws InvalidOpeningHoursException if {@code text} is null, blank, longer than 1,000 characters,
     *     not valid syntax, or uses a feature listed as unsupported in the class comment
     */
    public static OpeningHours parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidOpeningHoursException("opening_hours is empty");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new InvalidOpeningHoursException("opening_hours is longer than " + MAX_TEXT_CHARS + " characters");
        }
        List<Rule> rules;
        try {
            // strict = true rejects sloppy input; strictTime = false lets "18:00-02:00" mean "18:00-26:00".
            rules = new OpeningHoursParser(new StringReader(text)).rules(true, false);
        } catch (OpeningHoursParseException e) {
            throw InvalidOpeningHoursException.syntax(describe(e));
        } catch (TokenMgrError | RuntimeException e) {
            // Not expected from this grammar, but a parser bug must not become a 500.
            throw InvalidOpeningHoursException.syntax(oneLine(e.getMessage()));
        }
        return compile(text, rules);
    }

    /**
     * Like {@link #parse}, but returns a shared instance for a string seen before. The cache holds at
     * most about 10,000 values (it is emptied when full); invalid values are never cached.
     *
     * @throws InvalidOpeningHoursException as {@link #parse}
     */
    public static OpeningHours cached(String text) {
        if (text == null) {
            return parse(null);
        }
        OpeningHours hit = CACHE.get(text);
        if (hit != null) {
            return hit;
        }
        // Parse outside any map lock; two threads may parse the same string once each, which is harmless.
        OpeningHours parsed = parse(text);
        if (CACHE.size() >= MAX_CACHE_ENTRIES) {
            CACHE.clear();
        }
        OpeningHours raced = CACHE.putIfAbsent(text, parsed);
        return raced != null ? raced : parsed;
    }

    static int cacheSize() {
        return CACHE.size();
    }

    /**
     * Whether the station is open at a local wall-clock time in its city's time zone (the caller converts
     * from an instant). Unknown counts as closed. Resolution is one second: a span 09:00-17:00 is open
     * from 09:00:00 up to but excluding 17:00:00.
     */
    public boolean isOpenAt(LocalDateTime localTime) {
        Objects.requireNonNull(localTime, "localTime");
        LocalDate day = localTime.toLocalDate();
        LocalDate previousDay = hasOvernightSpans ? day.minusDays(1) : null;
        int second = localTime.toLocalTime().toSecondOfDay();
        for (Group group : groups) {
            State state = group.stateAt(day, previousDay, second);
            if (state != null) {
                return state == State.OPEN;
            }
        }
        return false;
    }

    /**
     * The first local time after {@code localTime} (to the minute) at which the station opens, looking at
     * most {@code days} days ahead; null when it does not open within them. Only the minutes at which a
     * rule starts or ends (and midnight) are tried, so the cost is a few dozen evaluations, not one per
     * minute.
     */
    public LocalDateTime nextOpening(LocalDateTime localTime, int days) {
        Objects.requireNonNull(localTime, "localTime");
        LocalDateTime limit = localTime.plusDays(days);
        for (LocalDate day = localTime.toLocalDate(); !day.atStartOfDay().isAfter(limit); day = day.plusDays(1)) {
            for (int minute : changes) {
                LocalDateTime t = day.atStartOfDay().plusMinutes(minute);
                if (t.isAfter(localTime) && !t.isAfter(limit) && isOpenAt(t)) {
                    return t;
                }
            }
        }
        return null;
    }

    /** The value as given to {@link #parse}. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    // ---- compilation from the ch.poole rule model --------------------------------------------------

    private static OpeningHours compile(String text, List<Rule> rules) {
        List<Group> groups = new ArrayList<>();
        List<Entry> current = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.isEmpty()) {
                continue; // e.g. the nothing after a trailing ";"
            }
            if (rule.isFallBack() && !current.isEmpty()) {
                groups.add(new Group(current));
                current = new ArrayList<>();
            }
            CompiledRule compiled = compileRule(rule);
            current.add(new Entry(compiled, false));
            if (compiled.hasOvernightSpan()) {
                // Right after its rule, as in opening_hours.js, so later rules can still replace it.
                current.add(new Entry(compiled, true));
            }
        }
        if (!current.isEmpty()) {
            groups.add(new Group(current));
        }
        if (groups.isEmpty()) {
            throw new InvalidOpeningHoursException("opening_hours is empty");
        }
        return new OpeningHours(text, groups);
    }

    private static CompiledRule compileRule(Rule rule) {
        String where = echo(rule.toString());
        if (notEmpty(rule.getYears())) {
            throw InvalidOpeningHoursException.unsupported("years", where);
        }
        if (notEmpty(rule.getWeeks())) {
            throw InvalidOpeningHoursException.unsupported("week numbers", where);
        }
        if (rule.getComment() != null) {
            throw InvalidOpeningHoursException.unsupported("a comment used as a selector", where);
        }
        List<MonthDayRange> dates = new ArrayList<>();
        if (rule.getDates() != null) {
            for (DateRange range : rule.getDates()) {
                dates.add(compileDateRange(range, where));
            }
        }
        List<WeekdayTerm> weekdays = new ArrayList<>();
        if (rule.getDays() != null) {
            for (WeekDayRange range : rule.getDays()) {
                weekdays.add(compileWeekdays(range, where));
            }
        }
        boolean never = false;
        if (notEmpty(rule.getHolidays())) {
            // No holiday calendar: the set of holidays is empty. "PH" alone or "PH Mo" (an
            // intersection) selects nothing; "PH,Mo" (a union, useAsWeekDay) selects Mondays.
            never = weekdays.isEmpty() || rule.getHolidays().stream().anyMatch(h -> !h.getUseAsWeekDay());
        }
        List<Span> spans = null; // null: the whole day
        if (!rule.isTwentyfourseven() && notEmpty(rule.getTimes())) {
            spans = new ArrayList<>();
            for (TimeSpan span : rule.getTimes()) {
                spans.add(compileSpan(span, where));
            }
        }
        return new CompiledRule(
                new DaySelector(dates, weekdays, never), spans, state(rule.getModifier()), rule.isAdditive());
    }

    private static State state(RuleModifier modifier) {
        if (modifier == null) {
            return State.OPEN;
        }
        if (modifier.getModifier() == null) {
            return State.UNKNOWN; // a bare comment: the specification's "unknown"
        }
        return switch (modifier.getModifier()) {
            case OPEN -> State.OPEN;
            case CLOSED, OFF -> State.CLOSED;
            case UNKNOWN -> State.UNKNOWN;
        };
    }

    private static Span compileSpan(TimeSpan span, String where) {
        if (span.getStartEvent() != null || span.getEndEvent() != null) {
            throw InvalidOpeningHoursException.unsupported("sunrise, sunset, dawn or dusk times", where);
        }
        if (span.isOpenEnded()) {
            throw InvalidOpeningHoursException.unsupported("open-ended times (\"+\")", where);
        }
        if (span.getInterval() != 0) {
            throw InvalidOpeningHoursException.unsupported("repeating intervals (\"/\")", where);
        }
        if (span.getEnd() == TimeSpan.UNDEFINED_TIME) {
            throw InvalidOpeningHoursException.unsupported("a time without an end", where);
        }
        int start = span.getStart();
        int end = span.getEnd();
        if (start >= MINUTES_PER_DAY) {
            throw InvalidOpeningHoursException.syntax(
                    "a time span cannot start at 24:00 or later (in \"" + where + "\")");
        }
        if (end == start) {
            end += MINUTES_PER_DAY; // "22:00-22:00" is 24 hours, as in opening_hours.js
        }
        if (end < start || end > 2 * MINUTES_PER_DAY) {
            throw InvalidOpeningHoursException.syntax("time span out of range (in \"" + where + "\")");
        }
        return new Span(start, end);
    }

    private static WeekdayTerm compileWeekdays(WeekDayRange range, String where) {
        if (range.getOffset() != 0) {
            throw InvalidOpeningHoursException.unsupported("weekday offsets (\"+1 day\")", where);
        }
        int first = range.getStartDay().ordinal(); // MO = 0, like DayOfWeek.getValue() - 1
        int last = range.getEndDay() == null ? first : range.getEndDay().ordinal();
        List<NthRange> nths = new ArrayList<>();
        if (range.getNths() != null) {
            for (Nth nth : range.getNths()) {
                int from = nth.getStartNth();
                int to = nth.getEndNth() == Nth.INVALID_NTH ? from : nth.getEndNth();
                boolean sameSign = (from > 0 && to > 0) || (from < 0 && to < 0);
                if (from == Nth.INVALID_NTH || !sameSign || from > to) {
                    throw InvalidOpeningHoursException.syntax("invalid weekday occurrence (in \"" + where + "\")");
                }
                nths.add(new NthRange(from, to));
            }
        }
        return new WeekdayTerm(first, last, nths);
    }

    private static MonthDayRange compileDateRange(DateRange range, String where) {
        if (range.getInterval() != 0) {
            throw InvalidOpeningHoursException.unsupported("date intervals (\"/\")", where);
        }
        DateWithOffset start = range.getStartDate();
        DateWithOffset end = range.getEndDate();
        checkPlainDate(start, where);
        if (start.getMonth() == null) {
            throw InvalidOpeningHoursException.syntax("date without a month (in \"" + where + "\")");
        }
        Month startMonth = Month.of(start.getMonth().ordinal() + 1);
        int startKey = key(startMonth, start.undefinedDay() ? 1 : checkedDay(startMonth, start.getDay(), where));
        int endKey;
        if (end == null) {
            endKey = start.undefinedDay() ? key(startMonth, startMonth.maxLength()) : startKey;
        } else {
            checkPlainDate(end, where);
            if (end.getMonth() == null && end.undefinedDay()) {
                throw InvalidOpeningHoursException.syntax("incomplete date range (in \"" + where + "\")");
            }
            Month endMonth = end.getMonth() == null
                    ? startMonth
                    : Month.of(end.getMonth().ordinal() + 1);
            int endDay = end.undefinedDay() ? endMonth.maxLength() : checkedDay(endMonth, end.getDay(), where);
            endKey = key(endMonth, endDay);
        }
        return new MonthDayRange(startKey, endKey);
    }

    private static void checkPlainDate(DateWithOffset date, String where) {
        if (date.getVarDate() != null) {
            throw InvalidOpeningHoursException.unsupported("easter", where);
        }
        if (!date.undefinedYear()) {
            throw InvalidOpeningHoursException.unsupported("years", where);
        }
        if (date.getNthWeekDay() != null) {
            throw InvalidOpeningHoursException.unsupported("nth weekday in a date (\"Dec Su[-1]\")", where);
        }
        if (date.getWeekDayOffset() != null || date.getDayOffset() != 0) {
            throw InvalidOpeningHoursException.unsupported("date offsets (\"+1 day\", \"+Su\")", where);
        }
        if (date.isOpenEnded()) {
            throw InvalidOpeningHoursException.unsupported("open-ended dates (\"+\")", where);
        }
    }

    private static int checkedDay(Month month, int day, String where) {
        // maxLength: Feb 29 is a real date in leap years.
        if (day < 1 || day > month.maxLength()) {
            throw InvalidOpeningHoursException.syntax("no such date (in \"" + where + "\")");
        }
        return day;
    }

    private static int key(Month month, int day) {
        return month.getValue() * 100 + day;
    }

    // ---- error text --------------------------------------------------------------------------------

    private static String describe(OpeningHoursParseException e) {
        List<OpeningHoursParseException> all = e.getExceptions();
        String first = oneLine(all.isEmpty() ? e.getMessage() : all.get(0).getMessage());
        return all.size() > 1 ? first + " (and " + (all.size() - 1) + " more)" : first;
    }

    /** Collapses a possibly multi-line parser message to one short printable line. */
    private static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable value";
        }
        String flat =
                message.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").trim();
        return flat.length() > MAX_DETAIL_CHARS ? flat.substring(0, MAX_DETAIL_CHARS) + "…" : flat;
    }

    private static String echo(String rule) {
        String flat = oneLine(rule);
        return flat.length() > MAX_RULE_ECHO_CHARS ? flat.substring(0, MAX_RULE_ECHO_CHARS) + "…" : flat;
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    // ---- the compiled model -----------------------------------------------------------------------

    private enum State {
        OPEN,
        CLOSED,
        UNKNOWN
    }

    /** Minutes after the start of the rule's day; {@code end} may exceed 1440 (overnight), up to 2880. */
    private record Span(int start, int end) {}

    /** Weekdays {@code first..last} (0 = Monday, may wrap past Sunday), optionally only some occurrences. */
    private record WeekdayTerm(int first, int last, List<NthRange> nths) {
        WeekdayTerm {
            nths = List.copyOf(nths);
        }

        boolean matches(LocalDate day) {
            int index = day.getDayOfWeek().getValue() - 1;
            boolean inRange = first <= last ? index >= first && index <= last : index >= first || index <= last;
            if (!inRange) {
                return false;
            }
            if (nths.isEmpty()) {
                return true;
            }
            int fromStart = (day.getDayOfMonth() - 1) / 7 + 1;
            int fromEnd = -((day.lengthOfMonth() - day.getDayOfMonth()) / 7 + 1);
            for (NthRange nth : nths) {
                int occurrence = nth.from() > 0 ? fromStart : fromEnd;
                if (occurrence >= nth.from() && occurrence <= nth.to()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code Th[1-2]} is from 1 to 2; {@code Su[-1]} is -1 to -1 (last). Both ends have the same sign. */
    private record NthRange(int from, int to) {}

    /** Inclusive range of month*100+day keys; start > end wraps over the new year. */
    private record MonthDayRange(int start, int end) {
        boolean contains(LocalDate day) {
            int key = day.getMonthValue() * 100 + day.getDayOfMonth();
            return start <= end ? key >= start && key <= end : key >= start || key <= end;
        }
    }

    /** A day matches when it is in any date range (if any) and matches any weekday term (if any). */
    private record DaySelector(List<MonthDayRange> dates, List<WeekdayTerm> weekdays, boolean never) {
        DaySelector {
            dates = List.copyOf(dates);
            weekdays = List.copyOf(weekdays);
        }

        // Loops, not streams: this runs for every rule of every candidate station in a nearest query.
        boolean matches(LocalDate day) {
            if (never) {
                return false;
            }
            if (!dates.isEmpty() && !anyDate(day)) {
                return false;
            }
            if (weekdays.isEmpty()) {
                return true;
            }
            for (WeekdayTerm term : weekdays) {
                if (term.matches(day)) {
                    return true;
                }
            }
            return false;
        }

        private boolean anyDate(LocalDate day) {
            for (MonthDayRange range : dates) {
                if (range.contains(day)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code spans == null} means the whole day (no time selector, or 24/7). */
    private record CompiledRule(DaySelector days, List<Span> spans, State state, boolean additive) {
        CompiledRule {
            spans = spans == null ? null : List.copyOf(spans);
        }

        boolean hasOvernightSpan() {
            return spans != null && spans.stream().anyMatch(s -> s.end() > MINUTES_PER_DAY);
        }
    }

    /**
     * A rule as seen from one day: either the rule itself ({@code tail == false}), or the after-midnight
     * part of its overnight spans, which applies on the day after a day the rule selects.
     */
    private record Entry(CompiledRule rule, boolean tail) {

        boolean appliesOn(LocalDate day, LocalDate previousDay) {
            return rule.days().matches(tail ? previousDay : day);
        }

        /** Whether this entry wipes out earlier entries for a day it applies on (see class comment). */
        boolean replacesEarlier() {
            return !tail && !rule.additive() && rule.state() != State.CLOSED;
        }

        boolean covers(int secondOfDay) {
            List<Span> spans = rule.spans();
            if (spans == null) {
                return !tail;
            }
            for (Span span : spans) {
                int from = tail ? 0 : span.start() * 60;
                int to = tail ? (span.end() - MINUTES_PER_DAY) * 60 : Math.min(span.end(), MINUTES_PER_DAY) * 60;
                if (secondOfDay >= from && secondOfDay < to) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The primary rules, or one "||" fallback with the rules that follow it. */
    private static final class Group {
        private final Entry[] entries;

        Group(List<Entry> entries) {
            this.entries = entries.toArray(new Entry[0]);
        }

        boolean hasTails() {
            for (Entry entry : entries) {
                if (entry.tail()) {
                    return true;
                }
            }
            return false;
        }

        /** The state at this instant, or null if no rule in the group covers it. */
        State stateAt(LocalDate day, LocalDate previousDay, int secondOfDay) {
            // Everything before the last replacing rule that applies today is irrelevant today.
            int from = 0;
            for (int i = entries.length - 1; i > 0; i--) {
                Entry entry = entries[i];
                if (entry.replacesEarlier() && entry.appliesOn(day, previousDay)) {
                    from = i;
                    break;
                }
            }
            State state = null;
            for (int i = from; i < entries.length; i++) {
                Entry entry = entries[i];
                if (entry.appliesOn(day, previousDay) && entry.covers(secondOfDay)) {
                    state = entry.rule().state();
                }
            }
            return state;
        }
    }
}
