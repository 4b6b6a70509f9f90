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
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The customer's payments (contract §6). Only maps HTTP to {@link PaymentService}. */
@Tag(name = "Payments")
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
    @Operation(summary = "Pay one order (single payment) or 2–30 together (combined payment) (contract §6)")
    @APIResponse(responseCode = "201", description = "The payment; a repeated Idempotency-Key with the same body replays "
            + "the first answer", content = @Content(mediaType = "application/json", schema = @Schema(ref = "PaymentView")))
    @APIResponse(responseCode = "400", description = "error_code: VALIDATION_FAILED, TOO_MANY_ORDERS, DUPLICATE_ORDER_ID, "
            + "IDEMPOTENCY_KEY_REQUIRED")
    @APIResponse(responseCode = "404", description = "error_code: ORDER_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "error_code: ORDERS_PENDING_APPROVAL, ORDER_STATUS_CHANGED, ORDER_EXPIRED, "
            + "TOTAL_CHANGED, COUPON_ALREADY_USED, IDEMPOTENCY_IN_PROGRESS")
    // issue #10 item 5: the gateway refuses the payment for good (never 503 + Retry-After)
    @APIResponse(responseCode = "422", description = "error_code: COMBINED_PURCHASE_INCOMPLETE, CONTRACT_CONFIRMATION_REQUIRED, "
            + "CURRENCY_MISMATCH, MONTHLY_SETTLEMENT_NOT_ENABLED, IDEMPOTENCY_KEY_REUSED, "
            + "DISCOUNT_NOT_APPLICABLE, COUPON_NOT_APPLICABLE, COUPON_DISCOUNT_CONFLICT, "
            + "COUPON_COMBINATION_NOT_ALLOWED, AMOUNT_NOT_SUPPORTED_BY_GATEWAY, "
            + "GATEWAY_REFUSED")
    @APIResponse(responseCode = "503", description = "error_code: GATEWAY_UNAVAILABLE")
    @POST
    public Uni<Response> pay(@Parameter(required = true, description = "1–255 printable ASCII characters; the same key "
            + "and body replay the first answer for 24 h (contract §6)") @HeaderParam("Idempotency-Key") String key,
            PaymentRequest body) {
        String customerId = caller.customerId();
        return toCompletion(() -> payments.pay(customerId, key, body))
                .map(paid -> Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON)
                        .entity(paid.paymentJson()).build());
    }

    /** {@code POST /v1/payments/quote}: same body as a payment, changes nothing. */
    @Operation(summary = "Quote a payment: breakdown and usable savings; changes nothing (contract §5)")
    @APIResponse(responseCode = "200", description = "The quote",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "Quote")))
    @APIResponse(responseCode = "400", description = "error_code: VALIDATION_FAILED, TOO_MANY_ORDERS, DUPLICATE_ORDER_ID")
    @APIResponse(responseCode = "404", description = "error_code: ORDER_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "error_code: ORDERS_PENDING_APPROVAL, ORDER_STATUS_CHANGED, ORDER_EXPIRED, "
            + "COUPON_ALREADY_USED")
    @APIResponse(responseCode = "422", description = "error_code: COMBINED_PURCHASE_INCOMPLETE, CONTRACT_CONFIRMATION_REQUIRED, "
            + "CURRENCY_MISMATCH, DISCOUNT_NOT_APPLICABLE, COUPON_NOT_APPLICABLE, "
            + "COUPON_DISCOUNT_CONFLICT, COUPON_COMBINATION_NOT_ALLOWED")
    @POST
    @Path("/quote")
    public Uni<PaymentQuote> quote(PaymentRequest body) {
        String customerId = caller.customerId();
        return toCompletion(() -> payments.quote(customerId, body));
    }

    /** {@code POST /v1/payments/{payment_id}/cancel}: abandon a checkout that has not completed. */
    @Operation(summary = "Abandon an online checkout")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "404", description = "error_code: PAYMENT_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "error_code: PAYMENT_NOT_CANCELLABLE, SETTLEMENT_IN_PROGRESS")
    @APIResponse(responseCode = "503", description = "error_code: GATEWAY_UNAVAILABLE")
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
    @Operation(summary = "One of the caller's payments")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "404", description = "error_code: PAYMENT_NOT_FOUND")
    @GET
    @Path("/{payment_id}")
    public Uni<PaymentView> get(@PathParam("payment_id") String paymentId) {
        return payments.get(caller.customerId(), paymentId);
    }

    /** {@code GET /v1/payments?limit=&page_token=}: newest first. */
    @Operation(summary = "The caller's payments, newest first")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "400", description = "error_code: VALIDATION_FAILED")
    @GET
    public Uni<PaymentService.PaymentPage> list(@QueryParam("limit") String limit, @QueryParam("page_token") String pageToken,
                                                @jakarta.ws.rs.core.Context UriInfo uri) {
        QueryParams.allowOnce(uri, Set.of("limit", "page_token"));
        PaymentPageRequest page = PaymentPageRequest.parse(limit, pageToken);
        return payments.list(caller.customerId(), page);
    }
}
