package dev.orderpay.platform.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code payments.metrics.*}: settings of the business metrics (contract §11). */
@ConfigMapping(prefix = "payments.metrics")
public interface MetricsConfig {

    /** How often {@code orderpay_payments{status, method}} is recounted from the database. */
    @WithDefault("60s")
    Duration refresh();
}
