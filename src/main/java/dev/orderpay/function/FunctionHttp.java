package dev.orderpay.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.ProblemMappers;
import io.quarkus.funqy.runtime.ApplicationException;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The HTTP side of the Funqy functions that Funqy itself does not do the contract's way
 * (contract §2, §9, §10), installed on the Vert.x router in front of each exported function:
 *
 * <ul>
 *   <li>a filter (after the body handler, before Funqy's route) that allows only {@code POST}
 *       (else 405 {@code HTTP_405}) and answers a body that is not JSON with 400
 *       {@code VALIDATION_FAILED}, as REST does, instead of Funqy's bare 400;</li>
 *   <li>a failure handler that renders every failure as {@code application/problem+json} with
 *       the REST status, {@code error_code} and headers (e.g. {@code Retry-After}), through the
 *       same {@link ProblemMappers#problem} as the REST API. Funqy wraps what a function throws
 *       in {@link ApplicationException}; this unwraps it;</li>
 *   <li>{@link #status}: Funqy always answers 200; a function sets another success status
 *       (201 for a new payment) applied just before the headers are written;</li>
 *   <li>a function deployment (contract §10): Funqy's HTTP binding serves every function and
 *       ignores {@code quarkus.funqy.export} (only its Lambda/Cloud Functions/Knative Events
 *       bindings read it). Here, when it is set (a runtime setting, e.g. the environment
 *       variable {@code QUARKUS_FUNQY_EXPORT=pay-order}), only that function is served: the
 *       other functions and the REST API under {@code /v1} answer 404 {@code NOT_FOUND}, while
 *       {@code /q/health} and {@code /q/metrics} stay. An unknown name stops the start.</li>
 * </ul>
 */
@ApplicationScoped
public class FunctionHttp {

    private static final Logger LOG = Logger.getLogger(FunctionHttp.class);

    /**
     * After the body handler ({@link RouteConstants#ROUTE_ORDER_BODY_HANDLER}) and the security
     * filters, before Funqy's routes, which Vert.x numbers from 0 in registration order.
     */
    static final int ORDER = -1;

    private final ObjectMapper json;
    private final CurrentVertxRequest request;
    private final Optional<String> export;

    public FunctionHttp(ObjectMapper json, CurrentVertxRequest request,
                        @ConfigProperty(name = "quarkus.funqy.export") Optional<String> export) {
        this.json = json;
        this.request = request;
        this.export = export.map(String::trim).filter(e -> !e.isEmpty());
    }

    void install(@Observes Router router) {
        if (export.isPresent() && !FunctionNames.ALL.contains(export.get())) {
            throw new IllegalStateException("quarkus.funqy.export=" + export.get() + " is not a function; one of "
                    + FunctionNames.ALL);
        }
        for (String name : FunctionNames.ALL) {
            if (FunctionRecorder.registry == null || FunctionRecorder.registry.matchInvoker(name) == null) {
                continue;
            }
            String path = "/" + name;
            if (export.isPresent() && !export.get().equals(name)) {
                router.route(path).order(ORDER).handler(this::notExported);
                continue;
            }
            router.route(path).order(ORDER).handler(this::filter);
            router.route(path).order(ORDER).failureHandler(this::failure);
        }
        router.route().order(ORDER).handler(FunctionHttp::emptyBodyIsABody);
        if (export.isPresent()) {
            LOG.infof("function deployment: only POST /%s is served (quarkus.funqy.export); /v1 answers 404", export.get());
            router.route("/v1/*").order(ORDER).handler(this::notExported);
        }
    }

    /**
     * Funqy makes Quarkus install its body handler in front of every route, not only the
     * functions'. That handler leaves an empty body ({@code Content-Length: 0}) unset, and Quarkus
     * REST then waits forever for the entity of an endpoint whose body is optional (e.g.
     * {@code POST /v1/orders/{id}/reject} without a reason). An empty buffer lets REST read
     * "no entity" as it does without the body handler.
     */
    static void emptyBodyIsABody(RoutingContext ctx) {
        if (ctx.request().isEnded() && ctx.body() != null && ctx.body().buffer() == null) {
            ctx.setBody(Buffer.buffer());
        }
        ctx.next();
    }

    void notExported(RoutingContext ctx) {
        write(ctx, ProblemMappers.forStatus(404, null));
    }

    /**
     * Sets the HTTP status of the current function's successful answer (e.g. 201 Created).
     * Outside an HTTP invocation it does nothing.
     */
    public void status(int status) {
        RoutingContext ctx = request.getCurrent();
        if (ctx == null || status == 200) {
            return;
        }
        ctx.addHeadersEndHandler(v -> {
            // Funqy sets 200 right before writing the output; only that answer is changed
            if (ctx.response().getStatusCode() == 200) {
                ctx.response().setStatusCode(status);
            }
        });
    }

    void filter(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.POST) {
            ctx.response().putHeader("Allow", "POST");
            write(ctx, ProblemMappers.forStatus(405, null));
            return;
        }
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body != null && body.length() > 0) {
            try {
                json.readTree(body.getBytes());
            } catch (IOException e) {
                write(ctx, ApiException.validation("body", "is not valid JSON"));
                return;
            }
        }
        ctx.next();
    }

    void failure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        while ((t instanceof ApplicationException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        ApiException problem = t != null ? ProblemMappers.problem(t) : ProblemMappers.forStatus(ctx.statusCode(), null);
        write(ctx, problem);
    }

    private void write(RoutingContext ctx, ApiException problem) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            // e.g. a failed token verification is reported both by Funqy and by the HTTP security layer
            LOG.debugf("function %s: already answered, ignoring %s", ctx.request().path(), problem.errorCode());
            return;
        }
        if (response.headWritten()) {
            LOG.warnf("function %s failed after its answer started: %s", ctx.request().path(), problem.errorCode());
            response.close();
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(ProblemMappers.body(problem));
        } catch (JsonProcessingException e) {
            LOG.error("could not render a problem", e);
            problem = ProblemMappers.internal();
            body = "{\"type\":\"https://orderpay.dev/problems/internal-error\",\"title\":\"Internal error\",\"status\":500,"
                    + "\"error_code\":\"INTERNAL_ERROR\"}";
        }
        response.setStatusCode(problem.status()).putHeader("Content-Type", ProblemMappers.PROBLEM_JSON);
        problem.headers().forEach(response::putHeader);
        response.end(body);
    }
}
