package dev.orderpay.invariants;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderpay.support.Db;
import dev.orderpay.support.Lifecycle;
import dev.orderpay.support.Sandbox;
import dev.orderpay.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #11 item 4: a bounded soak (a request budget and a time limit) in which many clients
 * pay (online and monthly settlement, REST and functions), combine, cancel orders and
 * payments, approve, reject, quote and replay idempotency keys on one shared pool of orders
 * and coupons, while the jobs run. No request answers 500 (or any 5xx but 503
 * {@code GATEWAY_UNAVAILABLE}), and after reconciliation and expiry
 * {@link MoneyInvariants#checkSettled()} finds nothing. Size: {@code -Dinvariants.scale}.
 */
@QuarkusTest
class RaceSoakTest {

    @Inject
    Db db;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private record Sent(String customer, String key, Map<String, Object> body, String path) {
    }

    @Test
    void theInvariantsHoldWhileClientsRaceOnSharedOrdersAndCoupons() throws Exception {
        Scenario sc = new Scenario("races");
        Random seeds = new Random(Scenario.SEED);
        String prefix = "race-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        int clients = 8;
        int budget = 400 * Scenario.SCALE;
        Duration limit = Duration.ofSeconds(45L * Scenario.SCALE);
        List<String> customers = new ArrayList<>();
        Map<String, List<String>> orders = new ConcurrentHashMap<>();
        Map<String, List<String>> coupons = new ConcurrentHashMap<>();
        for (int i = 0; i < 3; i++) {
            String c = prefix + i;
            putCustomer(c, i != 2); // two customers may use monthly settlement
            customers.add(c);
            orders.put(c, new CopyOnWriteArrayList<>());
            coupons.put(c, new CopyOnWriteArrayList<>(List.of(grantCoupon(c, cashCoupon("25.00", "USD")),
                    grantCoupon(c, cashCoupon("8.00", "USD")), grantCoupon(c, discountCoupon("10.00")))));
            newOrders(c, orders, new Random(i));
        }
        MoneyInvariants checker = MoneyInvariants.fromConfig(RestAssured.baseURI + ":" + RestAssured.port).customers(prefix);

        // stampedes first: all clients at once on the same order, or on the same cash coupon
        Map<String, AtomicLong> stampede = new ConcurrentHashMap<>();
        List<String> stampedeUnexpected = Collections.synchronizedList(new ArrayList<>());
        for (int round = 0; round < 4 * Scenario.SCALE; round++) {
            stampede(customers.get(round % 2), clients, round, seeds.nextLong(), stampede, stampedeUnexpected);
        }
        List<String> afterStampedes = checker.check();

        Map<String, AtomicLong> ops = new ConcurrentHashMap<>();
        Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        List<Sent> sent = new CopyOnWriteArrayList<>();
        AtomicInteger left = new AtomicInteger(budget);
        AtomicBoolean running = new AtomicBoolean(true);
        long deadline = System.nanoTime() + limit.toNanos();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
        try {
            Future<?> jobs = pool.submit(() -> {
                String[] names = {"reconcile-payments", "expire-orders", "send-notifications"};
                int i = 0;
                while (running.get()) {
                    Response r = asAdmin().post("/v1/admin/jobs/" + names[i++ % names.length]);
                    record("job", r, answers, unexpected);
                    sleep(300);
                }
            });
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                long seed = seeds.nextLong();
                futures.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    while (left.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                        String c = customers.get(r.nextInt(customers.size()));
                        step(c, r, orders, coupons, sent, ops, answers, unexpected);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
            running.set(false);
            jobs.get(1, TimeUnit.MINUTES);
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        // every open checkout passes its deadline; reconciliation and expiry run
        TestClock.set(Instant.now().plus(Duration.ofMinutes(31)));
        List<String> violations = List.of();
        for (int round = 0; round < 4; round++) {
            Lifecycle.runJob("reconcile-payments");
            Lifecycle.runJob("expire-orders");
            sleep(500);
            violations = checker.checkSettled();
            if (violations.isEmpty()) {
                break;
            }
        }
        Map<String, Long> statuses = new TreeMap<>();
        for (String s : db.strings("select status || '/' || method from payment where starts_with(customer_id, $1)", prefix)) {
            statuses.merge(s, 1L, Long::sum);
        }
        long requests = ops.values().stream().mapToLong(AtomicLong::get).sum();
        long stampedeRequests = stampede.values().stream().mapToLong(AtomicLong::get).sum();
        sc.put("clients", clients).put("racing_requests", requests + stampedeRequests).put("stampede_requests", stampedeRequests)
                .put("seconds", seconds).putAll("stampede.", toLongs(stampede))
                .putAll("op.", toLongs(ops)).putAll("answer.", toLongs(answers))
                .putAll("payments.", statuses)
                .put("orders", orders.values().stream().mapToInt(List::size).sum())
                .put("unexpected_answers", unexpected.size()).put("violations", violations.size())
                .putAll("checked.", checker.figures())
                .write();

        List<String> finalViolations = violations;
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(afterStampedes).as("money invariants right after the stampedes").isEmpty();
            soft.assertThat(stampedeUnexpected).as("5xx answers in the stampedes").isEmpty();
            soft.assertThat(unexpected).as("5xx answers (other than 503 GATEWAY_UNAVAILABLE) or non-problem errors").isEmpty();
            soft.assertThat(finalViolations).as("money invariants after the soak, reconciliation and expiry").isEmpty();
            soft.assertThat(statuses.keySet()).as("some payments succeeded").anyMatch(s -> s.startsWith("succeeded/"));
            soft.assertThat(requests).isPositive();
        });
    }

    /**
     * {@code clients} requests released together: even rounds pay one fresh order (online or
     * monthly settlement, REST or function), odd rounds pay one fresh order each with the same
     * cash coupon, whose online checkouts are then paid at the gateway.
     */
    private static void stampede(String c, int clients, int round, long seed, Map<String, AtomicLong> answers, List<String> unexpected)
            throws Exception {
        Random r = new Random(seed);
        boolean sameOrder = round % 2 == 0;
        String order = createOrder(c, usdOrder("50.00"));
        String coupon = grantCoupon(c, cashCoupon("30.00", "USD"));
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            orders.add(sameOrder ? order : createOrder(c, usdOrder((40 + i) + ".00")));
        }
        CyclicBarrier start = new CyclicBarrier(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Response>> futures = new ArrayList<>();
        List<Sent> ignored = new CopyOnWriteArrayList<>();
        for (int i = 0; i < clients; i++) {
            String o = orders.get(i);
            String method = r.nextBoolean() ? "online" : "monthly_settlement";
            String function = r.nextInt(4) == 0 ? "/pay-order" : null;
            futures.add(pool.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return pay(c, List.of(o), method, sameOrder ? List.of() : List.of(coupon), function, ignored);
            }));
        }
        try {
            for (Future<Response> f : futures) {
                Response res = f.get(2, TimeUnit.MINUTES);
                record("stampede_" + (sameOrder ? "order" : "coupon"), res, answers, unexpected);
                String url = res.statusCode() == 201 ? res.jsonPath().getString("checkout_url") : null;
                if (url != null && !sameOrder) { // same-order checkouts stay open, so the check sees every holder
                    Sandbox.pay(url, "4242424242424242");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        sleep(1500); // the webhooks settle the checkouts
    }

    /** One random request of one client. */
    private static void step(String c, Random r, Map<String, List<String>> orders, Map<String, List<String>> coupons,
                             List<Sent> sent, Map<String, AtomicLong> ops, Map<String, AtomicLong> answers, List<String> unexpected) {
        List<String> pool = orders.get(c);
        if (pool.size() < 60 && r.nextInt(8) == 0) {
            newOrders(c, orders, r);
            count(ops, "create_orders");
            return;
        }
        List<String> picked = pick(pool, r, 1 + (r.nextInt(3) == 0 ? r.nextInt(4) : 0));
        List<String> couponIds = r.nextInt(3) == 0 ? pick(coupons.get(c), r, 1 + r.nextInt(2)) : List.of();
        String op;
        Response res;
        int kind = r.nextInt(100);
        if (kind < 22) {
            op = "pay_monthly";
            res = pay(c, picked, "monthly_settlement", couponIds, null, sent);
        } else if (kind < 40) {
            op = "pay_online";
            res = pay(c, picked, "online", couponIds, null, sent);
            if (res.statusCode() == 201 && res.jsonPath().getString("checkout_url") != null && r.nextInt(3) > 0) {
                Sandbox.pay(res.jsonPath().getString("checkout_url"), r.nextInt(5) == 0 ? "4000000000000002" : "4242424242424242");
            }
        } else if (kind < 48) {
            op = "function_pay";
            res = pay(c, picked, r.nextBoolean() ? "monthly_settlement" : "online", couponIds,
                    picked.size() == 1 ? "/pay-order" : "/combine-payments", sent);
        } else if (kind < 58) {
            op = "replay_key";
            if (sent.isEmpty()) {
                return;
            }
            Sent s = sent.get(r.nextInt(sent.size()));
            if (s.path().equals("payment")) {
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>(s.body());
            if (r.nextInt(4) == 0) {
                body.put("expected_total_payable", "0.01"); // same key, different body: 422 IDEMPOTENCY_KEY_REUSED
            }
            res = s.path().equals("/v1/payments")
                    ? asCustomer(s.customer()).header("Idempotency-Key", s.key()).body(body).post(s.path())
                    : asCustomer(s.customer()).body(body).post(s.path());
        } else if (kind < 68) {
            op = "quote";
            Map<String, Object> body = payment(picked, "online");
            body.put("coupon_ids", couponIds);
            res = asCustomer(c).body(body).post("/v1/payments/quote");
        } else if (kind < 76) {
            op = "cancel_order";
            res = asCustomer(c).post("/v1/orders/" + picked.get(0) + "/cancel");
        } else if (kind < 82) {
            op = "cancel_payment";
            List<String> open = sentPayments(c, sent);
            if (open.isEmpty()) {
                return;
            }
            res = asCustomer(c).post("/v1/payments/" + open.get(r.nextInt(open.size())) + "/cancel");
        } else if (kind < 91) {
            op = "approve";
            res = Lifecycle.asApprover().post("/v1/orders/" + picked.get(0) + "/approve");
        } else {
            op = "reject";
            res = Lifecycle.asApprover().post("/v1/orders/" + picked.get(0) + "/reject");
        }
        count(ops, op);
        record(op, res, answers, unexpected);
    }

    private static Response pay(String c, List<String> orders, String method, List<String> couponIds, String function,
                                List<Sent> sent) {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        if (function == null) {
            body.put("order_ids", orders);
        } else if (function.equals("/pay-order")) {
            body.put("order_id", orders.get(0));
        } else {
            body.put("order_ids", orders);
        }
        body.put("method", method);
        body.put("coupon_ids", couponIds);
        if (function != null) {
            body.put("idempotency_key", key);
        }
        String path = function == null ? "/v1/payments" : function;
        Response res = function == null
                ? asCustomer(c).header("Idempotency-Key", key).body(body).post(path)
                : asCustomer(c).body(body).post(path);
        if (sent.size() < 500) {
            sent.add(new Sent(c, key, body, path));
        }
        if (res.statusCode() == 201 || res.statusCode() == 200) {
            String id = res.jsonPath().getString("payment_id");
            if (id != null && sent.size() < 1000) {
                sent.add(new Sent(c, "payment:" + id, Map.of(), "payment"));
            }
        }
        return res;
    }

    private static List<String> sentPayments(String c, List<Sent> sent) {
        return sent.stream().filter(s -> s.customer().equals(c) && s.path().equals("payment"))
                .map(s -> s.key().substring("payment:".length())).toList();
    }

    /** Orders for {@code c}: singles, a combined purchase of two, and one that needs approval. */
    private static void newOrders(String c, Map<String, List<String>> orders, Random r) {
        List<String> created = new ArrayList<>(createOrders(c, false, List.of(usdOrder((10 + r.nextInt(90)) + ".00"),
                usdOrder((10 + r.nextInt(90)) + ".50"))));
        created.addAll(createOrders(c, true, List.of(usdOrder("12.00"), usdOrder("18.00"))));
        Map<String, Object> review = usdOrder("33.00");
        review.put("requires_approval", true);
        created.addAll(createOrders(c, false, List.of(review)));
        orders.get(c).addAll(created);
    }

    private static List<String> pick(List<String> from, Random r, int n) {
        List<String> copy = new ArrayList<>(from);
        Collections.shuffle(copy, r);
        return new ArrayList<>(copy.subList(0, Math.min(n, copy.size())));
    }

    private static void record(String op, Response res, Map<String, AtomicLong> answers, List<String> unexpected) {
        int status = res.statusCode();
        count(answers, op + "_" + status);
        boolean problem = status < 400 || String.valueOf(res.contentType()).startsWith("application/problem+json");
        boolean ok = status < 500 || (status == 503 && problem && "GATEWAY_UNAVAILABLE".equals(res.jsonPath().getString("error_code")));
        if (!ok || !problem) {
            unexpected.add(op + " " + status + " " + res.asString());
        }
    }

    private static void count(Map<String, AtomicLong> m, String key) {
        m.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static Map<String, Long> toLongs(Map<String, AtomicLong> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
