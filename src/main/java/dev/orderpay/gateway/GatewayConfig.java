package dev.orderpay.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Card gateway client settings, {@code payments.gateway.*} (contract §6, §7). The fault-tolerance
 * policy of the calls (timeout, retry, circuit breaker, bulkhead) is configured with the
 * standard fault-tolerance keys of {@link StripeTransport#send}, not here.
 *
 * <p>Production must set {@code api-key} and {@code webhook-secret}; there is no default
 * for either outside the dev and test profiles (a missing key makes every gateway call fail
 * with {@link GatewayUnavailableException}, a missing secret makes every webhook fail its
 * signature check), and a warning is logged at startup.
 */
@ConfigMapping(prefix = "payments")
public interface GatewayConfig {

    Gateway gateway();

    SandboxSwitch sandbox();

    /**
     * {@code payments.sandbox.enabled}, owned by {@code sandbox.SandboxConfig} (same default): when
     * on and no {@code base-url} is set, the client calls this service's own sandbox.
     */
    interface SandboxSwitch {
        @WithDefault("false")
        boolean enabled();
    }

    /** {@code payments.gateway.*}. */
    interface Gateway {

        /**
         * Base URL of the Stripe API, without {@code /v1} (e.g. {@code https://api.stripe.com}).
         * When unset: this service's own sandbox ({@code http://localhost:<port>/sandbox/stripe})
         * if {@code payments.sandbox.enabled}, else {@code https://api.stripe.com}.
         */
        Optional<String> baseUrl();

        /** Stripe secret key ({@code sk_live_...}/{@code sk_test_...}), sent as {@code Authorization: Bearer}. */
        Optional<String> apiKey();

        /** Webhook endpoint signing secret ({@code whsec_...}) that {@code Stripe-Signature} is checked with (contract §7). */
        Optional<String> webhookSecret();

        /** How far a webhook signature's timestamp may lie in the past or in the future (contract §7: 300 s). */
        @WithDefault("PT5M")
        Duration webhookTolerance();

        /** Card brands (Stripe's names, lower case) that may pay; only credit cards of these (contract §6). */
        @WithDefault("visa,mastercard")
        List<String> acceptedBrands();

        /** Stripe API version pinned with the {@code Stripe-Version} header, so response shapes cannot drift. */
        @WithDefault("2024-06-20")
        String apiVersion();

        /** TCP connect timeout of one HTTP call. */
        @WithDefault("PT3S")
        Duration connectTimeout();

        /**
         * Socket read timeout of one HTTP call. The fault-tolerance {@code @Timeout} (5 s) fails
         * the attempt earlier; this only bounds how long an abandoned request keeps its connection.
         */
        @WithDefault("PT30S")
        Duration readTimeout();
    }
}
