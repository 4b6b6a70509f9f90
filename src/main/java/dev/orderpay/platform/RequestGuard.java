package dev.orderpay.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Renders a request body larger than {@code quarkus.http.limits.max-body-size} as 413
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
        router.route().order(ORDER).failureHandler(this::failure);
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
