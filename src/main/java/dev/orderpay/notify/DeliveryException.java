package dev.orderpay.notify;

/**
 * A message could not be delivered. {@code permanent}: the provider refused it for good
 * (bad address, rejected content) — retrying cannot help, the row becomes {@code failed}
 * at once. Otherwise (provider down, timeout, breaker open) it is retried with backoff.
 */
public class DeliveryException extends RuntimeException {

    private final boolean permanent;

    public DeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause, false, false);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }

    /** Refused for good: never retried, never counted by the SMS circuit breaker. */
    public static class Permanent extends DeliveryException {
        public Permanent(String message, Throwable cause) {
            super(message, true, cause);
        }
    }
}
