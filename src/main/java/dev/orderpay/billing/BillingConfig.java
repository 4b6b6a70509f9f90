package dev.orderpay.billing;

import dev.orderpay.platform.jobs.JobsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.ZoneId;

/**
 * The billing capability's {@code payments.*} settings (contract §8); documented for operators
 * in README.md, "Configuration".
 */
@ConfigMapping(prefix = "payments")
public interface BillingConfig {

    Billing billing();

    /** Monthly settlement bills (contract §8). */
    interface Billing {
        /**
         * Zone whose calendar month a monthly-settled payment belongs to. The job scheduler
         * evaluates crons in it too ({@link JobsConfig#billing()}, same default).
         */
        @WithDefault(JobsConfig.BILLING_ZONE_DEFAULT)
        ZoneId zone();
    }
}
