package dev.orderpay.platform;

import static dev.orderpay.support.Api.asCustomer;
import static dev.orderpay.support.Api.createOrder;
import static dev.orderpay.support.Api.newCustomer;
import static dev.orderpay.support.Api.payment;
import static dev.orderpay.support.Api.putCustomer;
import static dev.orderpay.support.Api.usdOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderpay.platform.db.SqlStatements;
import dev.orderpay.support.CuttableDatabaseResource;
import dev.orderpay.support.Db;
import dev.orderpay.support.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Issue #11 item 3, in process: with the database taken away from the running service (every
 * pooled connection reset, new ones refused), REST endpoints and functions answer 503
 * {@code SERVICE_UNAVAILABLE} problem+json with {@code Retry-After}, never a 500 or a stack
 * trace; once it is back the same service answers again (the pool reconnects) and a payment
 * retried under its Idempotency-Key completes once. {@code DatabaseRestartIT} does the same
 * with a real PostgreSQL restart under traffic against the packaged jar.
 */
@QuarkusTest
@TestProfile(DatabaseUnavailableTest.CutDatabase.class)
class DatabaseUnavailableTest {

    /** Its own database behind a cuttable proxy; idempotency keys of failed requests free after 2 s. */
    public static class CutDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("payments.idempotency.lock-timeout", "PT2S");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CuttableDatabaseResource.class));
        }
    }

    @CuttableDatabaseResource.Inject
    TcpProxy database;

    @Inject
    Db db;

    @Inject
    SqlStatements sql;

    @Test
    void connectionFailuresAreRecognisedOthersAreNot() {
        assertThat(DatabaseUnavailable.is(new CompletionException(new ConnectException("Connection refused")))).isTrue();
        assertThat(DatabaseUnavailable.is(new RuntimeException(ClosedConnectionException.INSTANCE))).isTrue();
        assertThat(DatabaseUnavailable.is(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null))).isTrue();
        assertThat(DatabaseUnavailable.is(new PgException("the database system is starting up", "FATAL", "57P03", null))).isTrue();
        assertThat(DatabaseUnavailable.is(new SQLException("connection attempt failed", "08001"))).isTrue();
        // a pooled connection the server dropped while a statement was on it (DatabaseRestartIT saw it as a 500)
        assertThat(DatabaseUnavailable.is(new CompletionException(new SocketException("Connection reset")))).isTrue();
        assertThat(DatabaseUnavailable.is(new CompositeException(new IllegalStateException("x"), ClosedConnectionException.INSTANCE)))
                .isTrue();
        // not a lost connection: still a 500 (or the code's own mapping)
        assertThat(DatabaseUnavailable.is(new PgException("duplicate key", "ERROR", "23505", null))).isFalse();
        assertThat(DatabaseUnavailable.is(new IllegalStateException("bug"))).isFalse();
        assertThat(ProblemMappers.problem(new CompletionException(ClosedConnectionException.INSTANCE)).errorCode())
                .isEqualTo("SERVICE_UNAVAILABLE");
    }

    @Test
    void lostDatabaseIsA503AndThePoolRecovers() throws Exception {
        String c = newCustomer();
        putCustomer(c, true);
        String order = createOrder(c, usdOrder("40.00"));
        asCustomer(c).get("/v1/orders/unpaid").then().statusCode(200); // the pool holds live connections now

        database.cut();
        try {
            assertUnavailable(asCustomer(c).get("/v1/orders/unpaid"));
            assertUnavailable(asCustomer(c).get("/v1/orders/" + order));
            assertUnavailable(asCustomer(c).body(payment(List.of(order), "monthly_settlement")).post("/v1/payments/quote"));
            assertUnavailable(asCustomer(c).header("Idempotency-Key", "db-lost-" + order)
                    .body(payment(List.of(order), "monthly_settlement")).post("/v1/payments"));
            assertUnavailable(asCustomer(c).body(Map.of("order_id", order, "method", "monthly_settlement",
                    "idempotency_key", "db-lost-fn-" + order)).post("/pay-order"));
            assertUnavailable(asCustomer(c).body(Map.of()).post("/search-unpaid-orders"));
        } finally {
            database.restore();
        }

        // the same service, no restart: the pool opens new connections
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                asCustomer(c).get("/v1/orders/unpaid").then().statusCode(200));
        // the client retries the payment under its key (the key is free again once stale)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                asCustomer(c).header("Idempotency-Key", "db-lost-" + order)
                        .body(payment(List.of(order), "monthly_settlement")).post("/v1/payments").then().statusCode(201));
        assertThat(db.count("select count(*) from payment_order po join payment p on p.payment_id = po.payment_id "
                + "where po.order_id = $1 and p.status = 'succeeded'", order)).isEqualTo(1);
        assertThat(db.string("select status from customer_order where order_id = $1", order)).isEqualTo("paid");
    }

    /**
     * A clean-up the database refused (a settling lease, a webhook claim) is run again in the
     * background once the database is back, not left to run out by itself minutes later.
     */
    @Test
    void aCleanUpThatMetTheLostDatabaseRunsOnceItIsBack() throws Exception {
        String c = newCustomer();
        putCustomer(c, true);
        database.cut();
        try {
            sql.retryInBackground("test clean-up of " + c, "update customer set name = $2 where customer_id = $1",
                    Tuple.of(c, "cleaned up late"), Duration.ofSeconds(60));
            Thread.sleep(1500); // its first attempts meet the cut database (connections refused)
        } finally {
            database.restore();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(db.string("select name from customer where customer_id = $1", c)).isEqualTo("cleaned up late"));
    }

    private static void assertUnavailable(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("error_code")).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(r.header("Retry-After")).isEqualTo("5");
        assertThat(r.asString()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.orderpay.");
    }
}
