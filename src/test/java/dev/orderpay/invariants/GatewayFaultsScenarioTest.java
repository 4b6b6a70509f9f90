package dev.orderpay.invariants;

import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderpay.support.Db;
import dev.orderpay.support.Lifecycle;
import dev.orderpay.support.Sandbox;
import dev.orderpay.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #11 item 2: concurrent customers pay online while the gateway misbehaves (a
 * {@link FaultInjectingProxy} between the service and the sandbox: timeouts, connection resets
 * before and after the gateway acted, 5xx bursts, malformed bodies, slow answers) and its
 * webhooks arrive twice, reordered, and delayed by minutes of service time. At the end the
 * faults stop, the clock passes every checkout deadline, reconciliation and expiry run, and:
 * every payment is final, no request answered a 5xx other than 503 {@code GATEWAY_UNAVAILABLE},
 * and {@link MoneyInvariants#checkSettled()} finds nothing. Size: {@code -Dinvariants.scale}.
 */
@QuarkusTest
@TestProfile(GatewayFaultsProfile.class)
class GatewayFaultsScenarioTest {

    private static final List<String> CARDS = List.of("4242424242424242", "4242424242424242", "5555555555554444",
            "4000000000000002", "4000056655665556");
    private static FaultInjectingProxy proxy;

    @Inject
    Db db;

    @BeforeAll
    static void startProxy() throws Exception {
        proxy = new FaultInjectingProxy(GatewayFaultsProfile.proxyPort(), GatewayFaultsProfile.CLIENT_TIMEOUT_MS);
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @AfterEach
    void backToNormal() {
        proxy.faultRate(0);
        TestClock.reset();
        given().post("/sandbox/control/reset").then().statusCode(200);
    }

    /** One customer's orders: a single order and a combined purchase of two. */
    private record Customer(String id, String single, List<String> combined, String coupon) {
    }

    @Test
    void everyPaymentEndsAndTheInvariantsHoldUnderGatewayFaults() throws Exception {
        Scenario sc = new Scenario("gateway-faults");
        Random seeds = new Random(Scenario.SEED);
        String prefix = "gf-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        int customers = 6 * Scenario.SCALE;
        int rounds = 8;
        List<Customer> all = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            String c = prefix + i;
            putCustomer(c, false);
            List<String> ids = createOrders(c, true, List.of(usdOrder("20.00"), usdOrder("30.00")));
            String single = createOrder(c, usdOrder("45.00"));
            all.add(new Customer(c, single, ids, grantCoupon(c, cashCoupon("5.00", "USD"))));
        }
        MoneyInvariants checker = MoneyInvariants.fromConfig(RestAssured.baseURI + ":" + RestAssured.port).customers(prefix);
        assertThat(checker.check()).isEmpty();

        proxy.upstream(RestAssured.baseURI + ":" + RestAssured.port + "/sandbox/stripe").seed(seeds.nextLong()).faultRate(0.3);
        given().contentType(ContentType.JSON).body(Map.of("delay_ms", 5, "deliver_twice", true))
                .put("/sandbox/control/webhooks/settings").then().statusCode(200);

        Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong reorders = new AtomicLong();
        AtomicLong delayedBatches = new AtomicLong();
        AtomicLong clockShiftSeconds = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(customers + 1);
        try {
            long chaosSeed = seeds.nextLong();
            Future<?> chaos = pool.submit(() -> webhookChaos(new Random(chaosSeed), running, reorders, delayedBatches, clockShiftSeconds));
            List<Future<?>> clients = new ArrayList<>();
            for (Customer c : all) {
                long seed = seeds.nextLong();
                clients.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    for (int round = 0; round < rounds; round++) {
                        customerRound(c, r, answers, unexpected);
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(5, TimeUnit.MINUTES);
            }
            running.set(false);
            chaos.get(1, TimeUnit.MINUTES);
        } finally {
            running.set(false);
            pool.shutdownNow();
        }

        // the faults stop; late webhooks arrive; the clock passes every checkout deadline; the jobs run
        long faults = proxy.faultsInjected();
        Map<String, Long> proxyCounts = proxy.counts();
        proxy.faultRate(0);
        given().contentType(ContentType.JSON).body(Map.of("delay_ms", 0, "deliver_twice", false))
                .put("/sandbox/control/webhooks/settings").then().statusCode(200);
        Sandbox.releaseWebhooks(false);
        awaitWebhooksDelivered();
        TestClock.set(Instant.now().plusSeconds(clockShiftSeconds.get()).plus(Duration.ofMinutes(31)));
        List<String> violations = List.of();
        int jobRounds = 0;
        while (jobRounds < 5) {
            jobRounds++;
            awaitWebhooksDelivered();
            Lifecycle.runJob("reconcile-payments");
            Lifecycle.runJob("expire-orders");
            awaitWebhooksDelivered();
            violations = checker.checkSettled();
            if (violations.isEmpty()) {
                break;
            }
        }

        Map<String, Long> statuses = new TreeMap<>();
        for (String s : db.strings("select status || coalesce('/' || failure_reason, '') from payment where starts_with(customer_id, $1)", prefix)) {
            statuses.merge(s, 1L, Long::sum);
        }
        JsonPath hooks = Sandbox.webhooks();
        List<Map<String, Object>> events = hooks.getList("events");
        long attempts = 0;
        long duplicatesAnswered = 0;
        for (Map<String, Object> e : events) {
            for (Object a : (List<?>) e.get("attempts")) {
                attempts++;
                if ("duplicate".equals(((Map<?, ?>) a).get("result"))) {
                    duplicatesAnswered++;
                }
            }
        }
        sc.put("customers", customers).put("payment_requests", answers.values().stream().mapToLong(AtomicLong::get).sum())
                .putAll("answers.", toLongs(answers))
                .put("gateway_calls", proxyCounts.getOrDefault("calls", 0L))
                .put("gateway_faults_injected", faults)
                .putAll("fault.", Map.copyOf(proxyCounts))
                .put("payments", statuses.values().stream().mapToLong(Long::longValue).sum())
                .putAll("payments.", statuses)
                .put("webhook_events", events.size()).put("webhook_attempts", attempts)
                .put("webhook_duplicates_answered", duplicatesAnswered)
                .put("webhook_batches_reordered", reorders.get()).put("webhook_batches_delayed", delayedBatches.get())
                .put("clock_shift_seconds", clockShiftSeconds.get())
                .put("job_rounds", jobRounds)
                .put("unexpected_answers", unexpected.size())
                .put("violations", violations.size())
                .putAll("checked.", checker.figures())
                .write();

        List<String> finalViolations = violations;
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(unexpected).as("answers other than 201/200/409/422/503 GATEWAY_UNAVAILABLE").isEmpty();
            soft.assertThat(finalViolations).as("money invariants after the faults, reconciliation and expiry").isEmpty();
            soft.assertThat(faults).as("faults injected").isPositive();
            soft.assertThat(statuses.entrySet().stream().filter(e -> e.getKey().startsWith("succeeded")).mapToLong(Map.Entry::getValue).sum()).as("payments that got through").isPositive();
            soft.assertThat(statuses.keySet()).allMatch(s -> List.of("succeeded", "failed", "cancelled", "refunded").contains(s.split("/")[0]));
        });
    }

    /**
     * One attempt of a customer: mostly on fresh orders (a single one or a combined purchase of
     * two), sometimes on the customer's first orders again (paid or held by then: 409 or
     * skipped); then pay at the checkout, abandon it, cancel it, or replay the request.
     */
    private static void customerRound(Customer c, Random r, Map<String, AtomicLong> answers, List<String> unexpected) {
        List<String> orders = switch (r.nextInt(10)) {
            case 0 -> List.of(c.single());
            case 1 -> c.combined();
            case 2, 3, 4 -> createOrders(c.id(), true, List.of(usdOrder((10 + r.nextInt(50)) + ".00"), usdOrder("7.25")));
            default -> List.of(createOrder(c.id(), usdOrder((15 + r.nextInt(80)) + ".00")));
        };
        Map<String, Object> body = payment(orders, "online");
        body.put("coupon_ids", r.nextInt(3) == 0 ? List.of(r.nextBoolean() ? c.coupon()
                : grantCoupon(c.id(), cashCoupon((1 + r.nextInt(9)) + ".00", "USD"))) : List.of());
        String key = UUID.randomUUID().toString();
        Response res = post(c.id(), key, body, answers, unexpected);
        if (res.statusCode() == 503 && r.nextBoolean()) {
            sleep(100 + r.nextInt(300));
            res = post(c.id(), key, body, answers, unexpected); // a client retries with the same key
        }
        if (res.statusCode() != 201) {
            return;
        }
        String paymentId = res.jsonPath().getString("payment_id");
        String url = res.jsonPath().getString("checkout_url");
        int action = r.nextInt(10);
        if (action < 7 && url != null) {
            Sandbox.pay(url, CARDS.get(r.nextInt(CARDS.size())));
            awaitOutcome(c.id(), paymentId);
        } else if (action < 8) {
            Response cancel = asCustomer(c.id()).post("/v1/payments/" + paymentId + "/cancel");
            record("cancel", cancel, answers, unexpected);
        } else if (action < 9) {
            post(c.id(), key, body, answers, unexpected); // replay: same answer, nothing done again
        } // else: abandoned at the checkout page
        sleep(r.nextInt(200));
    }

    /** Gives the webhooks a few seconds to settle the payment (they may be held back: then the next round finds the orders busy). */
    private static void awaitOutcome(String customer, String paymentId) {
        long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < until) {
            String status = asCustomer(customer).get("/v1/payments/" + paymentId).jsonPath().getString("status");
            if (!"requires_action".equals(status) && !"processing".equals(status)) {
                return;
            }
            sleep(150);
        }
    }

    private static Response post(String customer, String key, Map<String, Object> body, Map<String, AtomicLong> answers,
                                 List<String> unexpected) {
        Response res = asCustomer(customer).header("Idempotency-Key", key).body(body).post("/v1/payments");
        record("pay", res, answers, unexpected);
        return res;
    }

    private static void record(String what, Response res, Map<String, AtomicLong> answers, List<String> unexpected) {
        int status = res.statusCode();
        answers.computeIfAbsent(what + "_" + status, k -> new AtomicLong()).incrementAndGet();
        boolean ok = status == 200 || status == 201 || status == 409 || status == 422
                || (status == 503 && res.contentType().startsWith("application/problem+json")
                && "GATEWAY_UNAVAILABLE".equals(res.jsonPath().getString("error_code")));
        if (!ok) {
            unexpected.add(what + " " + status + " " + res.asString());
        }
    }

    /** Webhooks held back and released in batches, some reversed, some after minutes of service time. */
    private static void webhookChaos(Random r, AtomicBoolean running, AtomicLong reorders, AtomicLong delayed, AtomicLong shift) {
        while (running.get()) {
            sleep(200 + r.nextInt(400));
            Sandbox.pauseWebhooks();
            sleep(200 + r.nextInt(500));
            if (r.nextBoolean() && shift.get() < 600) {
                long s = 120 + r.nextInt(120); // delayed by 2-4 minutes; at most ~10 in all, well inside the 30 min checkout
                TestClock.set(Instant.now().plusSeconds(shift.addAndGet(s)));
                delayed.incrementAndGet();
            }
            boolean reverse = r.nextBoolean();
            Sandbox.releaseWebhooks(reverse);
            if (reverse) {
                reorders.incrementAndGet();
            }
        }
        Sandbox.releaseWebhooks(false);
    }

    /** Waits until the sandbox has no webhook queued, in flight or waiting for a retry. */
    private static void awaitWebhooksDelivered() {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonPath w = Sandbox.webhooks();
            return w.getList("queued").isEmpty() && w.getList("events.state", String.class).stream()
                    .noneMatch(s -> s.equals("queued") || s.equals("delivering") || s.equals("retrying"));
        });
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
