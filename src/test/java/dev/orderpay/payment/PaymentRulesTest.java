package dev.orderpay.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.orderpay.order.Order;
import dev.orderpay.order.OrderStatus;
import dev.orderpay.platform.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The payment eligibility rules alone (contract §6 checks 1–6, issue #12 item 5): one row per
 * situation, over orders built in memory, beside the end-to-end payment tests.
 */
class PaymentRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** An order as the payment would load it: id, status, currency, combined purchase, overlap, deadline passed. */
    record O(String id, OrderStatus status, String currency, String combined, boolean overlap, boolean pastDeadline) {
        static O of(String id, OrderStatus status) {
            return new O(id, status, "USD", null, false, false);
        }

        O in(String combinedPurchaseId) {
            return new O(id, status, currency, combinedPurchaseId, overlap, pastDeadline);
        }

        O currency(String c) {
            return new O(id, status, c, combined, overlap, pastDeadline);
        }

        O overlapping() {
            return new O(id, status, currency, combined, true, pastDeadline);
        }

        O expired() {
            return new O(id, status, currency, combined, overlap, true);
        }
    }

    static Stream<Arguments> rows() {
        OrderStatus pending = OrderStatus.PENDING_PAYMENT;
        return Stream.of(
                // name, loaded, requested, confirmed, error code (null = payable), payable ids, skipped "id:reason"
                row("one payable order", List.of(O.of("A", pending)), List.of("A"), false, null, List.of("A"), List.of()),
                row("unknown or another customer's order", List.of(O.of("A", pending)), List.of("A", "Z"), false,
                        "ORDER_NOT_FOUND", null, null),
                row("awaiting approval", List.of(O.of("A", OrderStatus.PENDING_APPROVAL)), List.of("A"), false,
                        "ORDERS_PENDING_APPROVAL", null, null),
                row("awaiting approval, past its deadline, reads expired", List.of(O.of("A", OrderStatus.PENDING_APPROVAL).expired()),
                        List.of("A"), false, "ORDER_EXPIRED", null, null),
                row("part of a combined purchase", List.of(O.of("A", pending).in("CP1"), O.of("B", pending).in("CP1")),
                        List.of("A"), false, "COMBINED_PURCHASE_INCOMPLETE", null, null),
                row("a whole combined purchase", List.of(O.of("A", pending).in("CP1"), O.of("B", pending).in("CP1")),
                        List.of("A", "B"), false, null, List.of("A", "B"), List.of()),
                row("contract overlap unconfirmed", List.of(O.of("A", pending).overlapping()), List.of("A"), false,
                        "CONTRACT_CONFIRMATION_REQUIRED", null, null),
                row("contract overlap confirmed", List.of(O.of("A", pending).overlapping()), List.of("A"), true,
                        null, List.of("A"), List.of()),
                row("single order past its deadline", List.of(O.of("A", pending).expired()), List.of("A"), false,
                        "ORDER_EXPIRED", null, null),
                row("single order already paid", List.of(O.of("A", OrderStatus.PAID)), List.of("A"), false,
                        "ORDER_STATUS_CHANGED", null, null),
                row("single order held by a checkout", List.of(O.of("A", OrderStatus.PAYMENT_IN_PROGRESS)), List.of("A"), false,
                        "ORDER_STATUS_CHANGED", null, null),
                row("single order whose sibling was cancelled",
                        List.of(O.of("A", pending).in("CP1"), O.of("B", OrderStatus.CANCELLED).in("CP1")), List.of("A"), false,
                        "ORDER_STATUS_CHANGED", null, null),
                row("combined payment skips a paid order", List.of(O.of("A", pending), O.of("B", OrderStatus.PAID)),
                        List.of("A", "B"), false, null, List.of("A"), List.of("B:status_changed")),
                row("combined payment skips an expired order", List.of(O.of("A", pending), O.of("B", pending).expired()),
                        List.of("B", "A"), false, null, List.of("A"), List.of("B:expired")),
                row("combined payment skips a purchase one of whose orders expired",
                        List.of(O.of("A", pending), O.of("B", pending).in("CP1"), O.of("C", pending).in("CP1").expired()),
                        List.of("A", "B", "C"), false, null, List.of("A"), List.of("B:combined_purchase_not_payable", "C:expired")),
                row("combined payment with nothing left", List.of(O.of("A", OrderStatus.PAID), O.of("B", OrderStatus.CANCELLED)),
                        List.of("A", "B"), false, "ORDER_STATUS_CHANGED", null, null),
                row("two currencies", List.of(O.of("A", pending), O.of("B", pending).currency("JPY")), List.of("A", "B"), false,
                        "CURRENCY_MISMATCH", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void checks(String name, List<O> loaded, List<String> requested, boolean confirmed, String error,
                List<String> payable, List<String> skipped) {
        List<Order> orders = loaded.stream().map(PaymentRulesTest::order).toList();
        if (error != null) {
            ApiException e = catchThrowableOfType(ApiException.class,
                    () -> PaymentRules.check(requested, orders, confirmed, NOW));
            assertThat(e).as(name).isNotNull();
            assertThat(e.errorCode()).isEqualTo(error);
            return;
        }
        PaymentRules.Checked checked = PaymentRules.check(requested, orders, confirmed, NOW);
        assertThat(checked.payable()).extracting(o -> o.orderId).containsExactlyElementsOf(payable);
        assertThat(checked.skipped()).extracting(m -> m.orderId() + ":" + m.reason().wire()).containsExactlyElementsOf(skipped);
        assertThat(checked.currency()).isEqualTo("USD");
    }

    private static Arguments row(String name, List<O> loaded, List<String> requested, boolean confirmed, String error,
                                 List<String> payable, List<String> skipped) {
        return Arguments.of(name, loaded, requested, confirmed, error, payable, skipped);
    }

    /** Builds the order through its named transitions only. */
    private static Order order(O spec) {
        Order o = new Order();
        o.orderId = spec.id();
        o.customerId = "cust-1";
        o.currency = spec.currency();
        o.combinedPurchaseId = spec.combined();
        o.contractOverlap = spec.overlap();
        o.requiresApproval = spec.status() == OrderStatus.PENDING_APPROVAL;
        o.expiresAt = spec.pastDeadline() ? NOW.minusSeconds(1) : NOW.plusSeconds(3600);
        o.place(NOW.minusSeconds(60));
        switch (spec.status()) {
            case PAYMENT_IN_PROGRESS -> o.holdForCheckout("PAY-0", NOW.minusSeconds(30));
            case PAID -> o.markPaid("PAY-0", NOW.minusSeconds(30));
            case CANCELLED -> o.cancel(NOW.minusSeconds(30));
            default -> { }
        }
        return o;
    }
}
