package dev.orderpay.gateway;

/**
 * The gateway answered 408, 409 (e.g. {@code idempotency_key_in_use}: a concurrent request
 * with the same key) or 429 (rate limited): a transient answer about the request, not a fault
 * of the gateway. Inside {@link StripeTransport} it is retried like a fault but, being a 4xx,
 * never counts as a circuit-breaker failure (contract §7, issue #10 item 4). Callers never see
 * it: once the retries are spent {@link StripeGateway} turns it into
 * {@link GatewayUnavailableException}.
 */
class GatewayBusyException extends RuntimeException {

    private final int httpStatus;

    GatewayBusyException(int httpStatus, String message) {
        super(message);
        this.httpStatus = httpStatus;
    }

    int httpStatus() {
        return httpStatus;
    }
}
