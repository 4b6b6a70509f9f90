package dev.orderpay.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #11 item 3: PostgreSQL is stopped and started again (same port, same data directory)
 * while clients pay, search and quote against the packaged service. Requests that meet the lost
 * database answer 503 {@code SERVICE_UNAVAILABLE} problem+json with {@code Retry-After}, never a
 * 500 or a stack trace; the same service process (same PID, no restart) serves again once the
 * database is back (the pool reconnects); each client retries its payment under the same
 * Idempotency-Key until it gets its 201; afterwards every order is paid exactly once, nothing a
 * client was told succeeded is missing, and {@link MoneyInvariants#checkSettled()} holds.
 *
 * <p>The service runs in the prod profile with {@code payments.fault-points.halt-at=reserved} set,
 * and makes online payments through that step: the process lives on, showing that prod ignores the
 * crash hook. Size: 4 customers × 10 orders and one database restart; {@code -Dinvariants.scale=N}
 * multiplies orders and restarts. Figures: {@code target/invariants/database-restart.properties}.
 */
class DatabaseRestartIT {

    private static final Path DIR = Path.of(System.getProperty("invariants.dir", "target/invariants"));
    private static final int SCALE = Math.max(1, Integer.getInteger("invariants.scale", 1));
    private static final String PREFIX = "dbrestart-";
    private static final String ADMIN = HttpJson.token("ops-admin", "admin");
    private static final String ORDERING = HttpJson.token("ordering-system", "order-service");

    private static ItDatabase db;
    private static PackagedService service;
    private static HttpJson svc;

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger connectionErrors = new AtomicInteger();
    private final List<String> unclean = new CopyOnWriteArrayList<>();
    private final Map<String, String> paidBy = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        db = new ItDatabase(DIR.resolve("dbrestart-pgdata-" + UUID.randomUUID()));
        db.start();
        db.createDatabase("orderpay");
        service = new PackagedService("dbrestart-service", DIR);
        svc = new HttpJson(service.baseUrl());
        Map<String, String> c = new LinkedHashMap<>();
        c.put("quarkus.datasource.reactive.url", db.reactiveUrl("orderpay"));
        c.put("quarkus.datasource.jdbc.url", db.jdbcUrl("orderpay"));
        c.put("mp.jwt.verify.publickey.location", "devkeys/publicKey.pem");
        c.put("payments.gateway.api-key", "sk_test_sandbox");
        c.put("payments.gateway.webhook-secret", "whsec_sandbox_dev_only");
        c.put("payments.sandbox.enabled", "true");
        c.put("payments.sandbox.webhook-max-attempts", "14");
        c.put("payments.idempotency.lock-timeout", "PT3S");
        c.put("payments.jobs.every.reconcile-payments", "5s");
        // prod profile: the crash hook must be ignored (FaultPoints)
        c.put("payments.fault-points.halt-at", "reserved");
        service.start(c);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.kill();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aDatabaseRestartUnderTrafficIsA503AndNothingIsLost() throws Exception {
        long pid = service.pid();
        int customers = 4;
        int ordersEach = 10 * SCALE;
        List<String> ids = new ArrayList<>();
        Map<String, List<String>> orders = new LinkedHashMap<>();
        for (int i = 0; i < customers; i++) {
            String c = PREFIX + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            ok(svc.put("/v1/admin/customers/" + c, ADMIN, Map.of("name", "Restart " + c, "email", c + "@example.com",
                    "phone", "+6580000000", "monthly_settlement_enabled", true)), 200);
            List<String> mine = new ArrayList<>();
            for (int k = 0; k <= ordersEach; k++) {
                mine.add(order(c));
            }
            orders.put(c, mine);
            ids.addAll(mine);
        }

        ExecutorService pool = Executors.newFixedThreadPool(customers);
        List<Future<?>> clients = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : orders.entrySet()) {
            clients.add(pool.submit(() -> {
                client(e.getKey(), e.getValue());
                return null;
            }));
        }
        int restarts = 0;
        for (int r = 0; r < SCALE; r++) {
            Thread.sleep(1500);
            db.stop();
            Thread.sleep(3000);
            db.start();
            restarts++;
        }
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();

        assertThat(service.alive()).as("the service was never restarted").isTrue();
        assertThat(service.pid()).isEqualTo(pid);
        // nothing lost: every order a client was told is paid, is paid by that payment
        int lost = 0;
        for (Map.Entry<String, String> e : paidBy.entrySet()) {
            String stored = sql("select p.status from payment p join payment_order po on po.payment_id = p.payment_id "
                    + "where po.order_id = ? and p.payment_id = ?", e.getKey(), e.getValue());
            if (!"succeeded".equals(stored)) {
                lost++;
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("scale", SCALE);
        figures.put("database_restarts", restarts);
        figures.put("service_restarts", 0);
        figures.put("requests", requests.get());
        figures.put("answers_503", unavailable.get());
        figures.put("unclean", unclean.size());
        figures.put("connection_errors", connectionErrors.get());
        figures.put("orders_paid", paidBy.size());
        figures.put("lost", lost);
        awaitSettled();
        MoneyInvariants checker = MoneyInvariants.of(db.jdbcUrl("orderpay"), null, null, service.baseUrl()).customers(PREFIX);
        List<String> violations = checker.checkSettled();
        figures.put("violations", violations.size());
        CrashRecoveryIT.writeFigures(DIR, "database-restart", figures);

        assertThat(unclean).as("answers other than 2xx/4xx or a clean 503 SERVICE_UNAVAILABLE").isEmpty();
        assertThat(unavailable.get()).as("requests that met the stopped database").isPositive();
        assertThat(paidBy).as("every monthly-settled order paid").hasSize(customers * ordersEach);
        assertThat(lost).isZero();
        assertThat(violations).isEmpty();
    }

    /**
     * One customer: an online payment of its first order (through the fault point "reserved",
     * paid at the sandbox), then each other order by monthly settlement, with a search and a quote
     * before each; a payment is retried under its key until it gets 201.
     */
    private void client(String c, List<String> mine) throws Exception {
        String token = HttpJson.token(c, "customer");
        HttpJson.Reply online = until201(() -> svc.send("POST", "/v1/payments", token, Map.of("order_ids", List.of(mine.get(0)),
                "method", "online", "contract_independence_confirmed", true), Map.of("Idempotency-Key", "online-" + c)));
        String url = online.json().path("checkout_url").asText();
        call(() -> svc.post("/sandbox/control/checkout/" + url.substring(url.lastIndexOf('/') + 1) + "/pay", null,
                Map.of("card_number", "4242424242424242")));
        for (String order : mine.subList(1, mine.size())) {
            call(() -> svc.get("/v1/orders/unpaid?limit=5", token));
            call(() -> svc.post("/v1/payments/quote", token, Map.of("order_ids", List.of(order))));
            HttpJson.Reply paid = until201(() -> svc.send("POST", "/v1/payments", token,
                    Map.of("order_ids", List.of(order), "method", "monthly_settlement"), Map.of("Idempotency-Key", "pay-" + order)));
            paidBy.put(order, paid.text("payment_id"));
        }
    }

    private interface Request {
        HttpJson.Reply send() throws IOException, InterruptedException;
    }

    /** One request, classified: 2xx/4xx fine; 503 SERVICE_UNAVAILABLE problem+json with Retry-After; anything else unclean. */
    private HttpJson.Reply call(Request request) throws InterruptedException {
        requests.incrementAndGet();
        HttpJson.Reply r;
        try {
            r = request.send();
        } catch (IOException e) {
            connectionErrors.incrementAndGet();
            unclean.add("connection error: " + e);
            return null;
        }
        if (r.status() == 503 && "SERVICE_UNAVAILABLE".equals(r.text("error_code"))
                && r.contentType() != null && r.contentType().startsWith("application/problem+json")
                && r.header("Retry-After") != null && !r.body().contains("Exception") && !r.body().contains("\tat ")) {
            unavailable.incrementAndGet();
        } else if (r.status() >= 500) {
            unclean.add(r.status() + " " + r.body());
        }
        return r;
    }

    /** Retries (same request, same key) while the answer is 503 or 409 IDEMPOTENCY_IN_PROGRESS; asserts 201 in the end. */
    private HttpJson.Reply until201(Request request) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        HttpJson.Reply r = null;
        while (System.nanoTime() < deadline) {
            r = call(request);
            if (r != null && r.status() == 201) {
                return r;
            }
            boolean retry = r == null || r.status() == 503
                    || (r.status() == 409 && "IDEMPOTENCY_IN_PROGRESS".equals(r.text("error_code")));
            if (!retry) {
                break;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("payment not answered 201: " + (r == null ? "no answer" : r.status() + " " + r.body()));
    }

    /** Waits until no payment of these customers is open (webhooks delivered again, reconciliation). */
    private static void awaitSettled() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (Long.parseLong(sql("select count(*) from payment where customer_id like ? and status in ('requires_action', 'processing')",
                PREFIX + "%")) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("online payments still open 90 s after the restart");
            }
            Thread.sleep(500);
        }
    }

    private static String order(String c) throws Exception {
        Map<String, Object> line = Map.of("product_id", "s6.large.2", "description", "s6.large.2, 1 month",
                "quantity", 1, "unit_price", "19.90");
        Map<String, Object> o = Map.of("service_type", "hws.service.type.ec2", "order_type", "new_purchase",
                "currency", "USD", "line_items", List.of(line));
        return ok(svc.post("/v1/admin/orders", ORDERING, Map.of("customer_id", c, "combined", false, "orders", List.of(o))), 201)
                .json().path("orders").get(0).path("order_id").asText();
    }

    private static HttpJson.Reply ok(HttpJson.Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r;
    }

    private static String sql(String query, Object... params) throws Exception {
        try (Connection conn = DriverManager.getConnection(db.jdbcUrl("orderpay"));
             PreparedStatement s = conn.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
