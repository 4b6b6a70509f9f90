package dev.orderpay.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

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

    /** A feature switch. */
    interface Toggle {
        @WithDefault("false")
        boolean enabled();
    }
}
