package dev.orderpay.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A WireMock server on a random port for one test profile. Init args: {@code property}, the
 * config key to point at it, and {@code path}, appended to its base URL (e.g.
 * {@code payments.gateway.base-url} and "" for a fake Stripe, or
 * {@code payments.sandbox.webhook-url} and {@code /hooks} for a webhook receiver).
 */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;
    private String property = "payments.gateway.base-url";
    private String path = "";

    @Override
    public void init(Map<String, String> initArgs) {
        property = initArgs.getOrDefault("property", property);
        path = initArgs.getOrDefault("path", path);
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(20));
        server.start();
        return Map.of(property, server.baseUrl() + path);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }
}
