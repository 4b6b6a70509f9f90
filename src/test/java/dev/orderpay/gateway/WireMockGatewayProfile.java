package dev.orderpay.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The Stripe client against WireMock, with short fault-tolerance delays (set with both config
 * styles, to show both work), and the sandbox off.
 */
public class WireMockGatewayProfile implements QuarkusTestProfile {

    static final String FT = "quarkus.fault-tolerance.\"dev.orderpay.gateway.StripeTransport/send\".";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "payments.gateway.api-key", "sk_test_wiremock",
                "payments.sandbox.enabled", "false",
                // long enough that a loaded 2-core CI machine never times out a prompt answer
                FT + "timeout.value", "2500",
                FT + "retry.delay", "20",
                FT + "retry.jitter", "10",
                // MicroProfile style
                "dev.orderpay.gateway.StripeTransport/send/CircuitBreaker/delay", "1000");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WireMockResource.class, Map.of("property", "payments.gateway.base-url", "path", "")));
    }
}
