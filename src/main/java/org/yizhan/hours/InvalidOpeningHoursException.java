package org.yizhan.hours;

/**
 * An {@code opening_hours} value that is not valid OSM syntax, or that uses a feature
 * {@link OpeningHours} cannot evaluate. The message is a single line of at most about 200 characters,
 * written for an API client (it is returned as the 400 error message), and never contains a stack-like
 * parser dump.
 */
public final class InvalidOpeningHoursException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidOpeningHoursException(String message) {
        super(message);
    }

    static InvalidOpeningHoursException syntax(String detail) {
        return new InvalidOpeningHoursException("opening_hours is not valid OSM syntax: " + detail);
    }

    static InvalidOpeningHoursException unsupported(String feature, String where) {
        return new InvalidOpeningHoursException(
                "opening_hours uses a feature Yizhan cannot evaluate: " + feature + " (in \"" + where + "\")");
    }
}
