package dev.orderpay.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The notification capability's {@code payments.*} settings (contract §11): the outbox and its
 * sender job, the SMS provider, the SMTP server; documented for operators in README.md,
 * "Configuration".
 */
@ConfigMapping(prefix = "payments")
public interface NotifyConfig {

    Notifications notifications();

    Sms sms();

    Mail mail();

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
     * SMTP settings (contract §11) for {@link EmailSender}, under {@code payments.mail.*}.
     * The contract names quarkus-mailer's {@code quarkus.mailer.*} keys; that extension is not
     * used (see pom.xml), and Quarkus reports {@code quarkus.mailer.*} keys in
     * application.properties as unrecognized, so ours live under {@code payments.mail} and
     * each falls back to its {@code quarkus.mailer.*} namesake (e.g. the environment variable
     * {@code QUARKUS_MAILER_HOST}) when not set.
     */
    interface Mail {
        /** Sender address, e.g. {@code Billing Center <billing@example.com>}. */
        @WithDefault("${quarkus.mailer.from:billing@orderpay.local}")
        String from();

        @WithDefault("${quarkus.mailer.host:localhost}")
        String host();

        /** SMTP port; 25 by default (587 with STARTTLS, 465 with {@code ssl}). */
        @WithDefault("${quarkus.mailer.port:25}")
        int port();

        /** SMTP AUTH user; no authentication when unset. */
        @WithDefault("${quarkus.mailer.username:}")
        Optional<String> username();

        @WithDefault("${quarkus.mailer.password:}")
        Optional<String> password();

        /** {@code DISABLED}, {@code OPTIONAL} or {@code REQUIRED}. */
        @WithDefault("${quarkus.mailer.start-tls:OPTIONAL}")
        String startTls();

        /** Implicit TLS (SMTPS). */
        @WithDefault("${quarkus.mailer.ssl:false}")
        boolean ssl();
    }
}
