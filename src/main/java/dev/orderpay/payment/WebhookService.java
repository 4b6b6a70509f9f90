package dev.orderpay.payment;

import dev.orderpay.billing.BillingService;
import dev.orderpay.gateway.WebhookEvent;
import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.db.SqlStatements;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Applies the gateway's signed webhook events (contract §7) — at most once per event ID.
 * The event only says which payment to look at: the outcome comes from the gateway's
 * current state ({@link CheckoutSettler#settle}). The event ID is claimed before settling, marked
 * applied after, and released if settling fails, so the gateway's retry is applied then; a
 * claim whose process died before applying it runs out (settlement lease + wait) and the next
 * delivery applies the event (issue #11 item 1); a repeat of an applied event answers 200 and
 * changes nothing. An event for a payment the service does
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

    private static final Logger LOG = Logger.getLogger(WebhookService.class);

    private final CheckoutSettler settler;
    private final PaymentRepository payments;
    private final AppClock clock;
    private final BillingService billing;
    private final Duration settleLease;
    private final Duration settleWait;
    private final SqlStatements sql;

    /** How often a delivery waiting for another delivery of the same event looks again. */
    private static final long POLL_MILLIS = 100;

    public WebhookService(CheckoutSettler settler, PaymentRepository payments, AppClock clock, BillingService billing,
                          PaymentConfig config, SqlStatements sql) {
        this.settler = settler;
        this.payments = payments;
        this.sql = sql;
        this.clock = clock;
        this.billing = billing;
        this.settleLease = config.settlement().lease();
        this.settleWait = config.settlement().waitTime();
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
            return claim(event, null).flatMap(claim -> claim == Claim.APPLIED ? Uni.createFrom().item(Result.DUPLICATE)
                    : billing.onPaymentIntentEvent(billId, event.paymentIntentId())
                            .call(x -> applied(event.id())).replaceWith(Result.APPLIED)
                            .onFailure().call(e -> unclaim(event.id())));
        }
        return findPayment(hinted, event).flatMap(paymentId -> {
            if (paymentId == null) {
                return Uni.createFrom().failure(ApiException.notFound("PAYMENT_NOT_FOUND",
                        "no payment for event " + event.id() + " (yet)"));
            }
            return claim(event, paymentId).flatMap(claim -> {
                if (claim == Claim.APPLIED) {
                    return Uni.createFrom().item(Result.DUPLICATE);
                }
                Uni<?> work = "charge.refunded".equals(event.type()) ? settler.recordRefunds(paymentId)
                        : settler.settle(paymentId);
                return work.call(x -> applied(event.id())).replaceWith(Result.APPLIED)
                        .onFailure().call(e -> unclaim(event.id()));
            });
        });
    }

    /** The payment the event names: by our payment ID first, else by its Checkout Session or PaymentIntent ID. */
    private Uni<String> findPayment(String hinted, WebhookEvent event) {
        Uni<Payment> byHint = hinted == null ? Uni.createFrom().nullItem()
                : Panache.withSession(() -> payments.findById(hinted));
        return byHint.flatMap(p -> {
            if (p != null || (event.objectId() == null && event.paymentIntentId() == null)) {
                return Uni.createFrom().item(p);
            }
            return Panache.withSession(() -> payments.findByGatewayIds(event.objectId(), event.paymentIntentId()));
        }).map(p -> p == null ? null : p.paymentId);
    }

    /** What {@link #claim} found. */
    enum Claim { CLAIMED, APPLIED }

    /**
     * Claims the event for this delivery: a new event, or one whose earlier claim ran out without
     * being applied (its process died; issue #11 item 1). An event applied before is
     * {@link Claim#APPLIED}. An event another delivery is applying right now is waited for (up to
     * {@code payments.settlement.wait}), then found applied, taken over, or answered 409
     * SETTLEMENT_IN_PROGRESS, so the gateway delivers it again: never "duplicate" before it was applied.
     */
    Uni<Claim> claim(WebhookEvent event, String paymentId) {
        return claim(event, paymentId, System.nanoTime() + settleWait.toNanos(), Vertx.currentContext());
    }

    private Uni<Claim> claim(WebhookEvent event, String paymentId, long deadline, Context context) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "insert into webhook_event (event_id, type, payment_id, received_at, claimed_until) "
                                + "values (?1, ?2, ?3, ?4, clock_timestamp() + make_interval(secs => ?5)) "
                                + "on conflict (event_id) do update set claimed_until = excluded.claimed_until, "
                                + "received_at = excluded.received_at "
                                + "where webhook_event.applied_at is null and webhook_event.claimed_until < clock_timestamp()")
                .setParameter(1, event.id()).setParameter(2, event.type()).setParameter(3, paymentId)
                .setParameter(4, clock.now().atOffset(ZoneOffset.UTC)).setParameter(5, claimSeconds())
                .executeUpdate()
                .flatMap(n -> n == 1 ? Uni.createFrom().item(Claim.CLAIMED)
                        : s.createNativeQuery("select count(*) from webhook_event where event_id = ?1 and applied_at is not null",
                                        Long.class).setParameter(1, event.id()).getSingleResult()
                                .map(applied -> applied > 0 ? Claim.APPLIED : null))))
                .flatMap(found -> {
                    if (found != null) {
                        return Uni.createFrom().item(found);
                    }
                    if (context == null || System.nanoTime() >= deadline) {
                        return Uni.createFrom().failure(new CheckoutSettler.SettlerBusyException(
                                paymentId != null ? paymentId : "of event " + event.id()));
                    }
                    // Another delivery is applying it: wait on the caller's context (Hibernate Reactive stays on it).
                    return Uni.createFrom().<Void>emitter(e -> context.owner().setTimer(POLL_MILLIS,
                                    id -> context.runOnContext(v -> e.complete(null))))
                            .flatMap(v -> claim(event, paymentId, deadline, context));
                });
    }

    /** How long a claim holds without being applied: one settling's lease plus its wait. */
    private double claimSeconds() {
        return (settleLease.toMillis() + settleWait.toMillis()) / 1000.0;
    }

    private Uni<Void> applied(String eventId) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "update webhook_event set applied_at = ?2, claimed_until = null where event_id = ?1")
                .setParameter(1, eventId).setParameter(2, clock.now().atOffset(ZoneOffset.UTC)).executeUpdate()))
                .replaceWithVoid();
    }

    private Uni<Void> unclaim(String eventId) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "delete from webhook_event where event_id = ?1 and applied_at is null").setParameter(1, eventId).executeUpdate()))
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    // the database went away: drop the claim once it is back, so the gateway's next
                    // delivery applies the event then, not after the claim ran out (lease + wait). The
                    // claim is ours until then, so a late delete cannot remove another delivery's claim.
                    LOG.warnf("could not release the claim of event %s, retrying in the background: %s", eventId, e.toString());
                    sql.retryInBackground("claim of event " + eventId, "delete from webhook_event where event_id = $1 and applied_at is null",
                            Tuple.of(eventId), settleLease);
                    return null;
                });
    }
}
