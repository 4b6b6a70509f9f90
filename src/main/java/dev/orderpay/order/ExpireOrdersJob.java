package dev.orderpay.order;

import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.db.SqlStatements;
import dev.orderpay.platform.jobs.Job;
import dev.orderpay.platform.jobs.JobResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * {@code expire-orders} (contract §4, §11): marks unpaid orders past their deadline
 * ({@code pending_approval}, {@code pending_payment} with {@code expires_at <= now}) as
 * {@code expired} (the transition {@code → expired} of {@link OrderStatus#ALLOWED}, stated as one
 * set-based statement in {@link OrderRepository#expireDue}), in batches of
 * {@code payments.jobs.expiry-batch-size}, each batch its own transaction that takes its
 * rows with {@code FOR UPDATE SKIP LOCKED}: concurrent runs split the work, and an order locked by a running payment is left for a
 * later run (the payment sees it expired anyway). Orders {@code payment_in_progress} are
 * never touched: a running checkout holds them until it ends. These orders hold no coupon
 * reservation (only a checkout does), so there is nothing to release. Search and payment
 * treat past-deadline orders as expired before this job runs ({@link Order#effectiveStatus}).
 */
@ApplicationScoped
public class ExpireOrdersJob implements Job {

    static final String NAME = "expire-orders";

    private final OrderRepository orders;
    private final SqlStatements sql;
    private final AppClock clock;
    private final int batchSize;

    public ExpireOrdersJob(OrderRepository orders, SqlStatements sql, AppClock clock, OrderConfig config) {
        this.orders = orders;
        this.sql = sql;
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
        return sql.inBatches(batchSize, () -> orders.expireDue(started, batchSize))
                .map(n -> JobResult.of(NAME, started, clock.now(), Map.of("expired", n)));
    }
}
