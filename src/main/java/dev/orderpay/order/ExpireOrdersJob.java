package dev.orderpay.order;

import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.PaymentsConfig;
import dev.orderpay.platform.jobs.Job;
import dev.orderpay.platform.jobs.JobResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * {@code expire-orders} (contract §4, §11): marks unpaid orders past their deadline
 * ({@code pending_approval}, {@code pending_payment} with {@code expires_at <= now}) as
 * {@code expired}, in batches of {@code payments.jobs.expiry-batch-size}, each batch one
 * statement (its own transaction) that takes its rows with {@code FOR UPDATE SKIP LOCKED}:
 * concurrent runs split the work, and an order locked by a running payment is left for a
 * later run (the payment sees it expired anyway). Orders {@code payment_in_progress} are
 * never touched: a running checkout holds them until it ends. These orders hold no coupon
 * reservation (only a checkout does), so there is nothing to release. Search and payment
 * treat past-deadline orders as expired before this job runs ({@link Order#effectiveStatus}).
 */
@ApplicationScoped
public class ExpireOrdersJob implements Job {

    static final String NAME = "expire-orders";

    private static final String EXPIRE = """
            with due as materialized (
                select order_id from customer_order
                where status in ('pending_approval', 'pending_payment') and expires_at <= $1
                order by expires_at, order_id
                limit $2
                for update skip locked)
            update customer_order o
               set status = 'expired', updated_at = $1
              from due
             where o.order_id = due.order_id
            """;

    private final Pool pool;
    private final AppClock clock;
    private final int batchSize;

    public ExpireOrdersJob(Pool pool, AppClock clock, PaymentsConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.batchSize = config.jobs().expiryBatchSize();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Counts: {@code expired}, the orders this run marked. */
    @Override
    public Uni<JobResult> run() {
        Instant started = clock.now();
        return batch(started, 0L).map(n -> JobResult.of(NAME, started, clock.now(), Map.of("expired", n)));
    }

    private Uni<Long> batch(Instant now, long done) {
        return pool.preparedQuery(EXPIRE).execute(Tuple.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), batchSize))
                .chain(r -> r.rowCount() < batchSize ? Uni.createFrom().item(done + r.rowCount())
                        : batch(now, done + r.rowCount()));
    }
}
