package dev.orderpay.order;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The order capability's {@code payments.*} settings (contract §4, §11); documented for
 * operators in README.md, "Configuration".
 */
@ConfigMapping(prefix = "payments")
public interface OrderConfig {

    Orders orders();

    ExpiryJob jobs();

    /** Order settings (contract §4). */
    interface Orders {
        /** Payment deadline after creation when the order-service gives none (ISO-8601 duration). */
        @WithDefault("P7D")
        Duration paymentTtl();
    }

    /** The expire-orders job ({@link ExpireOrdersJob}); its schedule is {@code platform.jobs.JobsConfig}'s. */
    interface ExpiryJob {
        /** Orders marked {@code expired} per statement of the expire-orders job. */
        @WithDefault("500")
        int expiryBatchSize();
    }
}
