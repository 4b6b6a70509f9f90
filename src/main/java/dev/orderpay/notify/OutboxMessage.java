package dev.orderpay.notify;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One row of the notification outbox (contract §11): one channel of one notification.
 * Written by {@link NotificationService#enqueue} in the transaction that changed the
 * orders; delivered and updated by {@link SendNotificationsJob} through
 * {@link OutboxRepository} (plain SQL). Times are UTC.
 */
@Entity
@Table(name = "notification")
public class OutboxMessage extends PanacheEntityBase {

    /** {@code notification_id + ':' + channel}; the SMS idempotency key and the email's X-Orderpay-Message header. */
    @Id
    public String messageId;
    public String notificationId;
    public Channel channel;
    public NotificationKind kind;
    public String customerId;
    /** The orders the text names, comma-separated. */
    public String orderIds;
    /** Email address or phone number taken from the customer when queued; null when skipped. */
    public String recipient;
    public String subject;
    /** A {@code text} column (V3); declared so the reactive schema validation, which reads the type by name, accepts it. */
    @Column(columnDefinition = "text")
    public String body;
    public MessageStatus status;
    /** Delivery attempts started so far. */
    public int attempts;
    public Instant nextAttemptAt;
    /** While {@code sending}: after this the claim is considered lost and the row is due again. */
    public Instant leaseUntil;
    public String lastError;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant sentAt;
}
