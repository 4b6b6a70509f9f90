package dev.orderpay.invariants;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import dev.orderpay.gateway.StripeTransport;

/**
 * The service's Stripe client goes through a {@link FaultInjectingProxy} (which the test starts
 * on {@link #proxyPort()}) to the built-in sandbox gateway; the fault-tolerance policy is
 * shortened (1 s timeout per attempt, quick retries, a breaker that half-opens after 0.5 s) and
 * the sandbox retries webhooks quickly, so a scenario with many faults ends in seconds.
 */
public class GatewayFaultsProfile implements QuarkusTestProfile {

    static final String FT = "quarkus.fault-tolerance.\"dev.orderpay.gateway.StripeTransport/send\".";
    /** The client's per-attempt timeout the proxy's {@code timeout} fault outlasts. */
    static final long CLIENT_TIMEOUT_MS = 1000;
    private static final String PORT = "invariants.proxy.port";

    /**
     * A free port for the proxy, the same for every caller in this JVM (a system property, since
     * the profile and the test class may live in different class loaders).
     */
    static synchronized int proxyPort() {
        String port = System.getProperty(PORT);
        if (port == null) {
            try (ServerSocket s = new ServerSocket(0)) {
                port = String.valueOf(s.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(PORT, port);
        }
        return Integer.parseInt(port);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "payments.gateway.base-url", "http://127.0.0.1:" + proxyPort(),
                FT + "timeout.value", String.valueOf(CLIENT_TIMEOUT_MS),
                FT + "retry.delay", "50",
                FT + "retry.jitter", "25",
                FT + "circuit-breaker.delay", "500",
                "payments.sandbox.webhook-retry-delay", "PT0.1S",
                "payments.sandbox.webhook-max-attempts", "8",
                "payments.sandbox.expiry-sweep", "PT0.2S");
    }
}
