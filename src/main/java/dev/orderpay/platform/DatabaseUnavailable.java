package dev.orderpay.platform;

import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

/**
 * Lost database: a request that failed because PostgreSQL could not be reached, or dropped its
 * connection (restart, failover, network), answers 503 {@code SERVICE_UNAVAILABLE} with
 * {@code Retry-After} instead of 500 (issue #11 item 3). The failure is transient: the reactive
 * pool drops broken connections and opens new ones once the server is back, so the same request
 * can simply be retried — a payment with the same {@code Idempotency-Key}, which replays the
 * first answer if the payment was in fact committed before the connection dropped.
 *
 * <p>Recognised anywhere in the cause chain: a refused or reset connection ({@link SocketException},
 * e.g. {@code ConnectException}, "Connection reset", "Broken pipe"),
 * a connection the server or the network closed ({@link ClosedConnectionException},
 * {@link ClosedChannelException}, Vert.x's "connection closed"/"not active" failures),
 * PostgreSQL's connection-class errors (SQLSTATE {@code 08xxx}) and its shutdown errors
 * ({@code 57P01} admin shutdown, {@code 57P02} crash shutdown, {@code 57P03} cannot connect now,
 * e.g. still starting), over the reactive client or JDBC.
 */
public final class DatabaseUnavailable {

    /** The error code this service adds to contract §9's table. */
    public static final String ERROR_CODE = "SERVICE_UNAVAILABLE";
    /** Seconds a client should wait before retrying. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

    private DatabaseUnavailable() {
    }

    /** The 503 problem: {@code SERVICE_UNAVAILABLE}, {@code Retry-After: 5}. */
    public static ApiException problem() {
        return new ApiException(503, ERROR_CODE, "Service unavailable",
                "the database cannot be reached right now; the request may not have been completed. Retry it later "
                        + "(a payment with the same Idempotency-Key, which replays its answer if it was completed)")
                .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
    }

    /** Whether {@code failure} (or any of its causes) means the database could not be reached or dropped the connection. */
    public static boolean is(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (connectionFailure(t)) {
                return true;
            }
            // e.g. the failure of a step and of its clean-up (releasing an idempotency key) together
            if (t instanceof CompositeException composite) {
                for (Throwable cause : composite.getCauses()) {
                    if (cause != composite && seen.add(cause) && is(cause)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean connectionFailure(Throwable t) {
        // SocketException: also "Connection reset" and "Broken pipe" read or written on a pooled connection
        if (t instanceof SocketException || t instanceof ClosedConnectionException || t instanceof ClosedChannelException
                || t instanceof SQLTransientConnectionException) {
            return true;
        }
        if (t instanceof PgException pg) {
            return connectionState(pg.getSqlState());
        }
        if (t instanceof SQLException sql) {
            return connectionState(sql.getSQLState());
        }
        String type = t.getClass().getName();
        if (type.startsWith("io.vertx.") || type.startsWith("io.netty.")) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            return message.contains("connection is not active") || message.contains("connection closed")
                    || message.contains("connection was closed") || message.contains("connection reset")
                    || message.contains("connection refused") || message.contains("failed to read any response");
        }
        return false;
    }

    private static boolean connectionState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || SHUTDOWN_STATES.contains(sqlState));
    }
}
