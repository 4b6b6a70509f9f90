package dev.orderpay.payment;

import dev.orderpay.gateway.GatewayConfig;
import dev.orderpay.gateway.GatewayRejectedException;
import dev.orderpay.gateway.PaymentGateway;
import dev.orderpay.gateway.PaymentGateway.CheckoutSession;
import dev.orderpay.gateway.PaymentGateway.PaymentIntent;
import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.FaultPoints;
import dev.orderpay.platform.db.SqlStatements;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Settles an online checkout (not monthly settlement, which is {@code billing}): brings an
 * online payment up to date with the gateway's own state (contract §7). The
 * webhook handler and the reconciliation job both call {@link #settle}, which re-reads the
 * Checkout Session and PaymentIntent, acts at the gateway (capture, cancel, refund, expire
 * — each with an idempotency key derived from the payment ID, so repeats are harmless),
 * then records the result through {@link PaymentTransitions} (forward-only, one short
 * transaction each). Safe to run concurrently and repeatedly for the same payment: one
 * settler at a time holds the payment's lease (columns {@code settling_until}/{@code
 * settling_token}, claimed and cleared in short transactions of their own, never held across
 * a gateway call as a transaction), so two webhooks, a webhook and reconciliation, or two
 * instances never act at the gateway for one payment at once (issue #10 item 4). The lease
 * ({@code payments.settlement.lease}, default 5 min) outlasts the worst case of one settling:
 * at most 7 gateway calls x (3 attempts x 5 s timeout + retry delays) ≈ 2 min, plus the
 * database steps; a crashed settler's lease simply runs out.
 *
 * <p>The rules (what to do for each gateway state) are the pure {@link CheckoutDecision}.
 */
@ApplicationScoped
public class CheckoutSettler {

    private static final Logger LOG = Logger.getLogger(CheckoutSettler.class);
    /** How often a waiting settler looks at the lease again. */
    private static final Duration POLL = Duration.ofMillis(100);

    private final PaymentGateway gateway;
    private final PaymentTransitions transitions;
    private final PaymentRepository payments;
    private final AppClock clock;
    private final List<String> acceptedBrands;
    private final Duration lease;
    private final Duration wait;
    private final FaultPoints faults;
    private final SqlStatements sql;

    public CheckoutSettler(PaymentGateway gateway, PaymentTransitions transitions, PaymentRepository payments, AppClock clock,
                           FaultPoints faults, SqlStatements sql, GatewayConfig gatewayConfig, PaymentConfig config) {
        this.gateway = gateway;
        this.transitions = transitions;
        this.payments = payments;
        this.clock = clock;
        this.acceptedBrands = gatewayConfig.gateway().acceptedBrands().stream().map(b -> b.trim().toLowerCase(Locale.ROOT)).toList();
        this.lease = config.settlement().lease();
        this.wait = config.settlement().waitTime();
        this.faults = faults;
        this.sql = sql;
    }

    /**
     * Another settler holds the payment's lease (and kept it longer than the caller would wait):
     * 409 {@code SETTLEMENT_IN_PROGRESS} with {@code Retry-After: 10}; the webhook's event is not
     * recorded, so the gateway delivers it again.
     */
    public static class SettlerBusyException extends ApiException {
        public SettlerBusyException(String paymentId) {
            super(409, "SETTLEMENT_IN_PROGRESS", "CheckoutSettler in progress",
                    "payment " + paymentId + " is being settled by another request; try again shortly");
            header("Retry-After", "10");
        }
    }

    /**
     * Brings the payment up to date with the gateway, waiting up to {@code payments.settlement.wait}
     * for another settler of the same payment to finish. Returns its status afterwards.
     *
     * @throws dev.orderpay.gateway.GatewayUnavailableException when the gateway cannot be asked; nothing changed
     * @throws SettlerBusyException when another settler still holds the payment after the wait
     */
    public Uni<PaymentStatus> settle(String paymentId) {
        return exclusively(paymentId, wait, () -> settleHeld(paymentId));
    }

    /**
     * Like {@link #settle} but without waiting: fails at once with {@link SettlerBusyException}
     * when another settler holds the payment (reconciliation moves on to the next one).
     */
    public Uni<PaymentStatus> settleIfFree(String paymentId) {
        return exclusively(paymentId, Duration.ZERO, () -> settleHeld(paymentId));
    }

    /**
     * Records the refunds made at the gateway of a payment that received money (contract §7
     * {@code charge.refunded}, issue #10 item 8): re-reads the PaymentIntent's charge and stores
     * its {@code amount_refunded}; a full refund makes the payment {@code refunded}. Holds the
     * payment's lease like {@link #settle}. Returns the status afterwards.
     */
    public Uni<PaymentStatus> recordRefunds(String paymentId) {
        return exclusively(paymentId, wait, () -> load(paymentId).flatMap(p -> {
            if (p == null || p.paymentIntentId == null
                    || (p.status != PaymentStatus.SUCCEEDED && p.status != PaymentStatus.REFUNDED)) {
                return p == null ? Uni.createFrom().nullItem() : settleHeld(paymentId);
            }
            return gateway.retrievePaymentIntent(p.paymentIntentId)
                    .invoke(pi -> {
                        if (pi.amountRefunded() > p.refundedAmount) {
                            faults.reached(FaultPoints.Point.REFUND);
                        }
                    })
                    .flatMap(pi -> transitions.recordRefund(paymentId, pi.amountRefunded()))
                    .map(x -> x.status);
        }));
    }

    /** Runs {@code work} holding the payment's settling lease; waits up to {@code patience} for it. */
    <T> Uni<T> exclusively(String paymentId, Duration patience, Supplier<Uni<T>> work) {
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + patience.toNanos();
        return acquire(paymentId, token, deadline, Vertx.currentContext())
                .flatMap(x -> Uni.createFrom().<T>deferred(work::get)
                        .onTermination().call(() -> release(paymentId, token)));
    }

    private Uni<Void> acquire(String paymentId, String token, long deadline, Context context) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "update payment set settling_until = clock_timestamp() + make_interval(secs => ?2), settling_token = ?3 "
                                + "where payment_id = ?1 and (settling_until is null or settling_until < clock_timestamp())")
                .setParameter(1, paymentId).setParameter(2, (double) lease.toMillis() / 1000.0).setParameter(3, token)
                .executeUpdate()))
                .flatMap(n -> {
                    if (n == 1) {
                        return Uni.createFrom().voidItem();
                    }
                    if (context == null || System.nanoTime() >= deadline) {
                        return Uni.createFrom().failure(new SettlerBusyException(paymentId));
                    }
                    // Wait on the caller's Vert.x context (Hibernate Reactive must stay on it), then try again.
                    return Uni.createFrom().<Void>emitter(e -> context.owner().setTimer(POLL.toMillis(),
                                    id -> context.runOnContext(v -> e.complete(null))))
                            .flatMap(v -> acquire(paymentId, token, deadline, context));
                });
    }

    private Uni<Void> release(String paymentId, String token) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "update payment set settling_until = null, settling_token = null where payment_id = ?1 and settling_token = ?2")
                .setParameter(1, paymentId).setParameter(2, token).executeUpdate()))
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    // the database went away mid-settling: clear the lease once it is back, not 5 min later
                    LOG.warnf("could not clear the settling lease of %s, retrying in the background: %s", paymentId, e.toString());
                    sql.retryInBackground("settling lease of " + paymentId,
                            "update payment set settling_until = null, settling_token = null where payment_id = $1 and settling_token = $2",
                            Tuple.of(paymentId, token), lease);
                    return null;
                });
    }

    private Uni<PaymentStatus> settleHeld(String paymentId) {
        return load(paymentId).flatMap(p -> {
            if (p == null || !p.status.open()) {
                return Uni.createFrom().item(p == null ? null : p.status);
            }
            Uni<CheckoutSession> sessionUni = p.checkoutSessionId == null ? Uni.createFrom().nullItem()
                    : gateway.retrieveCheckoutSession(p.checkoutSessionId);
            return sessionUni.flatMap(session -> {
                String piId = session != null && session.paymentIntentId() != null ? session.paymentIntentId() : p.paymentIntentId;
                Uni<PaymentIntent> piUni = piId == null ? Uni.createFrom().nullItem() : gateway.retrievePaymentIntent(piId);
                return piUni.flatMap(pi -> decide(p, session, pi, true));
            });
        });
    }

    private Uni<Payment> load(String paymentId) {
        return Panache.withSession(() -> payments.findById(paymentId));
    }

    /** Carries out {@link CheckoutDecision#decide} for the gateway's state: acts at the gateway, then records. */
    private Uni<PaymentStatus> decide(Payment p, CheckoutSession session, PaymentIntent pi, boolean mayRetry) {
        String id = p.paymentId;
        CheckoutDecision.Decision d = CheckoutDecision.decide(CheckoutDecision.PaymentFacts.of(p), session, pi, clock.now(),
                acceptedBrands, mayRetry);
        return switch (d.action()) {
            case CAPTURE -> transitions.processing(id, pi.id())
                    .flatMap(x -> gateway.capturePaymentIntent(pi.id(), id + ":capture")
                            // refused (e.g. the authorisation lapsed): no money moved, end it
                            .onFailure(GatewayRejectedException.class).recoverWithItem((PaymentIntent) null))
                    .invoke(captured -> {
                        if (captured != null && "succeeded".equals(captured.status())) {
                            faults.reached(FaultPoints.Point.SETTLEMENT);
                        }
                    })
                    .flatMap(captured -> captured == null ? end(id, PaymentStatus.FAILED, "gateway_error")
                            : "succeeded".equals(captured.status()) ? succeedOrRefund(p, captured)
                            : Uni.createFrom().item(PaymentStatus.PROCESSING));
            case CANCEL_AUTHORISATION -> cancelAuthorisation(p, pi, d.reason());
            case REFUND -> refund(p, pi, d.reason());
            case SUCCEED_OR_REFUND -> succeedOrRefund(p, pi);
            case END -> end(id, d.status(), d.reason());
            // End the checkout at the gateway first; if the customer completed it meanwhile, settle that instead.
            case EXPIRE_CHECKOUT -> gateway.expireCheckoutSession(session.id(), id + ":expire")
                    .onFailure(GatewayRejectedException.class).recoverWithItem((CheckoutSession) null)
                    .flatMap(expired -> expired != null && "expired".equals(expired.status())
                            ? end(id, d.status(), d.reason()) : settleAgain(p));
            case WAIT -> Uni.createFrom().item(p.status);
        };
    }

    private Uni<PaymentStatus> settleAgain(Payment p) {
        return gateway.retrieveCheckoutSession(p.checkoutSessionId).flatMap(session -> {
            String piId = session.paymentIntentId() != null ? session.paymentIntentId() : p.paymentIntentId;
            Uni<PaymentIntent> piUni = piId == null ? Uni.createFrom().nullItem() : gateway.retrievePaymentIntent(piId);
            return piUni.flatMap(pi -> decide(p, session, pi, false));
        });
    }

    private Uni<PaymentStatus> succeedOrRefund(Payment p, PaymentIntent pi) {
        return transitions.succeed(p.paymentId, pi.id()).flatMap(outcome -> switch (outcome) {
            case SUCCEEDED -> Uni.createFrom().item(PaymentStatus.SUCCEEDED);
            case ENDED -> Uni.createFrom().item(PaymentStatus.REFUNDED);
            case NEEDS_REFUND -> refund(p, pi, null);
        });
    }

    private Uni<PaymentStatus> refund(Payment p, PaymentIntent pi, String reason) {
        LOG.warnf("refunding payment %s (%s): its orders can no longer be paid or the amount differs", p.paymentId, pi.id());
        return gateway.createRefund(pi.id(), p.paymentId + ":refund", Map.of("payment_id", p.paymentId))
                .replaceWithVoid()
                // refused because it is already refunded: the money is back all the same
                .onFailure(GatewayRejectedException.class).recoverWithUni(e -> alreadyRefunded((GatewayRejectedException) e))
                .invoke(r -> faults.reached(FaultPoints.Point.REFUND))
                .flatMap(r -> transitions.refunded(p.paymentId, reason)).map(x -> PaymentStatus.REFUNDED);
    }

    private Uni<PaymentStatus> cancelAuthorisation(Payment p, PaymentIntent pi, String reason) {
        return gateway.cancelPaymentIntent(pi.id(), p.paymentId + ":cancel")
                .replaceWithVoid()
                // refused because it is no longer cancellable (already canceled): nothing is held
                .onFailure(GatewayRejectedException.class).recoverWithItem((Void) null)
                .flatMap(x -> end(p.paymentId, PaymentStatus.FAILED, reason));
    }

    private static Uni<Void> alreadyRefunded(GatewayRejectedException e) {
        return "charge_already_refunded".equals(e.code()) ? Uni.createFrom().voidItem() : Uni.createFrom().failure(e);
    }

    private Uni<PaymentStatus> end(String paymentId, PaymentStatus status, String reason) {
        return transitions.fail(paymentId, status, reason).map(p -> p.status);
    }
}
