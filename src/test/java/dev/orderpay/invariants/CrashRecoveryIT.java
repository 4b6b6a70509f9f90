package dev.orderpay.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderpay.platform.FaultPoints;
import dev.orderpay.platform.FaultPoints.Point;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #11 item 1: the packaged service is killed at each step of the online and the monthly
 * flow and restarted, and no money is lost. Two processes of {@code quarkus-run.jar} share one
 * embedded PostgreSQL (zonky, started here, data directory kept): the <b>gateway</b> (the
 * sandbox, so its records outlive the service's crashes, as Stripe's would) and the
 * <b>service</b>, started with the {@code crashtest} profile and
 * {@code payments.fault-points.halt-at=<point>} ({@link FaultPoints}: {@code Runtime.halt}, as
 * abrupt as SIGKILL). For each point the test drives the flow until the process dies, restarts
 * it without a fault, lets webhooks, the client's retry and reconciliation do their work
 * (lease 15 s; the service clock is moved past the checkout deadline and reconciliation is run),
 * then checks {@link MoneyInvariants#checkSettled()} (0 violations, every payment final) and the
 * outcome the point must end in.
 *
 * <p>One round = the five points; {@code -Dinvariants.scale=N} runs N rounds. Figures:
 * {@code target/invariants/crash-recovery.properties}.
 */
class CrashRecoveryIT {

    private static final Path DIR = Path.of(System.getProperty("invariants.dir", "target/invariants"));
    private static final String PREFIX = "crash-";
    private static final String ADMIN = HttpJson.token("ops-admin", "admin");
    private static final String ORDERING = HttpJson.token("ordering-system", "order-service");
    private static final String SANDBOX_KEY = "sk_test_sandbox";

    private static ItDatabase db;
    private static PackagedService gateway;
    private static PackagedService service;
    private static HttpJson gw;
    private static HttpJson svc;

    private final Map<String, Object> figures = new LinkedHashMap<>();
    private int injected;
    private int survived;

    @BeforeAll
    static void startDatabaseAndGateway() throws Exception {
        db = new ItDatabase(DIR.resolve("crash-pgdata-" + UUID.randomUUID()));
        db.start();
        db.createDatabase("orderpay");
        db.createDatabase("gateway");
        gateway = new PackagedService("crash-gateway", DIR);
        service = new PackagedService("crash-service", DIR);
        gw = new HttpJson(gateway.baseUrl());
        svc = new HttpJson(service.baseUrl());
        Map<String, String> g = common("gateway");
        g.put("payments.sandbox.enabled", "true");
        g.put("payments.sandbox.public-url", gateway.baseUrl());
        g.put("payments.sandbox.webhook-url", service.baseUrl() + "/v1/gateway/webhooks");
        // Stripe retries a webhook for days; enough attempts here to outlast a restart
        g.put("payments.sandbox.webhook-max-attempts", "14");
        g.put("payments.jobs.scheduled", "false");
        gateway.start(g);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (service != null) {
            service.kill();
        }
        if (gateway != null) {
            gateway.kill();
        }
        if (db != null) {
            db.close();
        }
    }

    private static Map<String, String> common(String database) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("quarkus.datasource.reactive.url", db.reactiveUrl(database));
        c.put("quarkus.datasource.jdbc.url", db.jdbcUrl(database));
        c.put("mp.jwt.verify.publickey.location", "devkeys/publicKey.pem");
        c.put("payments.gateway.api-key", SANDBOX_KEY);
        c.put("payments.gateway.webhook-secret", "whsec_sandbox_dev_only");
        c.put("quarkus.log.console.format", "%d{HH:mm:ss,SSS} %-5p [%c{2.}] %s%e%n");
        return c;
    }

    /** The service's configuration; {@code haltAt} null for a start without fault. */
    private static Map<String, String> serviceConfig(Point haltAt) {
        Map<String, String> c = common("orderpay");
        c.put("quarkus.profile", FaultPoints.PROFILE);
        c.put("payments.gateway.base-url", gateway.baseUrl() + "/sandbox/stripe");
        c.put("payments.sandbox.enabled", "false");
        c.put("payments.clock.adjustable", "true");
        // the clock is moved hours ahead of the gateway's: accept its signatures anyway
        c.put("payments.gateway.webhook-tolerance", "P60D");
        c.put("payments.jobs.scheduled", "true");
        c.put("payments.jobs.every.reconcile-payments", "2s");
        c.put("payments.settlement.lease", "PT15S");
        c.put("payments.settlement.wait", "PT2S");
        c.put("payments.idempotency.lock-timeout", "PT5S");
        if (haltAt != null) {
            c.put("payments.fault-points.halt-at", haltAt.wire());
        }
        return c;
    }

    @Test
    void theServiceRecoversFromACrashAtEveryPoint() throws Exception {
        int rounds = Math.max(1, Integer.getInteger("invariants.scale", 1));
        List<String> outcomes = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            outcomes.add(crash(Point.RESERVED, round, this::reserved));
            outcomes.add(crash(Point.CHECKOUT_CREATED, round, this::checkoutCreated));
            outcomes.add(crash(Point.SETTLEMENT, round, this::settlement));
            outcomes.add(crash(Point.REFUND, round, this::refund));
            outcomes.add(crash(Point.MONTHLY, round, this::monthly));
        }
        MoneyInvariants checker = checker();
        List<String> violations = checker.checkSettled();
        figures.put("rounds", rounds);
        figures.put("crashes_injected", injected);
        figures.put("crashes_survived", survived);
        figures.put("service_starts", service.starts());
        figures.put("violations", violations.size());
        figures.put("lost", violations.size());
        checker.figures().forEach((k, v) -> figures.put("checked_" + k, v));
        writeFigures(DIR, "crash-recovery", figures);
        assertThat(violations).as("money invariants after every crash and recovery").isEmpty();
        assertThat(survived).as("crashes survived: " + outcomes).isEqualTo(injected);
    }

    /** One crash: arm {@code point}, drive {@code flow} until the process dies, restart, recover, check. */
    private String crash(Point point, int round, Flow flow) throws Exception {
        service.start(serviceConfig(point));
        String customer = PREFIX + point.wire() + "-" + round + "-" + UUID.randomUUID().toString().substring(0, 6);
        Recovery recovery = flow.drive(customer);
        int status = service.awaitDeath(Duration.ofSeconds(90));
        assertThat(status).as("exit status of the service halted at " + point.wire()).isEqualTo(FaultPoints.HALT_STATUS);
        injected++;
        figures.merge("crashes_" + point.wire(), 1, (a, b) -> (Integer) a + (Integer) b);

        service.start(serviceConfig(null));
        recovery.run();
        settle(customer);
        List<String> violations = checker().customers(customer).checkSettled();
        assertThat(violations).as("invariants after the crash at " + point.wire()).isEmpty();
        survived++;
        service.stop();
        return point.wire() + ": survived";
    }

    private interface Flow {
        Recovery drive(String customer) throws Exception;
    }

    private interface Recovery {
        void run() throws Exception;
    }

    // --- the five flows -------------------------------------------------------------------------

    /** Online payment of two orders with a cash coupon; dies right after reserving. Nobody retries: reconciliation ends it. */
    private Recovery reserved(String c) throws Exception {
        customer(c, false);
        List<String> orders = List.of(order(c, "40.00"), order(c, "12.50"));
        String coupon = coupon(c, "5.00");
        expectDeath(() -> payOnline(c, orders, List.of(coupon), "key-" + c));
        return () -> {
            settle(c);
            JsonNode p = onlyPayment(c);
            assertThat(p.path("status").asText()).isEqualTo("cancelled");
            for (String o : orders) {
                assertThat(orderStatus(c, o)).isEqualTo("pending_payment");
            }
            assertThat(sql("select status || ':' || balance from coupon where coupon_id = ?", coupon)).isEqualTo("available:500");
        };
    }

    /** Dies after the gateway created the Checkout Session; the client retries with its key, gets the session, pays. */
    private Recovery checkoutCreated(String c) throws Exception {
        customer(c, false);
        String order = order(c, "64.00");
        String key = "key-" + c;
        expectDeath(() -> payOnline(c, List.of(order), List.of(), key));
        return () -> {
            JsonNode paid = awaitValue(Duration.ofSeconds(60), () -> {
                HttpJson.Reply r = payOnline(c, List.of(order), List.of(), key);
                return r.status() == 201 ? r.json() : null; // 409 IDEMPOTENCY_IN_PROGRESS until the key is stale
            });
            assertThat(paid.path("status").asText()).isEqualTo("requires_action");
            payAtGateway(paid.path("checkout_url").asText());
            awaitPaymentStatus(c, paid.path("payment_id").asText(), "succeeded");
            assertThat(orderStatus(c, order)).isEqualTo("paid");
        };
    }

    /** Dies after the gateway captured the money; the webhook's retry or reconciliation records it. */
    private Recovery settlement(String c) throws Exception {
        customer(c, false);
        String order = order(c, "64.00");
        HttpJson.Reply r = payOnline(c, List.of(order), List.of(), "key-" + c);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        payAtGateway(r.json().path("checkout_url").asText()); // the gateway's webhook makes the service capture
        String paymentId = r.json().path("payment_id").asText();
        return () -> {
            awaitPaymentStatus(c, paymentId, "succeeded");
            assertThat(orderStatus(c, order)).isEqualTo("paid");
        };
    }

    /** A succeeded payment is refunded at the gateway (dashboard); the service dies while recording it. */
    private Recovery refund(String c) throws Exception {
        customer(c, false);
        String order = order(c, "64.00");
        HttpJson.Reply r = payOnline(c, List.of(order), List.of(), "key-" + c);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        payAtGateway(r.json().path("checkout_url").asText());
        String paymentId = r.json().path("payment_id").asText();
        awaitPaymentStatus(c, paymentId, "succeeded");
        String intent = sql("select payment_intent_id from payment where payment_id = ?", paymentId);
        HttpJson.Reply refund = gw.send("POST", "/sandbox/stripe/v1/refunds", SANDBOX_KEY, "payment_intent=" + intent,
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Idempotency-Key", "dashboard-" + paymentId));
        assertThat(refund.status()).as(refund.body()).isEqualTo(200);
        return () -> {
            JsonNode p = awaitPaymentStatus(c, paymentId, "refunded");
            assertThat(p.path("refunded_amount").asText()).isEqualTo("64.00");
            assertThat(orderStatus(c, order)).isEqualTo("paid");
        };
    }

    /** A monthly-settlement customer's bill: the service dies after the gateway charged the card on file. */
    private Recovery monthly(String c) throws Exception {
        Map<String, Object> body = customerBody(c, true);
        body.put("gateway_customer_id", "cus_" + c.replace("-", ""));
        body.put("default_payment_method", "pm_card_visa");
        ok(svc.put("/v1/admin/customers/" + c, ADMIN, body), 200);
        String order = order(c, "58.40");
        HttpJson.Reply paid = svc.send("POST", "/v1/payments", token(c),
                Map.of("order_ids", List.of(order), "method", "monthly_settlement"), Map.of("Idempotency-Key", "key-" + c));
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        Instant issueDay = YearMonth.now(ZoneOffset.UTC).plusMonths(1).atDay(3).atTime(0, 30).toInstant(ZoneOffset.UTC);
        setClock(issueDay);
        expectDeath(() -> svc.post("/v1/admin/jobs/generate-bills", ADMIN, null));
        return () -> {
            // the restarted service runs on real time again; the bill's claim (10 min) has to run out first
            String bill = awaitValue(Duration.ofSeconds(90), () -> {
                String status = sql("select status from bill where customer_id = ?", c);
                if (!"paid".equals(status)) {
                    setClock(issueDay.plus(Duration.ofMinutes(11)));
                    svc.post("/v1/admin/jobs/retry-bills", ADMIN, null);
                    return null;
                }
                return status;
            });
            assertThat(bill).isEqualTo("paid");
        };
    }

    // --- recovery ----------------------------------------------------------------------------

    /**
     * Lets reconciliation run past every deadline: the service clock is moved past the checkout
     * deadline (30 min) and on by 6 minutes a round (reconciliation puts a busy payment off by 5),
     * until none of the customer's payments is open.
     */
    private void settle(String customer) throws Exception {
        Instant base = Instant.now().plus(Duration.ofMinutes(31));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int round = 0;
        while (openPayments(customer) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("payments of " + customer + " still open after 120 s: "
                        + sql("select string_agg(payment_id || ' ' || status, ', ') from payment where customer_id = ?", customer));
            }
            setClock(base.plus(Duration.ofMinutes(6L * round++)));
            svc.post("/v1/admin/jobs/reconcile-payments", ADMIN, null);
            Thread.sleep(1000);
        }
    }

    private static long openPayments(String customer) throws SQLException {
        return Long.parseLong(sql("select count(*) from payment where customer_id = ? and status in ('requires_action', 'processing')",
                customer));
    }

    private static MoneyInvariants checker() {
        return MoneyInvariants.of(db.jdbcUrl("orderpay"), null, null, gateway.baseUrl()).customers(PREFIX);
    }

    // --- API helpers -----------------------------------------------------------------------------

    private static String token(String customer) {
        return HttpJson.token(customer, "customer");
    }

    private static Map<String, Object> customerBody(String c, boolean monthly) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Crash " + c);
        body.put("email", c + "@example.com");
        body.put("phone", "+6580000000");
        body.put("monthly_settlement_enabled", monthly);
        return body;
    }

    private static void customer(String c, boolean monthly) throws Exception {
        ok(svc.put("/v1/admin/customers/" + c, ADMIN, customerBody(c, monthly)), 200);
    }

    private static String order(String c, String unitPrice) throws Exception {
        Map<String, Object> line = Map.of("product_id", "s6.large.2", "description", "s6.large.2, 1 month",
                "quantity", 1, "unit_price", unitPrice);
        Map<String, Object> o = Map.of("service_type", "hws.service.type.ec2", "order_type", "new_purchase",
                "currency", "USD", "line_items", List.of(line));
        HttpJson.Reply r = ok(svc.post("/v1/admin/orders", ORDERING, Map.of("customer_id", c, "combined", false,
                "orders", List.of(o))), 201);
        return r.json().path("orders").get(0).path("order_id").asText();
    }

    private static String coupon(String c, String faceValue) throws Exception {
        HttpJson.Reply r = ok(svc.post("/v1/admin/customers/" + c + "/coupons", ADMIN,
                Map.of("type", "cash", "face_value", faceValue, "currency", "USD")), 201);
        return r.text("coupon_id");
    }

    private static HttpJson.Reply payOnline(String c, List<String> orders, List<String> coupons, String key) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("order_ids", orders);
        body.put("method", "online");
        body.put("contract_independence_confirmed", true);
        body.put("coupon_ids", coupons);
        body.put("return_url", "http://localhost/done");
        return svc.send("POST", "/v1/payments", token(c), body, Map.of("Idempotency-Key", key));
    }

    /** The customer pays the checkout with 4242 4242 4242 4242 at the gateway. */
    private static void payAtGateway(String checkoutUrl) throws Exception {
        String session = checkoutUrl.substring(checkoutUrl.lastIndexOf('/') + 1);
        ok(gw.post("/sandbox/control/checkout/" + session + "/pay", null, Map.of("card_number", "4242424242424242")), 200);
    }

    private static JsonNode awaitPaymentStatus(String c, String paymentId, String status) throws Exception {
        String[] last = {null};
        try {
            return awaitValue(Duration.ofSeconds(90), () -> {
                HttpJson.Reply r = svc.get("/v1/payments/" + paymentId, token(c));
                last[0] = r.body();
                return r.status() == 200 && status.equals(r.text("status")) ? r.json() : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError("payment " + paymentId + " not " + status + " within 90 s; it is " + last[0], e);
        }
    }

    private static JsonNode onlyPayment(String c) throws Exception {
        HttpJson.Reply r = ok(svc.get("/v1/payments", token(c)), 200);
        assertThat(r.json().path("payments").size()).isEqualTo(1);
        return r.json().path("payments").get(0);
    }

    private static String orderStatus(String c, String order) throws Exception {
        return ok(svc.get("/v1/orders/" + order, token(c)), 200).text("status");
    }

    private static void setClock(Instant now) throws Exception {
        ok(svc.put("/v1/admin/clock", ADMIN, Map.of("now", now.toString())), 200);
    }

    private static HttpJson.Reply ok(HttpJson.Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r;
    }

    /** Runs a request that must kill the service: its connection breaks (or, rarely, it still answers). */
    private static void expectDeath(Callable<?> request) {
        try {
            request.call();
        } catch (Exception e) {
            // the process halted mid-request
        }
    }

    /** Polls {@code probe} (null = not yet) every 500 ms; connection errors count as "not yet". */
    private static <T> T awaitValue(Duration timeout, Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                T v = probe.call();
                if (v != null) {
                    return v;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not reached within " + timeout, last);
    }

    /** Prints the figures and writes {@code <dir>/<name>.properties}. */
    static void writeFigures(Path dir, String name, Map<String, Object> figures) throws IOException {
        System.out.println("[invariants] " + name + " figures: " + figures);
        Properties p = new Properties();
        figures.forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve(name + ".properties"))) {
            p.store(w, "issue #11 scenario " + name + ", " + Instant.now());
        }
    }

    /** The first column of the first row, as text (JDBC, straight from the database). */
    static String sql(String query, Object... params) throws SQLException {
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
