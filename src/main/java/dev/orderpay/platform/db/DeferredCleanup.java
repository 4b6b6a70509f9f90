package dev.orderpay.platform.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs again, in the background, a clean-up statement that failed because the database was away:
 * releasing a payment's settling lease, dropping a webhook event's claim. Without it such a lease
 * or claim only runs out by itself ({@code payments.settlement.lease}, 5 min by default), and the
 * payment it guards waits that long for the gateway's next delivery or for reconciliation, though
 * the database may be back within seconds (issue #11 item 3, a database restart under traffic).
 *
 * <p>The statement must be idempotent and guarded by the holder's token, so running it late can
 * never release somebody else's lease. It goes straight to the reactive pool (no Hibernate
 * session, so it runs on any thread) and is retried with Mutiny's exponential back-off, from 1 s
 * to 15 s between attempts, for at most {@code giveUpAfter}; after that the lease runs out by itself.
 * The caller does not wait for it.
 */
@ApplicationScoped
public class DeferredCleanup {

    private static final Logger LOG = Logger.getLogger(DeferredCleanup.class);

    private final Pool pool;

    public DeferredCleanup(Pool pool) {
        this.pool = pool;
    }

    /**
     * Starts retrying {@code sql} (PostgreSQL {@code $n} parameters) in the background.
     *
     * @param what        for the log, e.g. "settling lease of PAY…"
     * @param giveUpAfter how long to keep trying; past it the guarded lease runs out by itself
     */
    public void retry(String what, String sql, Tuple params, Duration giveUpAfter) {
        run(what, sql, params, giveUpAfter).subscribe().with(
                rows -> LOG.infof("cleared the %s once the database was back (%d row(s))", what, rows),
                e -> LOG.warnf("gave up clearing the %s (it runs out by itself): %s", what, e.toString()));
    }

    /** The retrying statement as a Uni of the rows it changed (tests subscribe to it directly). */
    Uni<Integer> run(String what, String sql, Tuple params, Duration giveUpAfter) {
        return Uni.createFrom().deferred(() -> pool.preparedQuery(sql).execute(params))
                .map(rows -> rows.rowCount())
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(15))
                .expireIn(giveUpAfter.toMillis());
    }
}
