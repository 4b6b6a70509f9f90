package dev.orderpay.platform.ops;

import dev.orderpay.gateway.GatewayBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * "Breaker state" (contract §11) as the Prometheus gauge {@code orderpay_gateway_breaker_state{state}}:
 * 1 for the state the gateway's circuit breaker is in ({@code closed}, {@code open},
 * {@code half_open}), 0 for the others; read from {@link GatewayBreaker} on each scrape (an
 * in-memory lookup). Gateway calls by outcome are {@code orderpay_gateway_calls_total} (recorded
 * by the gateway client).
 */
@ApplicationScoped
public class GatewayBreakerMetrics implements MeterBinder {

    /** Micrometer name; Prometheus shows {@code orderpay_gateway_breaker_state}. */
    public static final String GAUGE = "orderpay.gateway.breaker.state";
    static final List<String> STATES = List.of("closed", "open", "half_open");

    private final GatewayBreaker breaker;

    public GatewayBreakerMetrics(GatewayBreaker breaker) {
        this.breaker = breaker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String state : STATES) {
            Gauge.builder(GAUGE, this, m -> m.is(state))
                    .description("1 for the gateway circuit breaker's current state, else 0")
                    .tag("state", state)
                    .register(registry);
        }
    }

    private double is(String state) {
        try {
            return state.equals(breaker.breakerState()) ? 1 : 0;
        } catch (RuntimeException e) {
            return Double.NaN; // breaker not known yet
        }
    }
}
