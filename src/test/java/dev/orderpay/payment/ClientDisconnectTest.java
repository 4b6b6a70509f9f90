package dev.orderpay.payment;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderpay.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #10, defect 12: clients that disconnect mid-request leave no debris. 32 payments are sent
 * at once over raw sockets that are closed a few milliseconds after the request is written. Then
 * every idempotency key is usable again within a short bounded wait (the retry with the same key
 * and body gets the stored 201 or a fresh 201 — never 409 IDEMPOTENCY_IN_PROGRESS, which would
 * last the 2-minute lock timeout), each order is paid exactly once, and the log has no ERROR (and
 * no Hibernate Reactive session misuse).
 */
@QuarkusTest
class ClientDisconnectTest {

    private static final int PAYMENTS = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Db db;

    private final ConcurrentLinkedQueue<LogRecord> problems = new ConcurrentLinkedQueue<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String text = r.getMessage() + " " + (r.getThrown() == null ? "" : r.getThrown());
            if (r.getLevel().intValue() >= Level.SEVERE.intValue() || text.contains("HR000")
                    || text.contains("Session/EntityManager is closed") || text.contains("non-threadsafe")) {
                problems.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger("").removeHandler(capture);
    }

    /** Writes one POST /v1/payments and closes the connection {@code closeAfterMillis} later, unread. */
    private static void sendAndHangUp(String customer, String key, String body, long closeAfterMillis) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/payments HTTP/1.1\r\n"
                + "Host: localhost:" + RestAssured.port + "\r\n"
                + "Authorization: Bearer " + token(customer, "customer") + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Idempotency-Key: " + key + "\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoLinger(true, 0); // close with a reset, as a killed load generator does
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            Thread.sleep(closeAfterMillis);
        }
    }

    private static String describe(LogRecord r) {
        return r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
                + (r.getThrown() == null ? "" : " / " + r.getThrown());
    }

    @Test
    void paymentsCutOffInFlightLeaveEveryKeyUsableAndEachOrderPaidOnce() throws Exception {
        String c = newCustomer();
        putCustomer(c, true);
        List<String> orders = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < PAYMENTS; i++) {
            String order = createOrder(c, usdOrder((10 + i) + ".00"));
            orders.add(order);
            keys.add("cut-" + UUID.randomUUID());
            bodies.add(JSON.writeValueAsString(payment(List.of(order), "monthly_settlement")));
        }
        // one whole payment first, so the burst below does not also pay the service's cold start
        pay(c, payment(List.of(createOrder(c, usdOrder("9.00"))), "monthly_settlement")).statusCode(201);
        problems.clear();

        ExecutorService pool = Executors.newFixedThreadPool(PAYMENTS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < PAYMENTS; i++) {
                int n = i;
                sent.add(pool.submit(() -> {
                    start.await();
                    sendAndHangUp(c, keys.get(n), bodies.get(n), 1 + n % 8);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // every key answers 201 (the stored answer or a fresh payment) within a short wait, far below the lock timeout
        for (int i = 0; i < PAYMENTS; i++) {
            int n = i;
            Response[] last = new Response[1];
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                last[0] = asCustomer(c).header("Idempotency-Key", keys.get(n)).body(bodies.get(n)).post("/v1/payments");
                assertThat(last[0].statusCode()).as("retry of key %s: %s", keys.get(n), last[0].asString())
                        .isEqualTo(201);
            });
            assertThat(last[0].jsonPath().getString("orders[0].order_id")).isEqualTo(orders.get(n));
            // and a second retry replays the same payment
            String again = asCustomer(c).header("Idempotency-Key", keys.get(n)).body(bodies.get(n)).post("/v1/payments")
                    .then().statusCode(201).extract().path("payment_id");
            assertThat(again).isEqualTo(last[0].jsonPath().getString("payment_id"));
        }

        for (String order : orders) {
            assertThat(db.count("select count(*) from payment_order where order_id = $1", order)).as(order).isEqualTo(1);
            assertThat(db.string("select status from customer_order where order_id = $1", order)).isEqualTo("paid");
        }
        assertThat(db.count("select count(*) from payment where customer_id = $1", c)).isEqualTo(PAYMENTS + 1);
        assertThat(db.count("select count(*) from idempotency_record where customer_id = $1 and state <> 'completed'", c))
                .isZero();
        Thread.sleep(500); // let late completions of cut-off requests log, if they would
        assertThat(problems).extracting(ClientDisconnectTest::describe).isEmpty();
    }
}
