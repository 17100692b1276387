package org.yizhan.http;

/**
 * A failure the client can act on, mapped to an HTTP status and the JSON body
 * {@code {"error": {"code": ..., "field": ..., "message": ...}}} in exactly one place
 * ({@link ErrorHandler}). {@code field} names the parameter or property at fault, or is null.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** 400 invalid_parameter for a query parameter, header or body property. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(400, "invalid_parameter", field, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", null, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
