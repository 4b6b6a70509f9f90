package dev.orderpay.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness reports the gateway breaker (contract §11) without failing on it: an open breaker
 * means online payments answer 503 for a while, not that this instance should leave the load
 * balancer (monthly settlement, search and webhooks still work).
 */
@Readiness
@ApplicationScoped
public class GatewayHealthCheck implements HealthCheck {

    private final GatewayBreaker breaker;

    public GatewayHealthCheck(GatewayBreaker breaker) {
        this.breaker = breaker;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("payment-gateway").up().withData("breaker", breaker.breakerState()).build();
    }
}
