package dev.orderpay.notify;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import dev.orderpay.platform.WireEnum;
import dev.orderpay.platform.db.SqlStatements;

/**
 * The outbox's repository (issue #12 item 8). Rows written with a business change and the
 * operator's listing and retry go through Panache ({@link #add}, {@link #page}, {@code findById}),
 * joining the caller's session. The sender's statements ({@link #claim}, the outcomes) are
 * set-based SQL run by {@link SqlStatements} (no Hibernate session, so they may run on any
 * thread, e.g. after a fault-tolerance retry moved the continuation); each is one statement,
 * i.e. one short transaction of its own.
 *
 * <p>Exclusivity: {@link #claim} moves due rows to {@code sending} with a lease in one
 * statement whose row selection is {@code FOR UPDATE SKIP LOCKED}; a concurrent claim
 * (another run, another instance) skips rows being claimed and no longer matches rows
 * already claimed. Outcomes are recorded only by the claimant: the guard
 * {@code status = 'sending' and attempts = <the claimed attempt>} fails for a run whose
 * lease ran out and whose row was claimed again.
 */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxMessage, String> {

    /** A claimed message: what the sender needs. {@code attempt} is this attempt's number (1-based). */
    public record Claimed(String messageId, Channel channel, String recipient, String subject, String body, int attempt) {
    }

    private static final String CLAIM = """
            with due as materialized (
                select message_id from notification
                where (status = 'pending' and next_attempt_at <= $1)
                   or (status = 'sending' and lease_until <= $1 and attempts < $4)
                order by next_attempt_at, message_id
                limit $2
                for update skip locked)
            update notification n
               set status = 'sending', attempts = n.attempts + 1, lease_until = $3, updated_at = $1
              from due
             where n.message_id = due.message_id
            returning n.message_id, n.channel, n.recipient, n.subject, n.body, n.attempts
            """;

    private static final String GIVE_UP_LOST = """
            update notification
               set status = 'failed', lease_until = null, updated_at = $1,
                   last_error = 'no outcome recorded within the lease on the last attempt (sender stopped?); '
                                || coalesce(last_error, '')
             where status = 'sending' and lease_until <= $1 and attempts >= $2
            """;

    private static final String MARK_SENT = """
            update notification
               set status = 'sent', sent_at = $2, updated_at = $2, lease_until = null, last_error = null
             where message_id = $1 and status = 'sending' and attempts = $3
            """;

    private static final String MARK_FAILED = """
            update notification
               set status = $4, next_attempt_at = $5, updated_at = $2, lease_until = null, last_error = left($6, 2000)
             where message_id = $1 and status = 'sending' and attempts = $3
            """;

    private final SqlStatements sql;

    public OutboxRepository(SqlStatements sql) {
        this.sql = sql;
    }

    /** Stores new outbox rows in the caller's transaction (the one that made the business change). */
    public Uni<Void> add(List<OutboxMessage> rows) {
        return persist(rows);
    }

    /** Up to {@code limit} messages matching the HQL condition {@code where}, newest first (then by message ID). */
    public Uni<List<OutboxMessage>> page(String where, Parameters params, int limit) {
        return find(where + " order by createdAt desc, messageId", params).range(0, limit - 1).list();
    }

    /**
     * Claims up to {@code limit} due messages at {@code now}: {@code pending} ones whose
     * {@code next_attempt_at} has come, and {@code sending} ones whose lease ran out (a
     * sender that stopped mid-way) with attempts left. They become {@code sending} until
     * {@code leaseUntil}, attempts + 1.
     */
    public Uni<List<Claimed>> claim(Instant now, int limit, Instant leaseUntil, int maxAttempts) {
        return sql.rows(CLAIM, Tuple.of(ts(now), limit, ts(leaseUntil), maxAttempts), r -> new Claimed(r.getString("message_id"),
                WireEnum.parse(Channel.class, r.getString("channel")).orElseThrow(),
                r.getString("recipient"), r.getString("subject"), r.getString("body"), r.getInteger("attempts")));
    }

    /** Marks {@code sending} rows whose lease ran out on their last allowed attempt as {@code failed}; returns how many. */
    public Uni<Integer> giveUpLost(Instant now, int maxAttempts) {
        return sql.update(GIVE_UP_LOST, Tuple.of(ts(now), maxAttempts));
    }

    /** Records that the provider accepted the message; false when this claim was lost meanwhile. */
    public Uni<Boolean> markSent(Claimed m, Instant now) {
        return sql.update(MARK_SENT, Tuple.of(m.messageId(), ts(now), m.attempt())).map(n -> n == 1);
    }

    /**
     * Records a failed attempt: {@code pending} again from {@code nextAttemptAt}, or, when
     * {@code giveUp}, {@code failed} for good. False when this claim was lost meanwhile.
     */
    public Uni<Boolean> markFailed(Claimed m, Instant now, boolean giveUp, Instant nextAttemptAt, String error) {
        Tuple t = Tuple.tuple().addString(m.messageId()).addValue(ts(now)).addInteger(m.attempt())
                .addString(giveUp ? "failed" : "pending").addValue(ts(nextAttemptAt))
                .addString(error == null ? "unknown error" : error);
        return sql.update(MARK_FAILED, t).map(n -> n == 1);
    }

    private static OffsetDateTime ts(Instant i) {
        return SqlStatements.utc(i);
    }
}
