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
import jakarta.ws.rs.Priorities;
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

    /**
     * The contract problem for any failure (contract §9), shared by the REST mappers below and
     * the Funqy functions' failure handler so both answer alike: Jackson binding failures and
     * bean-validation violations are 400 VALIDATION_FAILED with {@code violations}, missing or
     * bad credentials 401 UNAUTHENTICATED, a missing role 403 FORBIDDEN, HTTP-level failures by
     * their status, a lost database connection 503 SERVICE_UNAVAILABLE with {@code Retry-After}
     * ({@link DatabaseUnavailable}), anything unexpected 500 INTERNAL_ERROR (logged here, no stack trace sent).
     */
    public static ApiException problem(Throwable e) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return ApiException.validation(path(u), "unknown field");
        }
        if (e instanceof MismatchedInputException m) {
            String field = path(m);
            String message = m instanceof InvalidFormatException ife && ife.getTargetType() != null && ife.getTargetType().isEnum()
                    ? "unknown value"
                    : "has the wrong type or shape";
            return ApiException.validation(field.isEmpty() ? "body" : field, message);
        }
        if (e instanceof JsonProcessingException j) {
            if (j instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
                return ApiException.validation(path(jme), "is invalid");
            }
            return ApiException.validation("body", "is not valid JSON");
        }
        if (e instanceof ConstraintViolationException c) {
            Violations v = new Violations();
            c.getConstraintViolations().forEach(cv -> {
                String path = cv.getPropertyPath().toString();
                String leaf = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
                v.add(snake(leaf), cv.getMessage());
            });
            try {
                v.throwIfAny();
            } catch (ApiException api) {
                return api;
            }
            return ApiException.validation("body", "is invalid");
        }
        if (e instanceof UnauthorizedException || e instanceof AuthenticationFailedException) {
            return unauthenticated();
        }
        if (e instanceof ForbiddenException) {
            return forbidden();
        }
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse() == null ? 500 : w.getResponse().getStatus();
            if (status >= 500) {
                LOG.error("request failed", e);
            }
            return forStatus(status, status >= 500 ? null : w.getResponse().getStatusInfo().getReasonPhrase());
        }
        if (DatabaseUnavailable.is(e)) {
            // PostgreSQL restarting or unreachable: transient, the pool reconnects (issue #11 item 3)
            LOG.warnf("database unavailable: %s", e.toString());
            return DatabaseUnavailable.problem();
        }
        LOG.error("unexpected failure", e);
        return internal();
    }

    /**
     * The problem for a bare HTTP status (no exception): 401, 403, 404 and 5xx get their contract
     * codes; 400, 406 and 415 are VALIDATION_FAILED; any other status {@code HTTP_<status>}.
     *
     * @param reason the reason phrase to show, or null for the standard one
     */
    public static ApiException forStatus(int status, String reason) {
        if (status == 401) {
            return unauthenticated();
        }
        if (status == 403) {
            return forbidden();
        }
        if (status == 404) {
            return ApiException.notFound("NOT_FOUND", "no such resource");
        }
        if (status >= 500) {
            return internal();
        }
        String phrase = reason != null ? reason : Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "HTTP " + status;
        String code = status == 415 || status == 406 || status == 400 ? "VALIDATION_FAILED" : "HTTP_" + status;
        ApiException api = new ApiException(status, code, phrase, phrase);
        if ("VALIDATION_FAILED".equals(code)) {
            api.with("violations", List.of(Map.of("field", "request", "message", phrase)));
        }
        return api;
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return toResponse(e);
    }

    @ServerExceptionMapper
    public Response unrecognized(UnrecognizedPropertyException e) {
        return toResponse(problem(e));
    }

    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e) {
        return toResponse(problem(e));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return toResponse(problem(e));
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        return toResponse(problem(e));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return toResponse(problem(e));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return toResponse(problem(e));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return toResponse(problem(e));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        return toResponse(problem(e));
    }

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response any(Throwable e) {
        return toResponse(problem(e));
    }

    /** 403 FORBIDDEN: authenticated, but without the role the operation needs (contract §3). */
    public static ApiException forbidden() {
        return new ApiException(403, "FORBIDDEN", "Forbidden", "this role may not do that");
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
