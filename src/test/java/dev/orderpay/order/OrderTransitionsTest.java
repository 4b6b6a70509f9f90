package dev.orderpay.order;

import static dev.orderpay.order.OrderStatus.CANCELLED;
import static dev.orderpay.order.OrderStatus.EXPIRED;
import static dev.orderpay.order.OrderStatus.PAID;
import static dev.orderpay.order.OrderStatus.PAYMENT_IN_PROGRESS;
import static dev.orderpay.order.OrderStatus.PENDING_APPROVAL;
import static dev.orderpay.order.OrderStatus.PENDING_PAYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The order state machine alone (issue #12 item 1): {@link OrderStatus#ALLOWED} and {@link Order}'s named transitions. */
class OrderTransitionsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theTableIsTheContractsLifeOfAnOrder() {
        assertThat(OrderStatus.ALLOWED).containsOnlyKeys(OrderStatus.values());
        assertThat(OrderStatus.ALLOWED.get(PENDING_APPROVAL)).containsExactlyInAnyOrder(PENDING_PAYMENT, CANCELLED, EXPIRED);
        assertThat(OrderStatus.ALLOWED.get(PENDING_PAYMENT)).containsExactlyInAnyOrder(PAYMENT_IN_PROGRESS, PAID, CANCELLED, EXPIRED);
        assertThat(OrderStatus.ALLOWED.get(PAYMENT_IN_PROGRESS)).containsExactlyInAnyOrder(PAID, PENDING_PAYMENT);
        for (OrderStatus done : EnumSet.of(PAID, CANCELLED, EXPIRED)) {
            assertThat(OrderStatus.ALLOWED.get(done)).as(done.wire()).isEmpty();
        }
        // the expiry job's statement selects exactly the statuses the table lets expire
        assertThat(OrderStatus.sourcesOf(EXPIRED)).containsExactlyInAnyOrder(PENDING_APPROVAL, PENDING_PAYMENT);
        assertThat(OrderRepository.EXPIRE_DUE).contains("status in ('pending_approval', 'pending_payment')")
                .contains("set status = 'expired'");
    }

    /** Each named transition: the status it needs and the status it leaves. */
    static Stream<Arguments> transitions() {
        return Stream.of(
                Arguments.of("approve", (Consumer<Order>) o -> o.approve(NOW), Set.of(PENDING_APPROVAL), PENDING_PAYMENT),
                Arguments.of("reject", (Consumer<Order>) o -> o.reject("approver-1", "why", NOW),
                        Set.of(PENDING_APPROVAL, PENDING_PAYMENT), CANCELLED),
                Arguments.of("cancel", (Consumer<Order>) o -> o.cancel(NOW), Set.of(PENDING_APPROVAL, PENDING_PAYMENT), CANCELLED),
                Arguments.of("holdForCheckout", (Consumer<Order>) o -> o.holdForCheckout("PAY-1", NOW),
                        Set.of(PENDING_PAYMENT), PAYMENT_IN_PROGRESS),
                Arguments.of("markPaid", (Consumer<Order>) o -> o.markPaid("PAY-1", NOW), Set.of(PENDING_PAYMENT, PAYMENT_IN_PROGRESS), PAID),
                Arguments.of("release", (Consumer<Order>) o -> o.release(NOW), Set.of(PAYMENT_IN_PROGRESS), PENDING_PAYMENT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void eachNamedTransitionMovesOnlyFromItsStatuses(String name, Consumer<Order> transition, Set<OrderStatus> from, OrderStatus to) {
        for (OrderStatus start : OrderStatus.values()) {
            Order o = order(start);
            if (from.contains(start)) {
                transition.accept(o);
                assertThat(o.status).as(name + " from " + start.wire()).isEqualTo(to);
                assertThat(o.updatedAt).isEqualTo(NOW);
                assertThat(start.canBecome(to)).isTrue();
            } else {
                assertThatThrownBy(() -> transition.accept(o)).as(name + " from " + start.wire())
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("order O-1");
                assertThat(o.status).isEqualTo(start);
            }
        }
    }

    @Test
    void placeStartsByTheApprovalFlagAndOnlyOnce() {
        Order review = new Order();
        review.requiresApproval = true;
        review.place(NOW);
        assertThat(review.status).isEqualTo(PENDING_APPROVAL);
        Order plain = new Order();
        plain.place(NOW);
        assertThat(plain.status).isEqualTo(PENDING_PAYMENT);
        assertThatThrownBy(() -> plain.place(NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void paymentFieldsFollowTheTransitions() {
        Order o = order(PENDING_PAYMENT);
        o.holdForCheckout("PAY-1", NOW);
        assertThat(o.heldBy("PAY-1")).isTrue();
        assertThat(o.heldBy("PAY-2")).isFalse();
        o.release(NOW);
        assertThat(o.paymentId).isNull();
        assertThat(o.heldBy("PAY-1")).isFalse();
        o.markPaid("PAY-3", NOW);
        assertThat(o.paymentId).isEqualTo("PAY-3");
        assertThat(o.paidAt).isEqualTo(NOW);
    }

    @Test
    void anApprovalIsRecordedOnlyWhilePendingApproval() {
        Order o = order(PENDING_APPROVAL);
        o.recordApproval("approver-1", NOW);
        assertThat(o.approvedBy).isEqualTo("approver-1");
        assertThat(o.status).isEqualTo(PENDING_APPROVAL);
        assertThatThrownBy(() -> order(PENDING_PAYMENT).recordApproval("approver-1", NOW))
                .isInstanceOf(IllegalStateException.class);
    }

    private static Order order(OrderStatus status) {
        Order o = new Order();
        o.orderId = "O-1";
        o.requiresApproval = status == PENDING_APPROVAL;
        o.place(NOW.minusSeconds(60));
        // walk the table to the wanted start, through the named transitions only
        switch (status) {
            case PENDING_APPROVAL, PENDING_PAYMENT -> { }
            case PAYMENT_IN_PROGRESS -> o.holdForCheckout("PAY-1", NOW.minusSeconds(30));
            case PAID -> o.markPaid("PAY-0", NOW.minusSeconds(30));
            case CANCELLED -> o.cancel(NOW.minusSeconds(30));
            case EXPIRED -> {
                return expired(o);
            }
        }
        return o;
    }

    /** Expiry is a set-based statement only ({@link OrderRepository#expireDue}); a loaded row shows it like this. */
    private static Order expired(Order o) {
        Order copy = new Order();
        copy.orderId = o.orderId;
        copy.status = EXPIRED;
        return copy;
    }
}
