package dev.orderpay.payment;

import dev.orderpay.billing.BillingService;
import dev.orderpay.gateway.WebhookEvent;
import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.AppClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Applies the gateway's signed webhook events (contract §7) — at most once per event ID.
 * The event only says which payment to look at: the outcome comes from the gateway's
 * current state ({@link CheckoutSettler#settle}). The event ID is claimed before settling and
 * released if settling fails, so the gateway's retry is applied then; a repeat of an
 * applied event answers 200 and changes nothing. An event for a payment the service does
 * not know yet answers 404, so the gateway retries it. {@code charge.refunded} of a payment
 * that received money records the refunded amount ({@link CheckoutSettler#recordRefunds}). One
 * settler per payment at a time: an event for a payment being settled waits for it (up to
 * {@code payments.settlement.wait}), else answers 409 SETTLEMENT_IN_PROGRESS and is delivered again.
 */
@ApplicationScoped
public class WebhookService {

    /** The event types of contract §7; others are acknowledged and ignored. */
    public static final Set<String> HANDLED = Set.of("checkout.session.completed", "checkout.session.expired",
            "payment_intent.amount_capturable_updated", "payment_intent.succeeded", "payment_intent.payment_failed",
            "payment_intent.canceled", "charge.refunded");

    /** What happened to an event. */
    public enum Result { APPLIED, DUPLICATE, IGNORED }

    /** Bill PaymentIntent events that are applied (the rest of a bill's events are acknowledged and ignored). */
    static final Set<String> BILL_EVENTS = Set.of("payment_intent.succeeded", "payment_intent.payment_failed");

    private final CheckoutSettler settler;
    private final AppClock clock;
    private final BillingService billing;

    public WebhookService(CheckoutSettler settler, AppClock clock, BillingService billing) {
        this.settler = settler;
        this.clock = clock;
        this.billing = billing;
    }

    /**
     * Handles a verified event.
     *
     * @throws ApiException 404 PAYMENT_NOT_FOUND for an unknown payment (the gateway retries)
     * @throws dev.orderpay.gateway.GatewayUnavailableException when the gateway cannot be asked (the gateway retries)
     */
    public Uni<Result> handle(WebhookEvent event) {
        if (!HANDLED.contains(event.type())) {
            return Uni.createFrom().item(Result.IGNORED);
        }
        String hinted = event.clientReferenceId() != null ? event.clientReferenceId() : event.metadata("payment_id");
        String billId = event.metadata("bill_id");
        if (hinted == null && billId != null) {
            // An off-session bill deduction (issue #10 item 6): its outcome may come later than the
            // billing job's attempt (processing), so a success marks the bill paid; others are ignored.
            if (!BILL_EVENTS.contains(event.type())) {
                return Uni.createFrom().item(Result.IGNORED);
            }
            return claimBillEvent(event).flatMap(claimed -> !claimed ? Uni.createFrom().item(Result.DUPLICATE)
                    : billing.onPaymentIntentEvent(billId, event.paymentIntentId()).replaceWith(Result.APPLIED)
                            .onFailure().call(e -> unclaim(event.id())));
        }
        return findPayment(hinted, event).flatMap(paymentId -> {
            if (paymentId == null) {
                return Uni.createFrom().failure(ApiException.notFound("PAYMENT_NOT_FOUND",
                        "no payment for event " + event.id() + " (yet)"));
            }
            return claim(event, paymentId).flatMap(claimed -> {
                if (!claimed) {
                    return Uni.createFrom().item(Result.DUPLICATE);
                }
                Uni<?> work = "charge.refunded".equals(event.type()) ? settler.recordRefunds(paymentId)
                        : settler.settle(paymentId);
                return work.replaceWith(Result.APPLIED)
                        .onFailure().call(e -> unclaim(event.id()));
            });
        });
    }

    /** The payment the event names: by our payment ID first, else by its Checkout Session or PaymentIntent ID. */
    private Uni<String> findPayment(String hinted, WebhookEvent event) {
        Uni<Payment> byHint = hinted == null ? Uni.createFrom().nullItem()
                : Panache.withSession(() -> Payment.<Payment>findById(hinted));
        return byHint.flatMap(p -> {
            if (p != null || (event.objectId() == null && event.paymentIntentId() == null)) {
                return Uni.createFrom().item(p);
            }
            StringBuilder where = new StringBuilder("checkoutSessionId = :object or paymentIntentId = :pi");
            Parameters params = Parameters
                    .with("object", event.objectId() == null ? "" : event.objectId())
                    .and("pi", event.paymentIntentId() == null ? "" : event.paymentIntentId());
            return Panache.withSession(() -> Payment.<Payment>find(where.toString(), params).firstResult());
        }).map(p -> p == null ? null : p.paymentId);
    }

    private Uni<Boolean> claim(WebhookEvent event, String paymentId) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "insert into webhook_event (event_id, type, payment_id, received_at) values (?1, ?2, ?3, ?4) "
                                + "on conflict (event_id) do nothing")
                .setParameter(1, event.id()).setParameter(2, event.type()).setParameter(3, paymentId)
                .setParameter(4, clock.now().atOffset(ZoneOffset.UTC))
                .executeUpdate())).map(n -> n == 1);
    }

    private Uni<Boolean> claimBillEvent(WebhookEvent event) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "insert into webhook_event (event_id, type, received_at) values (?1, ?2, ?3) "
                                + "on conflict (event_id) do nothing")
                .setParameter(1, event.id()).setParameter(2, event.type())
                .setParameter(3, clock.now().atOffset(ZoneOffset.UTC))
                .executeUpdate())).map(n -> n == 1);
    }

    private Uni<Void> unclaim(String eventId) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "delete from webhook_event where event_id = ?1").setParameter(1, eventId).executeUpdate()))
                .replaceWithVoid();
    }
}
