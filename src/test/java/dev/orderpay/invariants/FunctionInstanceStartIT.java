package dev.orderpay.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Function instances do not migrate (issue #13 item 3): {@code deploy/knative} sets
 * {@code QUARKUS_FLYWAY_MIGRATE_AT_START=false}, so an instance that a platform starts from zero
 * skips Flyway (about 0.3 s of a 3.7 s start, README "Cold start") and no two instances scaling
 * out together queue on Flyway's lock; the Deployment migrates (deploy/README.md). Hibernate's
 * schema validation stays on, so an instance started before the Deployment has migrated refuses to
 * start and leaves the database as it found it; once the Deployment's start has migrated it, the same
 * function configuration starts, serves its function, and writes no migration of its own.
 *
 * <p>Three starts of the packaged jar with the shipped JVM options, against an embedded PostgreSQL.
 */
class FunctionInstanceStartIT {

    private static final Path DIR = Path.of(System.getProperty("invariants.dir", "target/invariants"));

    @Test
    void aFunctionInstanceNeverMigratesAndRefusesAnUnmigratedSchema() throws Exception {
        try (ItDatabase db = new ItDatabase(DIR.resolve("function-pgdata-" + UUID.randomUUID()))) {
            db.start();
            db.createDatabase("orderpay");
            String jdbc = db.jdbcUrl("orderpay");

            // as deploy/knative/search-unpaid-orders.yaml configures it
            Map<String, String> function = config(db);
            function.put("quarkus.flyway.migrate-at-start", "false");
            function.put("quarkus.funqy.export", "search-unpaid-orders");
            try (PackagedService early = new PackagedService("function-before-migration", DIR)) {
                assertThatThrownBy(() -> early.start(function))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("exited");
                assertThat(Files.readString(DIR.resolve("function-before-migration-1.log")))
                        .contains("Schema validation: missing table");
            }
            assertThat(count(jdbc, "select count(*) from pg_tables where schemaname = 'public'"))
                    .as("tables after a function instance met an unmigrated database").isZero();

            // the Deployment (deploy/kubernetes) migrates at its start
            try (PackagedService deployment = new PackagedService("deployment", DIR)) {
                deployment.start(config(db));
                deployment.stop();
            }
            String history = "select count(*) from flyway_schema_history";
            long migrations = count(jdbc, history);
            assertThat(migrations).isPositive();

            try (PackagedService fn = new PackagedService("function-after-migration", DIR)) {
                fn.start(function);
                HttpJson svc = new HttpJson(fn.baseUrl());
                String customer = "fn-" + UUID.randomUUID().toString().substring(0, 8);
                HttpJson.Reply search = svc.post("/search-unpaid-orders", HttpJson.token(customer, "customer"), Map.of());
                assertThat(search.status()).as(search.body()).isEqualTo(200);
                assertThat(search.json().path("orders").isArray()).as(search.body()).isTrue();
                assertThat(search.json().path("total_count").asLong(-1)).as(search.body()).isZero();
                assertThat(svc.get("/v1/orders/unpaid", HttpJson.token(customer, "customer")).status())
                        .as("only the exported function is served").isEqualTo(404);
            }
            assertThat(count(jdbc, history)).as("schema history rows after the function's start").isEqualTo(migrations);
        }
    }

    private static Map<String, String> config(ItDatabase db) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("quarkus.datasource.reactive.url", db.reactiveUrl("orderpay"));
        c.put("quarkus.datasource.jdbc.url", db.jdbcUrl("orderpay"));
        c.put("mp.jwt.verify.publickey.location", "devkeys/publicKey.pem");
        c.put("payments.jobs.scheduled", "false");
        return c;
    }

    private static long count(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
