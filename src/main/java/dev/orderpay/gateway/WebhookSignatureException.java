package dev.orderpay.gateway;

import dev.orderpay.platform.ApiException;

/**
 * A webhook whose {@code Stripe-Signature} is missing, malformed, wrong, or outside the time
 * tolerance (contract §7): 400 {@code INVALID_SIGNATURE}, nothing changes. It is an
 * {@link ApiException}, so the REST layer renders it as problem+json without extra mapping.
 * {@link #reason()} says which check failed (for logs).
 */
public class WebhookSignatureException extends ApiException {

    private final String reason;

    public WebhookSignatureException(String reason) {
        super(400, "INVALID_SIGNATURE", "Invalid signature", "the Stripe-Signature header is invalid: " + reason);
        this.reason = reason;
    }

    /** E.g. {@code no signature header}, {@code timestamp outside tolerance}, {@code no matching v1 signature}. */
    public String reason() {
        return reason;
    }
}
