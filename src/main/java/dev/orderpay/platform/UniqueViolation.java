package dev.orderpay.platform;

import io.vertx.pgclient.PgException;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Recognises PostgreSQL's unique violation (SQLSTATE 23505): two requests created the same
 * row at once. Idempotent creations retry once and then find the winner's row.
 */
public final class UniqueViolation {

    private UniqueViolation() {
    }

    /** Whether {@code failure} or one of its causes is a unique violation. */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof ConstraintViolationException cv
                    && ("23505".equals(cv.getSQLState()) || String.valueOf(cv.getMessage()).contains("(23505)"))) {
                return true;
            }
        }
        return false;
    }
}
