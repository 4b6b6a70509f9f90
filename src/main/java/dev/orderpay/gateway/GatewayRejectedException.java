package dev.orderpay.gateway;

/**
 * The gateway answered 4xx: an outcome, not a fault (contract §7), so it never opens the
 * breaker and is never retried. {@code code} is Stripe's error code (e.g.
 * {@code card_declined}, {@code resource_missing}), {@code declineCode} its decline code if any.
 */
public class GatewayRejectedException extends RuntimeException {

    private final int httpStatus;
    private final String code;
    private final String declineCode;

    public GatewayRejectedException(int httpStatus, String code, String declineCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
        this.declineCode = declineCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }

    public String declineCode() {
        return declineCode;
    }
}
