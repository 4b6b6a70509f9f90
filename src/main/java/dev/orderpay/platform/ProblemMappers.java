package dev.orderpay.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of the REST API into RFC 9457 {@code application/problem+json}
 * with the contract's {@code error_code} (contract §2, §9). Unexpected failures become
 * 500 {@code INTERNAL_ERROR}, logged here, never with a stack trace in the body.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    public static final String PROBLEM_JSON = "application/problem+json";

    /** Renders a problem body (also used by the Funqy adapters and the idempotency store). */
    public static Map<String, Object> body(ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://orderpay.dev/problems/" + e.errorCode().toLowerCase().replace('_', '-'));
        body.put("title", e.title());
        body.put("status", e.status());
        body.put("detail", e.getMessage());
        body.put("error_code", e.errorCode());
        body.putAll(e.extensions());
        return body;
    }

    /** The HTTP response for {@code e}. */
    public static Response toResponse(ApiException e) {
        Response.ResponseBuilder rb = Response.status(e.status()).type(PROBLEM_JSON).entity(body(e));
        e.headers().forEach(rb::header);
        return rb.build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return toResponse(e);
    }

    @ServerExceptionMapper
    public Response unrecognized(UnrecognizedPropertyException e) {
        return toResponse(ApiException.validation(path(e), "unknown field"));
    }

    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e) {
        String field = path(e);
        String message = e instanceof InvalidFormatException ife && ife.getTargetType() != null && ife.getTargetType().isEnum()
                ? "unknown value"
                : "has the wrong type or shape";
        return toResponse(ApiException.validation(field.isEmpty() ? "body" : field, message));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            return toResponse(ApiException.validation(path(jme), "is invalid"));
        }
        return toResponse(ApiException.validation("body", "is not valid JSON"));
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        Violations v = new Violations();
        e.getConstraintViolations().forEach(cv -> {
            String path = cv.getPropertyPath().toString();
            String leaf = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
            v.add(snake(leaf), cv.getMessage());
        });
        try {
            v.throwIfAny();
        } catch (ApiException api) {
            return toResponse(api);
        }
        return toResponse(ApiException.validation("body", "is invalid"));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return toResponse(unauthenticated());
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return toResponse(unauthenticated());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return toResponse(new ApiException(403, "FORBIDDEN", "Forbidden", "this role may not do that"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 401) {
            return toResponse(unauthenticated());
        }
        if (status == 403) {
            return toResponse(new ApiException(403, "FORBIDDEN", "Forbidden", "this role may not do that"));
        }
        if (status == 404) {
            return toResponse(ApiException.notFound("NOT_FOUND", "no such resource"));
        }
        if (status >= 500) {
            LOG.error("request failed", e);
            return toResponse(internal());
        }
        String code = status == 415 || status == 406 || status == 400 ? "VALIDATION_FAILED" : "HTTP_" + status;
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        ApiException api = new ApiException(status, code, reason, reason);
        if ("VALIDATION_FAILED".equals(code)) {
            api.with("violations", List.of(Map.of("field", "request", "message", reason)));
        }
        return toResponse(api);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response any(Throwable e) {
        if (e instanceof ApiException api) {
            return toResponse(api);
        }
        LOG.error("unexpected failure", e);
        return toResponse(internal());
    }

    public static ApiException unauthenticated() {
        return new ApiException(401, "UNAUTHENTICATED", "Unauthenticated", "a valid bearer token is required");
    }

    public static ApiException internal() {
        return new ApiException(500, "INTERNAL_ERROR", "Internal error", "the request could not be completed; it can be retried");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
