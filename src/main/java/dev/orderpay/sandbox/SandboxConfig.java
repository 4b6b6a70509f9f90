package dev.orderpay.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The built-in sandbox gateway, {@code payments.sandbox.*} (contract §7: on in dev and test,
 * off by default). When disabled, every {@code /sandbox/...} endpoint answers 404.
 */
@ConfigMapping(prefix = "payments")
public interface SandboxConfig {

    Sandbox sandbox();

    /** {@code payments.sandbox.*}. */
    interface Sandbox {

        /** Serve the Stripe subset, the hosted checkout page and the test controls. */
        @WithDefault("false")
        boolean enabled();

        /** Where signed webhooks go. Default: this service's own {@code /v1/gateway/webhooks} on its actual HTTP port. */
        Optional<String> webhookUrl();

        /**
         * Scheme, host and port the browser reaches this service on, for {@code checkout_url}
         * (e.g. {@code http://localhost:8080}). Default: {@code http://localhost:<actual port>}.
         */
        Optional<String> publicUrl();

        /** Attempts per webhook delivery (the first one included) until a 2xx answer. */
        @WithDefault("6")
        int webhookMaxAttempts();

        /** Delay before the second attempt; doubled for each further one (Stripe retries with backoff too). */
        @WithDefault("PT0.25S")
        Duration webhookRetryDelay();

        /** How often open Checkout Sessions past their {@code expires_at} are expired (sending {@code checkout.session.expired}). */
        @WithDefault("PT1S")
        Duration expirySweep();
    }
}
