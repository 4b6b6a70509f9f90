package dev.orderpay.gateway;

/**
 * A transient failure of one gateway call (5xx, 409/429, unreadable answer) inside the
 * fault-tolerance boundary: it is retried and counts for the circuit breaker. Callers never
 * see it: {@link StripeGateway} turns it into {@link GatewayUnavailableException}.
 */
class GatewayFaultException extends RuntimeException {

    GatewayFaultException(String message) {
        super(message);
    }

    GatewayFaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
