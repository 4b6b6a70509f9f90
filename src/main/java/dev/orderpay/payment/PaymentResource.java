package dev.orderpay.payment;

import dev.orderpay.platform.Caller;
import dev.orderpay.platform.QueryParams;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The customer's payments (contract §6). Only maps HTTP to {@link PaymentService}. */
@Path("/v1/payments")
@RolesAllowed("customer")
public class PaymentResource {

    private final PaymentService payments;
    private final Caller caller;

    public PaymentResource(PaymentService payments, Caller caller) {
        this.payments = payments;
        this.caller = caller;
    }

    /** {@code POST /v1/payments} with header {@code Idempotency-Key}: 201 and the payment, or a replay of the first response. */
    @POST
    public Uni<Response> pay(@HeaderParam("Idempotency-Key") String key, PaymentRequest body) {
        String customerId = caller.customerId();
        return toCompletion(() -> payments.pay(customerId, key, body))
                .map(o -> Response.status(o.status()).type(MediaType.APPLICATION_JSON).entity(o.body()).build());
    }

    /** {@code POST /v1/payments/quote}: same body as a payment, changes nothing. */
    @POST
    @Path("/quote")
    public Uni<Map<String, Object>> quote(PaymentRequest body) {
        String customerId = caller.customerId();
        return toCompletion(() -> payments.quote(customerId, body));
    }

    /** {@code POST /v1/payments/{payment_id}/cancel}: abandon a checkout that has not completed. */
    @POST
    @Path("/{payment_id}/cancel")
    public Uni<PaymentView> cancel(@PathParam("payment_id") String paymentId) {
        String customerId = caller.customerId();
        return toCompletion(() -> payments.cancel(customerId, paymentId));
    }

    /**
     * Runs a use case to its end even when the client hangs up (issue #10, defect 12). Quarkus REST
     * cancels the returned Uni when the connection closes; cancelling the service's pipeline there
     * would stop it mid-transaction (Hibernate Reactive then closes a session with a live
     * transaction, and the idempotency key stays {@code in_progress} until its lock timeout). Here
     * the work has its own subscription on the request's Vert.x context, which a cancellation does
     * not reach: the use case commits (storing its answer under the key) or fails (releasing the key),
     * and only the response is dropped.
     */
    static <T> Uni<T> toCompletion(Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().<T>emitter(emitter -> {
            Context current = Vertx.currentContext();
            // a fresh duplicated context: its own Hibernate Reactive session, same event loop thread
            Context own = current == null ? null
                    : VertxContext.createNewDuplicatedContext(current);
            if (own != null) {
                VertxContextSafetyToggle.setContextSafe(own, true);
            }
            Runnable start = () -> Uni.createFrom().<T>deferred(work).subscribe().with(emitter::complete, emitter::fail);
            if (own == null) {
                start.run();
            } else {
                own.runOnContext(v -> start.run());
            }
        });
    }

    /** {@code GET /v1/payments/{payment_id}}. */
    @GET
    @Path("/{payment_id}")
    public Uni<PaymentView> get(@PathParam("payment_id") String paymentId) {
        return payments.get(caller.customerId(), paymentId);
    }

    /** {@code GET /v1/payments?limit=&page_token=}: newest first. */
    @GET
    public Uni<PaymentService.PaymentPage> list(@QueryParam("limit") String limit, @QueryParam("page_token") String pageToken,
                                                @jakarta.ws.rs.core.Context UriInfo uri) {
        QueryParams.allowOnce(uri, Set.of("limit", "page_token"));
        return payments.list(caller.customerId(), limit, pageToken);
    }
}
