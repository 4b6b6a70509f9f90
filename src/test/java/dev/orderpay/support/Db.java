package dev.orderpay.support;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Direct reads of the real PostgreSQL, so tests assert what is stored, not only what was answered. */
@ApplicationScoped
public class Db {

    private final Pool pool;

    public Db(Pool pool) {
        this.pool = pool;
    }

    /** The first column of the first row, as a long. */
    public long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely()
                .iterator().next().getLong(0);
    }

    /** The first column of every row, as strings. */
    public List<String> strings(String sql, Object... params) {
        return firstColumn(pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely());
    }

    private static List<String> firstColumn(RowSet<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            Object v = r.getValue(0);
            out.add(v == null ? null : v.toString());
        }
        return out;
    }

    public String string(String sql, Object... params) {
        List<String> l = strings(sql, params);
        return l.isEmpty() ? null : l.get(0);
    }

    /**
     * The plan PostgreSQL chooses for {@code sql} with {@code params} ({@code explain}, one line per
     * element), asked on one connection with the planner settings {@code off} (e.g. {@code enable_seqscan})
     * turned off, so that a test table's few rows do not decide it; the settings are reset before the
     * connection goes back to the pool the other tests share.
     */
    public List<String> plan(String sql, Tuple params, String... off) {
        return pool.withConnection(c -> {
            Uni<Void> set = Uni.createFrom().voidItem();
            for (String setting : off) {
                set = set.chain(() -> c.query("set " + setting + " = off").execute()).replaceWithVoid();
            }
            Uni<Void> reset = Uni.createFrom().voidItem();
            for (String setting : off) {
                reset = reset.chain(() -> c.query("reset " + setting).execute()).replaceWithVoid();
            }
            Uni<Void> undo = reset;
            return set.chain(() -> c.preparedQuery("explain " + sql).execute(params))
                    .eventually(() -> undo)
                    .map(rows -> firstColumn(rows));
        }).await().indefinitely();
    }

    public void exec(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }
}
