package dev.orderpay.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The ground floor's {@code payments.*} settings: the service clock (contract §11), the dev-only
 * switches and the test-only crash hook. Like every capability's mapping, a view of the
 * {@code payments} namespace listing only the key groups its package owns (issue #12 item 8);
 * keys and defaults are documented for operators in README.md, "Configuration".
 */
@ConfigMapping(prefix = "payments")
public interface PlatformConfig {

    ClockSettings clock();

    /**
     * Read by {@code platform.db.EmbeddedPostgresConfigSource} straight from the config sources
     * (a config source cannot inject a mapping); declared here so the key is a known one.
     */
    Toggle embeddedDatabase();

    Toggle devTokens();

    FaultPointSettings faultPoints();

    /** The service clock (contract §11). */
    interface ClockSettings {
        /** When true, admins may set the clock with PUT /v1/admin/clock. Never in production. */
        @WithDefault("false")
        boolean adjustable();
    }

    /** The test-only crash hook ({@link FaultPoints}); ignored outside the {@code crashtest} profile. */
    interface FaultPointSettings {
        /** The point at which the process halts: reserved, checkout-created, settlement, refund, monthly. */
        Optional<String> haltAt();
    }

    /** A feature switch. */
    interface Toggle {
        @WithDefault("false")
        boolean enabled();
    }
}
