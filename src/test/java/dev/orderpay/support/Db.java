package dev.orderpay.support;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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
        List<String> out = new ArrayList<>();
        for (Row r : pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely()) {
            Object v = r.getValue(0);
            out.add(v == null ? null : v.toString());
        }
        return out;
    }

    public String string(String sql, Object... params) {
        List<String> l = strings(sql, params);
        return l.isEmpty() ? null : l.get(0);
    }

    public void exec(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }
}
