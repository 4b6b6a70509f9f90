package dev.orderpay.platform.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one way to run a set-based SQL statement (issue #12 item 8): claims of due rows taken
 * {@code FOR UPDATE SKIP LOCKED} (outbox, reconciliation, bill deduction), the bulk expiry of
 * orders, the retention purge, guarded lease and claim updates, aggregate reads for metrics, and
 * the background retry of a clean-up that met a lost database. Aggregates are loaded and changed
 * through Panache instead (ARCHITECTURE.md, "Reaching the database").
 *
 * <p>Every statement goes straight to the reactive pool: it is one statement, hence one short
 * transaction of its own, takes only the row locks its SQL states, and needs no Hibernate session
 * (so it may run on any thread; its result comes back on the caller's Vert.x context). SQL uses
 * PostgreSQL's {@code $n} parameters; timestamps are bound as UTC {@link OffsetDateTime}s
 * ({@link #utc}). Never call these inside a Hibernate transaction that must see their effect: they
 * run on another connection.
 */
@ApplicationScoped
public class SqlStatements {

    private static final Logger LOG = Logger.getLogger(SqlStatements.class);

    private final Pool pool;

    public SqlStatements(Pool pool) {
        this.pool = pool;
    }

    /** Runs one statement (its own transaction); the number of rows it changed. */
    public Uni<Integer> update(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rows -> rows.rowCount());
    }

    /** Runs one statement that returns rows ({@code select}, or {@code … returning}); each row mapped, in order. */
    public <T> Uni<List<T>> rows(String sql, Tuple args, Function<Row, T> mapper) {
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<T> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(mapper.apply(row));
            }
            return out;
        });
    }

    /**
     * Runs {@code batch} (one statement changing at most {@code batchSize} rows) again and again
     * until a run changes fewer than {@code batchSize}; the rows changed in all. Each run is its
     * own transaction, so a crash midway loses nothing and a long backlog holds no long lock.
     */
    public Uni<Long> inBatches(int batchSize, Supplier<Uni<Integer>> batch) {
        return inBatches(batchSize, batch, 0L);
    }

    private Uni<Long> inBatches(int batchSize, Supplier<Uni<Integer>> batch, long done) {
        return Uni.createFrom().<Integer>deferred(batch::get).chain(n -> n < batchSize ? Uni.createFrom().item(done + n)
                : inBatches(batchSize, batch, done + n));
    }

    /**
     * Runs again, in the background, a clean-up statement that failed because the database was
     * away: releasing a payment's settling lease, dropping a webhook event's claim. Without it such
     * a lease or claim only runs out by itself ({@code payments.settlement.lease}, 5 min by
     * default), and the payment it guards waits that long for the gateway's next delivery or for
     * reconciliation, though the database may be back within seconds (issue #11 item 3).
     *
     * <p>The statement must be idempotent and guarded by the holder's token, so running it late can
     * never release somebody else's lease. It is retried with Mutiny's exponential back-off, from
     * 1 s to 15 s between attempts, for at most {@code giveUpAfter}; after that the lease runs out
     * by itself. The caller does not wait for it.
     *
     * @param what        for the log, e.g. "settling lease of PAY…"
     * @param giveUpAfter how long to keep trying; past it the guarded lease runs out by itself
     */
    public void retryInBackground(String what, String sql, Tuple args, Duration giveUpAfter) {
        retrying(sql, args, giveUpAfter).subscribe().with(
                rows -> LOG.infof("cleared the %s once the database was back (%d row(s))", what, rows),
                e -> LOG.warnf("gave up clearing the %s (it runs out by itself): %s", what, e.toString()));
    }

    /** The retrying statement of {@link #retryInBackground} as a Uni of the rows it changed (tests subscribe to it directly). */
    Uni<Integer> retrying(String sql, Tuple args, Duration giveUpAfter) {
        return Uni.createFrom().deferred(() -> update(sql, args))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(15))
                .expireIn(giveUpAfter.toMillis());
    }

    /** {@code at} as the UTC timestamp every statement binds ({@code timestamptz} columns). */
    public static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
