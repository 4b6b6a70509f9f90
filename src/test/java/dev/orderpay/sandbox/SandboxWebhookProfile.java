package dev.orderpay.sandbox;

import dev.orderpay.gateway.WireMockResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The client against this service's own sandbox; the sandbox's webhooks go to a WireMock receiver, retried quickly. */
public class SandboxWebhookProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "payments.sandbox.enabled", "true",
                "payments.sandbox.webhook-retry-delay", "PT0.05S",
                "payments.sandbox.webhook-max-attempts", "4",
                "payments.sandbox.expiry-sweep", "PT0.2S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WireMockResource.class,
                Map.of("property", "payments.sandbox.webhook-url", "path", "/hooks")));
    }
}
