package dev.orderpay.gateway;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Map;

/**
 * The card gateway, speaking the subset of Stripe's API named in contract §7. Amounts
 * are integer minor units; currencies upper-case ISO 4217 here (Stripe's lower case is
 * converted at the edge). Every mutating call carries an idempotency key, so a retry
 * never creates a second session, capture or refund.
 *
 * <p>Failures: {@link GatewayUnavailableException} when the gateway could not be reached
 * or answered 5xx after the fault-tolerance policy (or the breaker is open);
 * {@link GatewayRejectedException} for a 4xx answer (an outcome, e.g. a declined card,
 * never a fault). Implementations must never be called inside a database transaction.
 */
public interface PaymentGateway {

    /** Stripe Checkout Session (the fields we use). {@code status}: open, complete, expired. */
    record CheckoutSession(String id, String url, String status, String paymentStatus, String paymentIntentId,
                           String clientReferenceId, long amountTotal, String currency, Instant expiresAt) {
    }

    /**
     * Stripe PaymentIntent (the fields we use). {@code status}: requires_payment_method,
     * requires_confirmation, requires_action, processing, requires_capture, canceled, succeeded.
     * {@code cardBrand} e.g. visa, mastercard, amex; {@code cardFunding} credit, debit, prepaid, unknown.
     * {@code lastErrorCode} Stripe's decline/error code of the last attempt (e.g. card_declined), or null.
     * {@code amountRefunded} minor units refunded so far ({@code latest_charge.amount_refunded} of a
     * captured charge; 0 when not expanded or not captured).
     */
    record PaymentIntent(String id, String status, long amount, long amountCapturable, long amountReceived,
                         String currency, String cardBrand, String cardFunding, String lastErrorCode,
                         Map<String, String> metadata, long amountRefunded) {
    }

    /** Stripe Refund. {@code status}: pending, succeeded, failed, canceled. */
    record Refund(String id, String status, String paymentIntentId, long amount) {
    }

    /**
     * What to create a Checkout Session with: {@code mode=payment},
     * {@code payment_intent_data[capture_method]=manual}, one line item of {@code amount}.
     *
     * @param idempotencyKey    the payment ID (contract §7)
     * @param clientReferenceId the payment ID
     * @param expiresAt         when the checkout expires (Stripe accepts 30 min to 24 h ahead)
     */
    record CreateCheckout(String idempotencyKey, String clientReferenceId, long amount, String currency,
                          String description, Instant expiresAt, String successUrl, String cancelUrl,
                          String customerEmail, Map<String, String> metadata) {
    }

    /**
     * An off-session charge of a saved card (monthly bills, contract §8): confirm=true,
     * off_session=true, automatic capture.
     */
    record OffSessionCharge(String idempotencyKey, String gatewayCustomerId, String paymentMethod, long amount,
                            String currency, String description, Map<String, String> metadata) {
    }

    Uni<CheckoutSession> createCheckoutSession(CreateCheckout request);

    Uni<CheckoutSession> retrieveCheckoutSession(String sessionId);

    /** Expires an open session (Stripe: POST /v1/checkout/sessions/{id}/expire). */
    Uni<CheckoutSession> expireCheckoutSession(String sessionId, String idempotencyKey);

    Uni<PaymentIntent> retrievePaymentIntent(String paymentIntentId);

    Uni<PaymentIntent> capturePaymentIntent(String paymentIntentId, String idempotencyKey);

    Uni<PaymentIntent> cancelPaymentIntent(String paymentIntentId, String idempotencyKey);

    /** Refunds the whole captured amount of a PaymentIntent. */
    Uni<Refund> createRefund(String paymentIntentId, String idempotencyKey, Map<String, String> metadata);

    Uni<PaymentIntent> createOffSessionPaymentIntent(OffSessionCharge charge);
}
