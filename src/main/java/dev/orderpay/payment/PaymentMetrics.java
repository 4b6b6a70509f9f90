package dev.orderpay.payment;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import dev.orderpay.platform.db.SqlStatements;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * "Payments by status and method" (contract §11) as the Prometheus gauge
 * {@code orderpay_payments{status, method}}: the number of payments in the database, counted with
 * one {@code GROUP BY} every {@code payments.metrics.refresh} ({@link PaymentConfig.Metrics}, default
 * 60 s; never on the scrape). Every status × method pair is reported, 0 included.
 *
 * <p>It counts the shared database, so every instance reports the same totals: aggregate with
 * {@code max by (status, method)}, not {@code sum}.
 */
@ApplicationScoped
public class PaymentMetrics implements MeterBinder {

    private static final Logger LOG = Logger.getLogger(PaymentMetrics.class);
    /** Micrometer name; Prometheus shows {@code orderpay_payments}. */
    public static final String GAUGE = "orderpay.payments";
    static final String COUNT_SQL = "select status, method, count(*) from payment group by status, method";

    private final SqlStatements sql;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    public PaymentMetrics(SqlStatements sql, PaymentConfig config) {
        this.sql = sql;
        LOG.debugf("payments by status and method recounted every %s", config.metrics().refresh());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        for (PaymentStatus status : PaymentStatus.values()) {
            for (PaymentMethod method : PaymentMethod.values()) {
                gauge(status.wire(), method.wire());
            }
        }
    }

    private AtomicLong gauge(String status, String method) {
        return counts.computeIfAbsent(status + "|" + method, k -> {
            AtomicLong value = new AtomicLong();
            if (registry != null) {
                Gauge.builder(GAUGE, value, AtomicLong::get)
                        .description("Payments in the database by status and method")
                        .tag("status", status).tag("method", method)
                        .register(registry);
            }
            return value;
        });
    }

    @Scheduled(every = "${payments.metrics.refresh}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRefresh() {
        return refresh().onFailure().recoverWithUni(e -> {
            LOG.warnf("payment metrics not refreshed: %s", e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** Re-counts payments by status and method (one query) and updates the gauges. */
    public Uni<Void> refresh() {
        return sql.rows(COUNT_SQL, Tuple.tuple(), row -> new Count(row.getString(0), row.getString(1), row.getLong(2)))
                .invoke(rows -> {
                    Map<String, Long> seen = new HashMap<>();
                    for (Count c : rows) {
                        seen.put(c.status() + "|" + c.method(), c.payments());
                        gauge(c.status(), c.method());
                    }
                    counts.forEach((key, value) -> value.set(seen.getOrDefault(key, 0L)));
                }).replaceWithVoid();
    }

    /** One row of {@link #COUNT_SQL}. */
    private record Count(String status, String method, long payments) {
    }
}
