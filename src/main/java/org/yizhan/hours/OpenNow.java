package org.yizhan.hours;

import java.time.LocalDateTime;

/** Whether a station is open at a local time, combining its status with its opening hours. */
public final class OpenNow {
    private OpenNow() {
    }

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
}
