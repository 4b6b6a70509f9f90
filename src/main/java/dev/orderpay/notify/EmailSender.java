package dev.orderpay.notify;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.mail.MailClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Sends plain-text email over SMTP with the Vert.x mail client (the client quarkus-mailer
 * wraps), configured by {@code payments.mail.*} ({@link NotifyConfig.Mail}). The client is
 * created on first use. Each message carries {@code X-Orderpay-Message: <message_id>} so
 * a receiver can recognise a repeat (see the README on at-least-once delivery).
 */
@ApplicationScoped
public class EmailSender {

    private final Vertx vertx;
    private final NotifyConfig.Mail config;
    private volatile MailClient client;

    public EmailSender(Vertx vertx, NotifyConfig config) {
        this.vertx = vertx;
        this.config = config.mail();
    }

    /**
     * Hands the message to the SMTP server; completes when the server accepted it.
     *
     * @throws DeliveryException.Permanent (as failure) for an SMTP 5xx answer (e.g. unknown mailbox);
     *                                     DeliveryException for anything else (server down, 4xx, timeout)
     */
    public Uni<Void> send(String to, String subject, String text, String messageId) {
        MailMessage m = new MailMessage().setFrom(config.from()).setTo(to).setSubject(subject).setText(text);
        m.addHeader("X-Orderpay-Message", messageId);
        return client().sendMail(m).replaceWithVoid().onFailure().transform(e -> {
            if (e instanceof SMTPException smtp && smtp.isPermanent()) {
                return new DeliveryException.Permanent("SMTP " + smtp.getReplyCode() + ": " + smtp.getReplyMessage(), e);
            }
            return new DeliveryException("SMTP: " + e.getMessage(), false, e);
        });
    }

    private MailClient client() {
        MailClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    MailConfig mc = new MailConfig().setHostname(config.host()).setPort(config.port())
                            .setSsl(config.ssl())
                            .setStarttls(StartTLSOptions.valueOf(config.startTls().toUpperCase(Locale.ROOT)))
                            .setConnectTimeout(10_000);
                    if (config.username().isPresent()) {
                        mc.setLogin(LoginOption.REQUIRED).setUsername(config.username().get())
                                .setPassword(config.password().orElse(""));
                    } else {
                        mc.setLogin(LoginOption.DISABLED);
                    }
                    c = MailClient.create(vertx, mc);
                    client = c;
                }
            }
        }
        return c;
    }

    @PreDestroy
    void close() {
        MailClient c = client;
        if (c != null) {
            c.closeAndForget();
        }
    }
}
