package org.yizhan.geo;

/**
 * A GeoJSON geometry {@link Polygons} refuses: not a polygon, malformed, without area, or (when
 * {@link #tooLarge}) with more vertices than allowed. {@link #field} names the property at fault and the
 * message is written for an API client; http.ErrorHandler answers 400 invalid_parameter (413
 * payload_too_large when too large).
 */
public final class InvalidGeometryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final boolean tooLarge;

    InvalidGeometryException(String field, String message, boolean tooLarge) {
        super(message, null, false, false);
        this.field = field;
        this.tooLarge = tooLarge;
    }

    static InvalidGeometryException invalid(String field, String message) {
        return new InvalidGeometryException(field, message, false);
    }

    /** The property at fault, such as {@code geometry}. */
    public String field() {
        return field;
    }

    /** More vertices than the caller's limit: a body too large rather than a malformed one. */
    public boolean tooLarge() {
        return tooLarge;
    }
}
