package dev.orderpay.gateway;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one circuit breaker of all gateway calls ({@code @CircuitBreakerName("stripe")} on
 * {@link StripeTransport#send}), for health and metrics (contract §11).
 */
@ApplicationScoped
public class GatewayBreaker {

    /** The breaker's name, also usable with {@link CircuitBreakerMaintenance}. */
    public static final String NAME = "stripe";

    private final CircuitBreakerMaintenance maintenance;

    public GatewayBreaker(CircuitBreakerMaintenance maintenance) {
        this.maintenance = maintenance;
    }

    /** {@code closed}, {@code open} or {@code half_open}. */
    public String breakerState() {
        return switch (maintenance.currentState(NAME)) {
            case CLOSED -> "closed";
            case OPEN -> "open";
            case HALF_OPEN -> "half_open";
        };
    }

    /** Back to closed with empty statistics (tests, or an operator after an incident). */
    public void reset() {
        maintenance.reset(NAME);
    }
}
