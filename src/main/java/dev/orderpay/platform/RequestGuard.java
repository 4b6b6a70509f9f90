package dev.orderpay.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Guards every request before any route runs (issue #10 defects 3 and 13).
 *
 * <p>Request target: a path or query value holding a control character (U+0000–U+001F,
 * U+007F–U+009F, after percent-decoding) is 400
 * {@code VALIDATION_FAILED} naming the query parameter (or {@code path}) in {@code violations},
 * before any query reaches PostgreSQL (which refuses NUL in text). Contract §2: bad input is a 400.
 * (A malformed percent-escape such as {@code %zz} is refused by the HTTP layer with a bare 400 before any
 * route, this one included, runs; see the README's "Bad input".)
 *
 * <p>Request body: renders a body larger than {@code quarkus.http.limits.max-body-size} as 413
 * {@code REQUEST_TOO_LARGE} with {@code max_body_bytes} (issue #10 defect 13). The body handler
 * (which Funqy HTTP installs in front of every route) refuses such a body, by
 * {@code Content-Length} or while reading a chunked body, with a bare 413 failure; this renders it
 * as {@code application/problem+json} like every other error ({@link ProblemMappers}).
 */
@ApplicationScoped
public class RequestGuard {

    private static final Logger LOG = Logger.getLogger(RequestGuard.class);

    /** Before every other route, including the body handler ({@code RouteConstants.ROUTE_ORDER_BODY_HANDLER}). */
    static final int ORDER = Integer.MIN_VALUE;

    private final ObjectMapper json;
    private final long maxBodyBytes;

    public RequestGuard(ObjectMapper json,
                        @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.json = json;
        this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(-1L);
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::checkTarget).failureHandler(this::failure);
    }

    /**
     * The violations of a request target ({@code path?query}, as sent): each decoded query
     * parameter or path with a control character or a malformed percent-escape; empty when clean.
     */
    static Violations targetViolations(String uri) {
        Violations v = new Violations();
        QueryStringDecoder target = new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, 1024, true);
        try {
            if (hasControl(target.path())) {
                v.add("path", "must not contain control characters");
            }
        } catch (IllegalArgumentException e) {
            v.add("path", "has a malformed percent-escape");
        }
        try {
            for (Map.Entry<String, List<String>> e : target.parameters().entrySet()) {
                if (hasControl(e.getKey())) {
                    v.add("query", "parameter names must not contain control characters");
                } else if (e.getValue().stream().anyMatch(RequestGuard::hasControl)) {
                    v.add(e.getKey(), "must not contain control characters");
                }
            }
        } catch (IllegalArgumentException e) {
            v.add("query", "has a malformed percent-escape");
        }
        return v;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    void checkTarget(RoutingContext ctx) {
        Violations v = targetViolations(ctx.request().uri());
        if (!v.isEmpty()) {
            try {
                v.throwIfAny();
            } catch (ApiException problem) {
                write(ctx, problem);
                return;
            }
        }
        ctx.next();
    }

    /** 413 REQUEST_TOO_LARGE naming the limit in bytes. */
    public static ApiException tooLarge(long maxBodyBytes) {
        return new ApiException(413, "REQUEST_TOO_LARGE", "Request too large",
                "the request body is larger than the limit of " + maxBodyBytes + " bytes")
                .with("max_body_bytes", maxBodyBytes);
    }

    void failure(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && maxBodyBytes >= 0) {
            write(ctx, tooLarge(maxBodyBytes));
            return;
        }
        ctx.next();
    }

    private void write(RoutingContext ctx, ApiException problem) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(ProblemMappers.body(problem));
        } catch (JsonProcessingException e) {
            LOG.error("could not render a problem", e);
            response.setStatusCode(problem.status()).end();
            return;
        }
        response.setStatusCode(problem.status()).putHeader("Content-Type", ProblemMappers.PROBLEM_JSON);
        problem.headers().forEach(response::putHeader);
        response.end(body);
    }
}
