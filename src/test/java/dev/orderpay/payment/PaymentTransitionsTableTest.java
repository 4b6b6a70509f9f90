package dev.orderpay.payment;

import static dev.orderpay.payment.PaymentStatus.CANCELLED;
import static dev.orderpay.payment.PaymentStatus.FAILED;
import static dev.orderpay.payment.PaymentStatus.PROCESSING;
import static dev.orderpay.payment.PaymentStatus.REFUNDED;
import static dev.orderpay.payment.PaymentStatus.REQUIRES_ACTION;
import static dev.orderpay.payment.PaymentStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The payment state machine alone (issue #12 item 2): {@link PaymentStatus#ALLOWED} agrees with
 * its documentation and contract §6/§7, and {@link Payment}'s named transitions obey it.
 */
class PaymentTransitionsTableTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theTableIsForwardOnly() {
        assertThat(PaymentStatus.ALLOWED).containsOnlyKeys(PaymentStatus.values());
        assertThat(PaymentStatus.ALLOWED.get(REQUIRES_ACTION)).containsExactlyInAnyOrder(PROCESSING, SUCCEEDED, FAILED, CANCELLED, REFUNDED);
        assertThat(PaymentStatus.ALLOWED.get(PROCESSING)).containsExactlyInAnyOrder(SUCCEEDED, FAILED, CANCELLED, REFUNDED);
        // the refund recorded from the gateway (charge.refunded): the documented succeeded -> refunded
        assertThat(PaymentStatus.ALLOWED.get(SUCCEEDED)).containsExactly(REFUNDED);
        assertThat(PaymentStatus.ALLOWED.get(FAILED)).containsExactly(REFUNDED);
        assertThat(PaymentStatus.ALLOWED.get(CANCELLED)).containsExactly(REFUNDED);
        assertThat(PaymentStatus.ALLOWED.get(REFUNDED)).isEmpty();
        // nothing ever goes back to an open status
        PaymentStatus.ALLOWED.values().forEach(to -> assertThat(to).doesNotContain(REQUIRES_ACTION));
        assertThat(PaymentStatus.INITIAL).containsExactlyInAnyOrder(REQUIRES_ACTION, SUCCEEDED);
    }

    static Stream<Arguments> transitions() {
        return Stream.of(
                Arguments.of("markProcessing", (Consumer<Payment>) p -> p.markProcessing("pi_1", NOW), PROCESSING),
                Arguments.of("end failed", (Consumer<Payment>) p -> p.end(FAILED, "card_declined", NOW), FAILED),
                Arguments.of("end cancelled", (Consumer<Payment>) p -> p.end(CANCELLED, "checkout_expired", NOW), CANCELLED),
                Arguments.of("succeed", (Consumer<Payment>) p -> p.succeed("pi_1", NOW), SUCCEEDED),
                Arguments.of("refundUnpayable", (Consumer<Payment>) p -> p.refundUnpayable(null, NOW), REFUNDED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void eachNamedTransitionObeysTheTable(String name, Consumer<Payment> transition, PaymentStatus to) {
        for (PaymentStatus start : PaymentStatus.values()) {
            Payment p = payment(start);
            if (start.canBecome(to)) {
                transition.accept(p);
                assertThat(p.status).as(name + " from " + start.wire()).isEqualTo(to);
                assertThat(p.updatedAt).isEqualTo(NOW);
            } else {
                assertThatThrownBy(() -> transition.accept(p)).as(name + " from " + start.wire())
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("PAY-1");
                assertThat(p.status).isEqualTo(start);
            }
        }
    }

    @Test
    void aGatewayRefundOnlyGrowsAndAFullOneRefunds() {
        Payment p = payment(SUCCEEDED);
        p.totalPayable = 1000;
        assertThat(p.recordGatewayRefund(300, NOW)).isTrue();
        assertThat(p.status).isEqualTo(SUCCEEDED);
        assertThat(p.refundedAmount).isEqualTo(300);
        assertThat(p.recordGatewayRefund(200, NOW)).as("an older report").isFalse();
        assertThat(p.refundedAmount).isEqualTo(300);
        assertThat(p.recordGatewayRefund(5000, NOW)).isTrue();
        assertThat(p.refundedAmount).as("capped at total_payable").isEqualTo(1000);
        assertThat(p.status).isEqualTo(REFUNDED);
        assertThat(p.recordGatewayRefund(1000, NOW)).as("a repeat").isFalse();
        assertThatThrownBy(() -> payment(FAILED).recordGatewayRefund(1, NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPaymentStartsOnlyInAStartingStatus() {
        for (PaymentStatus s : PaymentStatus.values()) {
            Payment p = new Payment();
            p.paymentId = "PAY-1";
            if (PaymentStatus.INITIAL.contains(s)) {
                p.start(s);
                assertThat(p.status).isEqualTo(s);
                assertThatThrownBy(() -> p.start(s)).isInstanceOf(IllegalStateException.class);
            } else {
                assertThatThrownBy(() -> p.start(s)).isInstanceOf(IllegalStateException.class);
            }
        }
        assertThatThrownBy(() -> payment(REQUIRES_ACTION).end(SUCCEEDED, null, NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A payment in {@code status}, reached through the named transitions only. */
    private static Payment payment(PaymentStatus status) {
        Payment p = new Payment();
        p.paymentId = "PAY-1";
        Instant before = NOW.minusSeconds(60);
        switch (status) {
            case REQUIRES_ACTION -> p.start(REQUIRES_ACTION);
            case PROCESSING -> {
                p.start(REQUIRES_ACTION);
                p.markProcessing("pi_1", before);
            }
            case SUCCEEDED -> p.start(SUCCEEDED);
            case FAILED, CANCELLED -> {
                p.start(REQUIRES_ACTION);
                p.end(status, "x", before);
            }
            case REFUNDED -> {
                p.start(REQUIRES_ACTION);
                p.refundUnpayable(null, before);
            }
        }
        return p;
    }
}
