package dev.orderpay.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * SMTP settings (contract §11) for {@link EmailSender}, under {@code payments.mail.*}.
 * The contract names quarkus-mailer's {@code quarkus.mailer.*} keys; that extension is not
 * used (see pom.xml), and Quarkus reports {@code quarkus.mailer.*} keys in
 * application.properties as unrecognized, so ours live under {@code payments.mail} and
 * each falls back to its {@code quarkus.mailer.*} namesake (e.g. the environment variable
 * {@code QUARKUS_MAILER_HOST}) when not set.
 */
@ConfigMapping(prefix = "payments.mail")
public interface MailerConfig {

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
