package dev.orderpay.payment;

import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.db.SqlStatements;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Settles online payments whose webhooks never came (contract §7 "Lost webhooks"): every
 * payment still {@code requires_action}/{@code processing} past its checkout deadline is
 * settled from the gateway's state, exactly as a webhook would. Each run claims a batch
 * with {@code FOR UPDATE SKIP LOCKED} and pushes its {@code reconcile_after} forward, so
 * two instances rarely pick the same payment, and a crash only delays it. The batch claim
 * (5 min) does not cover the worst case of settling a whole batch, so it is not what keeps
 * settlers apart: each payment is settled under its own settling lease
 * ({@link CheckoutSettler#settleIfFree}, {@code payments.settlement.lease}, which outlasts one
 * settling's worst case), taken when its turn comes; a payment whose lease is held elsewhere
 * is skipped ("busy") and picked up by a later run if still open.
 */
@ApplicationScoped
public class Reconciliation {

    private static final Logger LOG = Logger.getLogger(Reconciliation.class);
    static final int BATCH = 50;
    static final Duration RETRY_AFTER = Duration.ofMinutes(5);

    private final CheckoutSettler settler;
    private final SqlStatements sql;
    private final AppClock clock;

    public Reconciliation(CheckoutSettler settler, SqlStatements sql, AppClock clock) {
        this.settler = settler;
        this.sql = sql;
        this.clock = clock;
    }

    /** Settles one batch of due payments; returns how many ended in each status (and "error"). */
    public Uni<Map<String, Integer>> run() {
        Instant now = clock.now();
        return claim(now).flatMap(ids -> Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> settler.settleIfFree(id)
                        .map(s -> s == null ? "unknown" : s.wire())
                        // a webhook (or another instance) is settling it right now: nothing to do here
                        .onFailure(CheckoutSettler.SettlerBusyException.class).recoverWithItem("busy")
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("reconciliation of %s failed, retried later: %s", id, e.toString());
                            return "error";
                        }))
                .collect().asList()
                .map(results -> {
                    Map<String, Integer> counts = new TreeMap<>();
                    results.forEach(r -> counts.merge(r, 1, Integer::sum));
                    return counts;
                }));
    }

    private Uni<List<String>> claim(Instant now) {
        return sql.rows("update payment set reconcile_after = $2 where payment_id in ("
                        + "select payment_id from payment where status in ('requires_action', 'processing') "
                        + "and reconcile_after <= $1 order by reconcile_after limit " + BATCH
                        + " for update skip locked) returning payment_id",
                Tuple.of(SqlStatements.utc(now), SqlStatements.utc(now.plus(RETRY_AFTER))), row -> row.getString(0));
    }
}
