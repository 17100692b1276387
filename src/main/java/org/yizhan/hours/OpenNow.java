package org.yizhan.hours;

import java.time.LocalDateTime;
import java.time.ZonedDateTime;

/** Whether a station is open at a local time, combining its status with its opening hours. */
public final class OpenNow {
    private OpenNow() {}

    /**
     * True or false when known; null when the station is {@code open} but has no opening hours (we cannot
     * tell). A station whose status is not {@code open} is never open, whatever its hours say.
     *
     * @param localTime wall-clock time in the configured city time zone
     */
    public static Boolean at(String status, String openingHours, LocalDateTime localTime) {
        if (!"open".equals(status)) {
            return false;
        }
        if (openingHours == null) {
            return null;
        }
        return OpeningHours.cached(openingHours).isOpenAt(localTime);
    }

    /** How far ahead {@link #opensAt} looks. */
    public static final int OPENS_AT_DAYS = 7;

    /**
     * When a station that is closed at {@code localTime} by its hours opens next (local time, to the
     * minute), within {@value #OPENS_AT_DAYS} days; null when it is open now, not {@code open} by status
     * (temporarily closed or closed for good), has no hours, or does not open within that time.
     */
    public static LocalDateTime opensAt(String status, String openingHours, LocalDateTime localTime) {
        if (!"open".equals(status) || openingHours == null) {
            return null;
        }
        OpeningHours hours = OpeningHours.cached(openingHours);
        return hours.isOpenAt(localTime) ? null : hours.nextOpening(localTime, OPENS_AT_DAYS);
    }

    /** {@link #opensAt} as ISO-8601 with the city's offset ({@code 2026-12-02T09:00+08:00}), or null. */
    public static String opensAtIso(String status, String openingHours, ZonedDateTime now) {
        LocalDateTime t = opensAt(status, openingHours, now.toLocalDateTime());
        return t == null ? null : t.atZone(now.getZone()).toOffsetDateTime().toString();
    }
}
