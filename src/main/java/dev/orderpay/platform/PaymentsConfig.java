package dev.orderpay.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code payments.*} setting of the service (contract §4, §6, §8, §11), with its
 * default. Documented for operators in README.md, "Configuration".
 */
@ConfigMapping(prefix = "payments")
public interface PaymentsConfig {

    Orders orders();

    Checkout checkout();

    Billing billing();

    ClockSettings clock();

    Idempotency idempotency();

    Toggle embeddedDatabase();

    Toggle demoData();

    Toggle devTokens();

    Notifications notifications();

    Sms sms();

    Jobs jobs();

    Retention retention();

    SettlementSettings settlement();

    FaultPointSettings faultPoints();

    /**
     * One settler per payment (README "Gateway money rules"); read by {@code payment.CheckoutSettler}.
     * Declared here so that setting the keys anywhere (system properties, application.properties)
     * maps to this root.
     */
    interface SettlementSettings {
        /** How long one settler holds a payment; outlasts one settling's worst case. */
        @WithDefault("PT5M")
        Duration lease();

        /** How long a webhook waits for another settler of the same payment before 409 SETTLEMENT_IN_PROGRESS. */
        @WithName("wait")
        @WithDefault("PT10S")
        Duration waitTime();
    }

    /** The test-only crash hook ({@link FaultPoints}); ignored outside the {@code crashtest} profile. */
    interface FaultPointSettings {
        /** The point at which the process halts: reserved, checkout-created, settlement, refund, monthly. */
        Optional<String> haltAt();
    }

    /** Order settings (contract §4). */
    interface Orders {
        /** Payment deadline after creation when the order-service gives none (ISO-8601 duration). */
        @WithDefault("P7D")
        Duration paymentTtl();
    }

    /** Online checkout settings (contract §6). */
    interface Checkout {
        /** How long an online checkout holds its orders and coupons. */
        @WithDefault("PT30M")
        Duration ttl();

        /** Where the gateway's checkout page sends the customer back when a payment gives no {@code return_url}. */
        @WithDefault("http://localhost:8080/")
        String defaultReturnUrl();
    }

    /** Monthly settlement bills (contract §8). */
    interface Billing {
        /** Zone whose calendar month a monthly-settled payment belongs to. */
        @WithDefault("UTC")
        ZoneId zone();
    }

    /** The service clock (contract §11). */
    interface ClockSettings {
        /** When true, admins may set the clock with PUT /v1/admin/clock. Never in production. */
        @WithDefault("false")
        boolean adjustable();
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

    /** The notification outbox and its sender job (contract §11). */
    interface Notifications {
        /** Delivery attempts per message before it is {@code failed} (operator-visible). */
        @WithDefault("8")
        int maxAttempts();

        /** Wait before the 2nd attempt; doubles for each further attempt (exponential backoff). */
        @WithDefault("PT30S")
        Duration backoff();

        /** Upper bound of one backoff wait. */
        @WithDefault("PT1H")
        Duration maxBackoff();

        /**
         * How long a claimed message may stay {@code sending} before another run takes it
         * again (the sender crashed mid-way). Must exceed one send's worst case (SMS:
         * timeout x attempts); it bounds the at-least-once window, see README.
         */
        @WithDefault("PT5M")
        Duration lease();

        /** Messages claimed per round of the sender job; one round sends them concurrently. */
        @WithDefault("20")
        int batchSize();
    }

    /** The HTTP SMS provider (contract §11). */
    interface Sms {
        /** The provider's send endpoint: POST JSON {to, text, idempotency_key}. */
        @WithDefault("http://localhost:8025/sms")
        String url();

        /** Sent as {@code Authorization: Bearer} when set. */
        Optional<String> apiKey();

        /** Connect and read timeout of one HTTP call. */
        @WithDefault("PT5S")
        Duration timeout();
    }

    /**
     * Job schedules (contract §11). Keys are job names, e.g.
     * {@code payments.jobs.every.expire-orders=1m} or
     * {@code payments.jobs.cron.generate-bills=0 0 0 3 * ?} (cron in {@code payments.billing.zone}).
     * A job without an entry runs only on demand ({@code POST /v1/admin/jobs/{job}}).
     */
    interface Jobs {
        /** Master switch for scheduled runs (off in the test profile: tests run jobs through the API). */
        @WithDefault("true")
        boolean scheduled();

        /** Interval per job name, Quarkus scheduler syntax ({@code 30s}, {@code 1m}, {@code PT1H}). */
        Map<String, String> every();

        /** Quartz cron expression per job name, evaluated in the billing zone. */
        Map<String, String> cron();

        /** Orders marked {@code expired} per statement of the expire-orders job. */
        @WithDefault("500")
        int expiryBatchSize();
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

    /** A feature switch. */
    interface Toggle {
        @WithDefault("false")
        boolean enabled();
    }
}
