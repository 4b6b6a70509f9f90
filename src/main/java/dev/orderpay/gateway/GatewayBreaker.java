package dev.orderpay.gateway;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The one circuit breaker of all gateway calls ({@code @CircuitBreakerName("stripe")} on
 * {@link StripeTransport#send}), for health and metrics (contract §11).
 */
@ApplicationScoped
@Startup
public class GatewayBreaker {

    /** The breaker's name, also usable with {@link CircuitBreakerMaintenance}. */
    public static final String NAME = "stripe";

    private final CircuitBreakerMaintenance maintenance;

    /**
     * Also publishes the state as Prometheus gauge {@code orderpay_gateway_breaker_state{state}}:
     * 1 for the current state, 0 for the others.
     */
    public GatewayBreaker(CircuitBreakerMaintenance maintenance, MeterRegistry meters) {
        this.maintenance = maintenance;
        for (String state : List.of("closed", "open", "half_open")) {
            Gauge.builder("orderpay.gateway.breaker.state", this,
                            b -> state.equals(b.breakerState()) ? 1 : 0)
                    .tag("state", state).description("Circuit breaker of the payment gateway calls (1 = current state)")
                    .register(meters);
        }
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
