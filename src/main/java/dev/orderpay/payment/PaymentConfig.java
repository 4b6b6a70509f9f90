package dev.orderpay.payment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * The payment capability's {@code payments.*} settings (contract §6, §7, §11); documented for
 * operators in README.md, "Configuration".
 */
@ConfigMapping(prefix = "payments")
public interface PaymentConfig {

    Checkout checkout();

    Idempotency idempotency();

    SettlementSettings settlement();

    Retention retention();

    Metrics metrics();

    /** Online checkout settings (contract §6). */
    interface Checkout {
        /** How long an online checkout holds its orders and coupons. */
        @WithDefault("PT30M")
        Duration ttl();

        /** Where the gateway's checkout page sends the customer back when a payment gives no {@code return_url}. */
        @WithDefault("http://localhost:8080/")
        String defaultReturnUrl();
    }

    /** Idempotency keys (contract §6). */
    interface Idempotency {
        /** How long a stored response is kept and replayed; at least 24 h per contract. */
        @WithDefault("PT24H")
        Duration retention();

        /** After this long an unfinished request's key is considered abandoned (process crash) and may be reused. */
        @WithDefault("PT2M")
        Duration lockTimeout();
    }

    /** One settler per payment (README "Gateway money rules"); read by {@link CheckoutSettler} and {@link WebhookService}. */
    interface SettlementSettings {
        /** How long one settler holds a payment; outlasts one settling's worst case. */
        @WithDefault("PT5M")
        Duration lease();

        /** How long a webhook waits for another settler of the same payment before 409 SETTLEMENT_IN_PROGRESS. */
        @WithName("wait")
        @WithDefault("PT10S")
        Duration waitTime();
    }

    /**
     * How long stored records are kept before the {@code purge-expired-records} job deletes them
     * (issue #10, defect 11). Idempotency records follow {@code payments.idempotency.retention}.
     */
    interface Retention {
        /**
         * Received webhook event IDs (the de-duplication of contract §7). Must outlast the gateway's
         * retries of one event: Stripe retries for up to 3 days, so the default keeps ten times that.
         */
        @WithDefault("P30D")
        Duration webhookEvents();

        /** Rows deleted per statement (each its own short transaction). */
        @WithDefault("1000")
        int batchSize();
    }

    /** The business metrics (contract §11). */
    interface Metrics {
        /** How often {@code orderpay_payments{status, method}} is recounted from the database. */
        @WithDefault("60s")
        Duration refresh();
    }
}
