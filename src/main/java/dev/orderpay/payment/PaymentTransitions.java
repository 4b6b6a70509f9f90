package dev.orderpay.payment;

import dev.orderpay.order.Order;
import dev.orderpay.order.OrderRepository;
import dev.orderpay.platform.AppClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The database side of an online payment's life (contract §6, §7): each method is one
 * short transaction that locks the payment row ({@link PaymentRepository#lock}) and its orders
 * (by order_id, through {@link OrderRepository}), moves state forward only ({@link PaymentStatus#ALLOWED}, applied by
 * {@link Payment}'s named transitions), and is a no-op when the payment has already left the
 * state it expects.
 * The gateway is never called from here: callers act at the gateway first, then record.
 */
@ApplicationScoped
public class PaymentTransitions {

    /** What {@link #succeed} found. */
    public enum SuccessOutcome {
        /** Orders paid, coupons consumed, payment succeeded (now or before). */
        SUCCEEDED,
        /** The money came in but the orders can no longer be paid: refund it. */
        NEEDS_REFUND,
        /** The payment had already ended otherwise (failed, cancelled, refunded). */
        ENDED
    }

    private final SavingsApplier savings;
    private final OrderRepository orders;
    private final PaymentRepository payments;
    private final AppClock clock;
    private final MeterRegistry meters;

    public PaymentTransitions(SavingsApplier savings, OrderRepository orders, PaymentRepository payments, AppClock clock,
                              MeterRegistry meters) {
        this.savings = savings;
        this.orders = orders;
        this.payments = payments;
        this.clock = clock;
        this.meters = meters;
    }

    /** Micrometer name of the refunds recorded from the gateway; Prometheus shows {@code orderpay_refunds_total{kind}}. */
    public static final String REFUNDS = "orderpay.refunds";

    private Uni<Payment> lock(String paymentId) {
        return payments.lock(paymentId);
    }

    private Uni<List<Order>> lockOrders(Payment p) {
        return payments.itemsOf(p.paymentId)
                .flatMap(items -> orders.lockByIds(items.stream().map(i -> i.orderId).toList()));
    }

    /** Records the checkout session of a payment that is still waiting for it. */
    public Uni<Payment> attachCheckout(String paymentId, String sessionId, String url) {
        return Panache.withTransaction(() -> lock(paymentId).map(p -> {
            if (p.status == PaymentStatus.REQUIRES_ACTION && p.checkoutSessionId == null) {
                p.checkoutSessionId = sessionId;
                p.checkoutUrl = url;
                p.updatedAt = clock.now();
            }
            return p;
        }));
    }

    /** requires_action → processing once the card is authorised. */
    public Uni<Payment> processing(String paymentId, String paymentIntentId) {
        return Panache.withTransaction(() -> lock(paymentId).map(p -> {
            if (p.status == PaymentStatus.REQUIRES_ACTION) {
                p.markProcessing(paymentIntentId, clock.now());
            }
            return p;
        }));
    }

    /**
     * Ends an open payment without money: {@code failed} or {@code cancelled} with
     * {@code reason}; its orders go back to {@code pending_payment} (or read as expired past
     * their deadline) and its coupons return with their balance restored.
     */
    public Uni<Payment> fail(String paymentId, PaymentStatus status, String reason) {
        return Panache.withTransaction(() -> lock(paymentId).flatMap(p -> {
            if (p == null || !p.status.open()) {
                return Uni.createFrom().item(p);
            }
            Instant now = clock.now();
            p.end(status, reason, now);
            return lockOrders(p).flatMap(orders -> {
                release(p, orders, now);
                return savings.settleReservations(p.paymentId, false, now);
            }).replaceWith(p);
        }));
    }

    /**
     * Records the captured money: when every order is still held by this payment they
     * become {@code paid} and the coupons are consumed; otherwise nothing changes and the
     * caller must refund (contract §7).
     */
    public Uni<SuccessOutcome> succeed(String paymentId, String paymentIntentId) {
        return Panache.withTransaction(() -> lock(paymentId).flatMap(p -> {
            if (p.status == PaymentStatus.SUCCEEDED) {
                return Uni.createFrom().item(SuccessOutcome.SUCCEEDED);
            }
            if (!p.status.open()) {
                return Uni.createFrom().item(p.status == PaymentStatus.REFUNDED ? SuccessOutcome.ENDED : SuccessOutcome.NEEDS_REFUND);
            }
            Instant now = clock.now();
            return lockOrders(p).flatMap(orders -> {
                boolean allHeld = orders.stream().allMatch(o -> o.heldBy(p.paymentId));
                if (!allHeld) {
                    return Uni.createFrom().item(SuccessOutcome.NEEDS_REFUND);
                }
                orders.forEach(o -> o.markPaid(p.paymentId, now));
                p.succeed(paymentIntentId, now);
                return savings.settleReservations(p.paymentId, true, now).replaceWith(SuccessOutcome.SUCCEEDED);
            });
        }));
    }

    /**
     * Records a refund of money that could not pay its orders: {@code refunded} (with
     * {@code reason}, e.g. amount_mismatch, or null), orders still held released, coupons restored.
     */
    public Uni<Payment> refunded(String paymentId, String reason) {
        return Panache.withTransaction(() -> lock(paymentId).flatMap(p -> {
            if (p.status == PaymentStatus.REFUNDED || p.status == PaymentStatus.SUCCEEDED) {
                return Uni.createFrom().item(p);
            }
            Instant now = clock.now();
            p.refundUnpayable(reason, now);
            return lockOrders(p).flatMap(orders -> {
                release(p, orders, now);
                return savings.settleReservations(p.paymentId, false, now);
            }).replaceWith(p);
        }));
    }

    /**
     * Records what the gateway says was refunded of a payment that received money (issue #10
     * item 8): {@code refunded_amount} only grows (a repeated or older event changes nothing) and
     * never exceeds {@code total_payable}; when it reaches it, a {@code succeeded} payment becomes
     * {@code refunded}. A partial refund keeps {@code succeeded}. Orders stay {@code paid} either
     * way (README "Refunds made at the gateway"). Each increase counts once in
     * {@code orderpay_refunds_total{kind="full"|"partial"}}.
     *
     * @param refundedAmount minor units refunded in total so far, as the gateway reports it
     */
    public Uni<Payment> recordRefund(String paymentId, long refundedAmount) {
        return Panache.withTransaction(() -> lock(paymentId).map(p -> {
            if (p == null || (p.status != PaymentStatus.SUCCEEDED && p.status != PaymentStatus.REFUNDED)) {
                return p;
            }
            if (p.recordGatewayRefund(refundedAmount, clock.now())) {
                meters.counter(REFUNDS, "kind", p.fullyRefunded() ? "full" : "partial").increment();
            }
            return p;
        }));
    }

    private static void release(Payment p, List<Order> orders, Instant now) {
        for (Order o : orders) {
            if (o.heldBy(p.paymentId)) {
                o.release(now);
            }
        }
    }
}
