package dev.orderpay.payment;

import static dev.orderpay.payment.CheckoutDecision.Action.CANCEL_AUTHORISATION;
import static dev.orderpay.payment.CheckoutDecision.Action.CAPTURE;
import static dev.orderpay.payment.CheckoutDecision.Action.END;
import static dev.orderpay.payment.CheckoutDecision.Action.EXPIRE_CHECKOUT;
import static dev.orderpay.payment.CheckoutDecision.Action.REFUND;
import static dev.orderpay.payment.CheckoutDecision.Action.SUCCEED_OR_REFUND;
import static dev.orderpay.payment.CheckoutDecision.Action.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderpay.gateway.PaymentGateway.CheckoutSession;
import dev.orderpay.gateway.PaymentGateway.PaymentIntent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The settling decision alone (issue #12 item 5): one row per gateway state of contract §7,
 * beside the end-to-end tests that run it against the sandbox gateway and WireMock.
 */
class CheckoutDecisionTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant BEFORE_DEADLINE = NOW.plusSeconds(600);
    private static final Instant PAST_DEADLINE = NOW.minusSeconds(1);
    private static final List<String> BRANDS = List.of("visa", "mastercard");
    private static final long TOTAL = 12_345;

    static Stream<Arguments> rows() {
        CheckoutSession open = session("open");
        return Stream.of(
                // name, deadline, session, PaymentIntent, first look, action, status, reason
                row("authorised visa credit, right amount", BEFORE_DEADLINE, open, pi("requires_capture", TOTAL, 0, "usd", "visa", "credit", null), true, CAPTURE, null, null),
                row("authorised, brand in other case", BEFORE_DEADLINE, open, pi("requires_capture", TOTAL, 0, "USD", "VISA", "Credit", null), true, CAPTURE, null, null),
                row("authorised for another amount", BEFORE_DEADLINE, open, pi("requires_capture", TOTAL + 1, 0, "usd", "visa", "credit", null), true, CANCEL_AUTHORISATION, PaymentStatus.FAILED, "amount_mismatch"),
                row("authorised in another currency", BEFORE_DEADLINE, open, pi("requires_capture", TOTAL, 0, "eur", "visa", "credit", null), true, CANCEL_AUTHORISATION, PaymentStatus.FAILED, "amount_mismatch"),
                row("authorised with a debit card", BEFORE_DEADLINE, open, pi("requires_capture", TOTAL, 0, "usd", "visa", "debit", null), true, CANCEL_AUTHORISATION, PaymentStatus.FAILED, "card_not_accepted"),
                row("authorised with amex", BEFORE_DEADLINE, open, pi("requires_capture", TOTAL, 0, "usd", "amex", "credit", null), true, CANCEL_AUTHORISATION, PaymentStatus.FAILED, "card_not_accepted"),
                row("wrong amount wins over wrong card", BEFORE_DEADLINE, open, pi("requires_capture", 1, 0, "usd", "amex", "debit", null), true, CANCEL_AUTHORISATION, PaymentStatus.FAILED, "amount_mismatch"),
                row("captured, right amount", PAST_DEADLINE, open, pi("succeeded", TOTAL, TOTAL, "usd", "visa", "credit", null), true, SUCCEED_OR_REFUND, null, null),
                row("captured, another amount received", BEFORE_DEADLINE, open, pi("succeeded", TOTAL, TOTAL - 1, "usd", "visa", "credit", null), true, REFUND, PaymentStatus.REFUNDED, "amount_mismatch"),
                row("canceled after a decline", BEFORE_DEADLINE, open, pi("canceled", TOTAL, 0, "usd", "visa", "credit", "card_declined"), true, END, PaymentStatus.FAILED, "card_declined"),
                row("canceled, card not accepted", BEFORE_DEADLINE, open, pi("canceled", TOTAL, 0, "usd", "visa", "prepaid", null), true, END, PaymentStatus.FAILED, "card_not_accepted"),
                row("canceled, amount differed", BEFORE_DEADLINE, open, pi("canceled", 5, 0, "usd", "visa", "credit", null), true, END, PaymentStatus.FAILED, "amount_mismatch"),
                row("canceled, no card shown", BEFORE_DEADLINE, open, pi("canceled", TOTAL, 0, "usd", null, null, null), true, END, PaymentStatus.FAILED, "gateway_error"),
                row("session expired at the gateway", BEFORE_DEADLINE, session("expired"), null, true, END, PaymentStatus.CANCELLED, "checkout_expired"),
                row("declined, customer may retry at checkout", BEFORE_DEADLINE, open, pi("requires_payment_method", TOTAL, 0, "usd", "visa", "credit", "card_declined"), true, EXPIRE_CHECKOUT, PaymentStatus.FAILED, "card_declined"),
                row("declined, second look", BEFORE_DEADLINE, open, pi("requires_payment_method", TOTAL, 0, "usd", "visa", "credit", "card_declined"), false, WAIT, null, null),
                row("past our deadline with a session", PAST_DEADLINE, open, null, true, EXPIRE_CHECKOUT, PaymentStatus.CANCELLED, "checkout_expired"),
                row("past our deadline, second look", PAST_DEADLINE, open, null, false, WAIT, null, null),
                row("past our deadline without a session", PAST_DEADLINE, null, null, true, END, PaymentStatus.CANCELLED, "checkout_expired"),
                row("at the deadline exactly", NOW, null, null, true, END, PaymentStatus.CANCELLED, "checkout_expired"),
                row("customer still at checkout", BEFORE_DEADLINE, open, null, true, WAIT, null, null),
                row("gateway still processing", BEFORE_DEADLINE, open, pi("processing", TOTAL, 0, "usd", "visa", "credit", null), true, WAIT, null, null),
                row("no session yet, before the deadline", BEFORE_DEADLINE, null, null, true, WAIT, null, null),
                row("no deadline at all", null, null, null, true, WAIT, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(String name, Instant deadline, CheckoutSession session, PaymentIntent pi, boolean firstLook,
                 CheckoutDecision.Action action, PaymentStatus status, String reason) {
        CheckoutDecision.Decision d = CheckoutDecision.decide(new CheckoutDecision.PaymentFacts(TOTAL, "USD", deadline),
                session, pi, NOW, BRANDS, firstLook);
        assertThat(d).isEqualTo(new CheckoutDecision.Decision(action, status, reason));
    }

    private static Arguments row(String name, Instant deadline, CheckoutSession session, PaymentIntent pi, boolean firstLook,
                                 CheckoutDecision.Action action, PaymentStatus status, String reason) {
        return Arguments.of(name, deadline, session, pi, firstLook, action, status, reason);
    }

    private static CheckoutSession session(String status) {
        return new CheckoutSession("cs_1", "https://checkout.example/cs_1", status, "unpaid", null, "PAY-1", TOTAL, "usd", NOW);
    }

    private static PaymentIntent pi(String status, long amount, long received, String currency, String brand, String funding,
                                    String lastError) {
        return new PaymentIntent("pi_1", status, amount, 0, received, currency, brand, funding, lastError, Map.of(), 0);
    }
}
