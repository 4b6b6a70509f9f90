package dev.orderpay.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.orderpay.gateway.GatewayBreaker;
import dev.orderpay.gateway.InjectWireMock;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/**
 * The setup shared by payment tests whose gateway is WireMock (subclasses are {@code @QuarkusTest}s
 * with {@code @TestProfile(WireMockGatewayProfile.class)}): the WireMock server, the gateway's
 * circuit breaker and the database; WireMock's stubs and requests cleared and every circuit
 * breaker closed before each test.
 */
public abstract class WireMockGatewaySetup {

    @InjectWireMock
    protected WireMockServer wireMock;

    @Inject
    protected CircuitBreakerMaintenance maintenance;

    @Inject
    protected GatewayBreaker breaker;

    @Inject
    protected Db db;

    @BeforeEach
    void resetGatewayAndBreakers() {
        wireMock.resetAll();
        maintenance.resetAll();
    }
}
