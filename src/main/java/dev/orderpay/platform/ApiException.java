package dev.orderpay.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure with a contract error code (contract §9), rendered as RFC 9457
 * {@code application/problem+json} by {@link ProblemMappers}. {@code extensions} are the
 * extra members named in §9 (e.g. {@code missing_order_ids}); {@code headers} extra
 * response headers (e.g. {@code Retry-After}).
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(int status, String errorCode, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.title = title;
    }

    /** Adds an extra problem member (snake_case name). */
    public ApiException with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    /** Adds a response header. */
    public ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Map<String, String> headers() {
        return headers;
    }

    // --- the contract's error families (§9) --------------------------------------

    public static ApiException validation(String field, String message) {
        return new ApiException(400, "VALIDATION_FAILED", "Validation failed", field + ": " + message)
                .with("violations", List.of(Map.of("field", field, "message", message)));
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(400, code, "Bad request", detail);
    }

    public static ApiException notFound(String code, String detail) {
        return new ApiException(404, code, "Not found", detail);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, "Conflict", detail);
    }

    public static ApiException unprocessable(String code, String detail) {
        return new ApiException(422, code, "Unprocessable request", detail);
    }
}
