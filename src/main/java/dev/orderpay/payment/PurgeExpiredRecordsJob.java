package dev.orderpay.payment;

import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.db.SqlStatements;
import dev.orderpay.platform.jobs.Job;
import dev.orderpay.platform.jobs.JobResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code purge-expired-records} (issue #10, defect 11): enforces retention.
 * <ul>
 *   <li>Idempotency records created before {@code now − payments.idempotency.retention}
 *       (default 24 h, the contract §6 minimum) are deleted; a later request with the key is
 *       treated as new, exactly as {@link IdempotencyStore#claim} already treats an expired one.</li>
 *   <li>Webhook event IDs received before {@code now − payments.retention.webhook-events}
 *       (default 30 days) are deleted. De-duplication only has to outlast the gateway's retries
 *       of one event (Stripe: up to 3 days), and a late repeat is harmless anyway: settlement
 *       reads the payment's state at the gateway and is idempotent.</li>
 * </ul>
 * Each batch of {@code payments.retention.batch-size} rows is one statement (its own
 * transaction) taking its rows {@code FOR UPDATE SKIP LOCKED}, oldest first: several instances
 * split the work, a row a running request holds is left for a later run, and a crash midway
 * loses nothing. Times come from {@link AppClock} (UTC).
 */
@ApplicationScoped
public class PurgeExpiredRecordsJob implements Job {

    static final String NAME = "purge-expired-records";

    private static final String PURGE_IDEMPOTENCY = """
            with old as materialized (
                select customer_id, idempotency_key from idempotency_record
                where created_at < $1
                order by created_at
                limit $2
                for update skip locked)
            delete from idempotency_record r
             using old
             where r.customer_id = old.customer_id and r.idempotency_key = old.idempotency_key
            """;

    private static final String PURGE_WEBHOOK_EVENTS = """
            with old as materialized (
                select event_id from webhook_event
                where received_at < $1
                order by received_at
                limit $2
                for update skip locked)
            delete from webhook_event e
             using old
             where e.event_id = old.event_id
            """;

    private final SqlStatements sql;
    private final AppClock clock;
    private final Duration idempotencyRetention;
    private final Duration webhookEventRetention;
    private final int batchSize;

    public PurgeExpiredRecordsJob(SqlStatements sql, AppClock clock, PaymentConfig config) {
        this.sql = sql;
        this.clock = clock;
        this.idempotencyRetention = config.idempotency().retention();
        this.webhookEventRetention = config.retention().webhookEvents();
        this.batchSize = config.retention().batchSize();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Counts: {@code idempotency_records} and {@code webhook_events}, the rows this run deleted. */
    @Override
    public Uni<JobResult> run() {
        Instant started = clock.now();
        return purge(PURGE_IDEMPOTENCY, started.minus(idempotencyRetention))
                .chain(keys -> purge(PURGE_WEBHOOK_EVENTS, started.minus(webhookEventRetention)).map(events -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    counts.put("idempotency_records", keys);
                    counts.put("webhook_events", events);
                    return JobResult.of(NAME, started, clock.now(), counts);
                }));
    }

    private Uni<Long> purge(String statement, Instant before) {
        return sql.inBatches(batchSize, () -> sql.update(statement, Tuple.of(SqlStatements.utc(before), batchSize)));
    }
}
