package dev.orderpay.gateway;

/**
 * The gateway could not be reached, timed out, answered 5xx or malformed data after the
 * fault-tolerance policy, or the circuit breaker is open (contract §6: 503 GATEWAY_UNAVAILABLE).
 */
public class GatewayUnavailableException extends RuntimeException {

    public GatewayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
