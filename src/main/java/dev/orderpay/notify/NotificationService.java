package dev.orderpay.notify;

import dev.orderpay.customer.CustomerService;
import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.Violations;
import dev.orderpay.platform.WireEnum;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import com.github.f4b6a3.ulid.UlidCreator;

/**
 * Customer notifications (contract §4.2, §11) through a transactional outbox:
 * {@link #enqueue} writes the rows in the caller's transaction, so a notification exists
 * if and only if the state change that caused it committed; {@link SendNotificationsJob}
 * delivers them. Also the operator's view of the outbox.
 */
@ApplicationScoped
public class NotificationService {

    private final AppClock clock;
    private final OutboxRepository outbox;
    private final CustomerService customers;

    public NotificationService(AppClock clock, OutboxRepository outbox, CustomerService customers) {
        this.clock = clock;
        this.outbox = outbox;
        this.customers = customers;
    }

    /**
     * Queues one notification to the customer: one outbox row per channel (email, SMS),
     * addressed to the customer's current email and phone. A channel the customer has no
     * address for is stored {@code skipped}. Must run inside the transaction of the state
     * change (Hibernate Reactive session of the caller).
     *
     * @return the notification ID ({@code NTF} + ULID)
     */
    public Uni<String> enqueue(String customerId, NotificationKind kind, List<String> orderIds,
                               NotificationTexts.Texts texts) {
        String notificationId = "NTF" + UlidCreator.getMonotonicUlid();
        Instant now = clock.now();
        return customers.find(customerId).flatMap(c -> {
            List<OutboxMessage> rows = new ArrayList<>();
            rows.add(row(notificationId, Channel.EMAIL, kind, customerId, orderIds, c == null ? null : c.email,
                    texts.subject(), texts.emailBody(), now));
            rows.add(row(notificationId, Channel.SMS, kind, customerId, orderIds, c == null ? null : c.phone,
                    texts.subject(), texts.smsText(), now));
            return outbox.add(rows).replaceWith(notificationId);
        });
    }

    private static OutboxMessage row(String notificationId, Channel channel, NotificationKind kind, String customerId,
                                     List<String> orderIds, String recipient, String subject, String body, Instant now) {
        OutboxMessage m = new OutboxMessage();
        m.messageId = notificationId + ":" + channel.wire();
        m.notificationId = notificationId;
        m.channel = channel;
        m.kind = kind;
        m.customerId = customerId;
        m.orderIds = String.join(",", orderIds);
        boolean has = recipient != null && !recipient.isBlank();
        m.recipient = has ? recipient.strip() : null;
        m.subject = subject;
        m.body = body;
        m.status = has ? MessageStatus.PENDING : MessageStatus.SKIPPED;
        m.lastError = has ? null : "the customer has no " + (channel == Channel.EMAIL ? "email address" : "phone number");
        m.attempts = 0;
        m.nextAttemptAt = now;
        m.createdAt = now;
        m.updatedAt = now;
        return m;
    }

    /** The answer of {@code GET /v1/admin/notifications}: {@code {"notifications": [...]}}, newest first. */
    public record Messages(List<MessageView> notifications) {
    }

    /** One outbox row as the admin API shows it (times UTC). */
    public record MessageView(String messageId, String notificationId, String channel, String kind, String customerId,
                              List<String> orderIds, String recipient, String status, int attempts,
                              Instant nextAttemptAt, String lastError, Instant createdAt, Instant updatedAt,
                              Instant sentAt) {
        static MessageView of(OutboxMessage m) {
            return new MessageView(m.messageId, m.notificationId, m.channel.wire(), m.kind.wire(), m.customerId,
                    List.of(m.orderIds.split(",")), m.recipient, m.status.wire(), m.attempts, m.nextAttemptAt,
                    m.lastError, m.createdAt, m.updatedAt, m.sentAt);
        }
    }

    /**
     * {@code GET /v1/admin/notifications}: outbox rows, newest first, filtered by
     * {@code status} and/or {@code customer_id}, at most {@code limit} (1–100, default 50).
     *
     * @throws ApiException 400 VALIDATION_FAILED for an unknown status or a bad limit/customer_id
     */
    @WithSession
    public Uni<Messages> list(String status, String customerId, String limit) {
        Violations v = new Violations().identifier("customer_id", customerId, false);
        MessageStatus st = null;
        if (status != null) {
            st = WireEnum.parse(MessageStatus.class, status).orElse(null);
            if (st == null) {
                v.add("status", "unknown value '" + status + "'");
            }
        }
        int n = 50;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1 || n > 100) {
                v.add("limit", "must be a whole number between 1 and 100");
                n = 50;
            }
        }
        v.throwIfAny();
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (st != null) {
            where.append(" and status = :s");
            p.and("s", st);
        }
        if (customerId != null) {
            where.append(" and customerId = :c");
            p.and("c", customerId);
        }
        return outbox.page(where.toString(), p, n)
                .map(rows -> new Messages(rows.stream().map(MessageView::of).toList()));
    }

    /**
     * {@code POST /v1/admin/notifications/{message_id}/retry}: an operator sends a
     * {@code failed} message again (attempts start over, due now).
     *
     * @throws ApiException 404 NOTIFICATION_NOT_FOUND; 409 NOTIFICATION_NOT_RETRYABLE unless failed
     */
    @WithTransaction
    public Uni<MessageView> retry(String messageId) {
        return outbox.findById(messageId).map(m -> {
            if (m == null) {
                throw ApiException.notFound("NOTIFICATION_NOT_FOUND", "notification message " + messageId + " was not found");
            }
            if (m.status != MessageStatus.FAILED) {
                throw ApiException.conflict("NOTIFICATION_NOT_RETRYABLE",
                        "only failed messages can be retried; this one is " + m.status.wire());
            }
            Instant now = clock.now();
            m.status = MessageStatus.PENDING;
            m.attempts = 0;
            m.nextAttemptAt = now;
            m.updatedAt = now;
            return MessageView.of(m);
        });
    }
}
