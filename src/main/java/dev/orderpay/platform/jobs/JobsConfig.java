package dev.orderpay.platform.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.ZoneId;
import java.util.Map;

/**
 * Job schedules, {@code payments.jobs.*} (contract §11), for {@link JobScheduler}. Keys are job
 * names, e.g. {@code payments.jobs.every.expire-orders=1m} or
 * {@code payments.jobs.cron.generate-bills=0 0 0 3 * ?} (cron in {@code payments.billing.zone}).
 * A job without an entry runs only on demand ({@code POST /v1/admin/jobs/{job}}). A job's own
 * settings (e.g. {@code payments.jobs.expiry-batch-size}) live in its capability's mapping.
 */
@ConfigMapping(prefix = "payments")
public interface JobsConfig {

    /**
     * Default of {@code payments.billing.zone}, shared with {@code billing.BillingConfig} (which
     * owns the key) so that both readings of the key agree.
     */
    String BILLING_ZONE_DEFAULT = "UTC";

    Schedules jobs();

    CronZone billing();

    /** Which jobs run when. */
    interface Schedules {
        /** Master switch for scheduled runs (off in the test profile: tests run jobs through the API). */
        @WithDefault("true")
        boolean scheduled();

        /** Interval per job name, Quarkus scheduler syntax ({@code 30s}, {@code 1m}, {@code PT1H}). */
        Map<String, String> every();

        /** Quartz cron expression per job name, evaluated in the billing zone. */
        Map<String, String> cron();
    }

    /** The zone crons are evaluated in: the billing zone, so bills are issued on the billing calendar (contract §8). */
    interface CronZone {
        @WithDefault(BILLING_ZONE_DEFAULT)
        ZoneId zone();
    }
}
