package dev.orderpay.order;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** POST /v1/admin/orders (contract §4.2). */
@QuarkusTest
class OrderAdminTest {

    private static Map<String, Object> body(String customer, boolean combined, List<Map<String, Object>> orders) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("customer_id", customer);
        b.put("combined", combined);
        b.put("orders", orders);
        return b;
    }

    @Test
    void generatedIdsFollowTheContractFormatAndAmountsAreComputed() {
        String c = newCustomer();
        Map<String, Object> o = usdOrder("12.34");
        ((Map<String, Object>) ((List<?>) o.get("line_items")).get(0)).put("quantity", 3);
        asOrderService().body(body(c, false, List.of(o))).post("/v1/admin/orders").then().statusCode(201)
                .body("orders[0].order_id", matchesPattern("CS\\d{10}[A-Z]{5}"))
                .body("orders[0].amount", is("37.02"))
                .body("orders[0].line_items[0].amount", is("37.02"))
                .body("orders[0].status", is("pending_payment"))
                .body("orders[0].combined_purchase_id", nullValue());
    }

    @Test
    void sameOrderIdSameContentIsIdempotentDifferentContentConflicts() {
        String c = newCustomer();
        Map<String, Object> o = usdOrder("50.00");
        String id = "ORD-" + System.nanoTime();
        o.put("order_id", id);
        asOrderService().body(body(c, false, List.of(o))).post("/v1/admin/orders").then().statusCode(201);
        asOrderService().body(body(c, false, List.of(o))).post("/v1/admin/orders").then().statusCode(200)
                .body("orders[0].order_id", is(id)).body("orders[0].amount", is("50.00"));
        Map<String, Object> changed = usdOrder("51.00");
        changed.put("order_id", id);
        asOrderService().body(body(c, false, List.of(changed))).post("/v1/admin/orders").then().statusCode(409)
                .body("error_code", is("ORDER_CONFLICT"));
        asCustomer(c).get("/v1/orders/" + id).then().body("amount", is("50.00"));
    }

    @Test
    void combinedOrdersShareOneCombinedPurchase() {
        String c = newCustomer();
        List<String> ids = createOrders(c, true, List.of(usdOrder("1.00"), usdOrder("2.00"), usdOrder("3.00")));
        String cp = asCustomer(c).get("/v1/orders/" + ids.get(0)).then().extract().path("combined_purchase_id");
        assertThat(cp).isNotNull();
        for (String id : ids) {
            asCustomer(c).get("/v1/orders/" + id).then().body("combined_purchase_id", is(cp));
        }
    }

    @Test
    void badOrdersAreRejectedWithTheFieldNamed() {
        String c = newCustomer();
        Map<String, Object> badMoney = usdOrder("12.3");
        Map<String, Object> jpyWithCents = order("hws.service.type.ec2", "renewal", "JPY", "500.00");
        Map<String, Object> unknownType = order("hws.service.type.ec2", "upgrade", "USD", "1.00");
        Map<String, Object> badCurrency = order("hws.service.type.ec2", "renewal", "XXX", "1.00");
        Map<String, Object> tooBig = usdOrder("1000000000.01");
        for (Map<String, Object> o : List.of(badMoney, jpyWithCents, unknownType, badCurrency, tooBig)) {
            asOrderService().body(body(c, false, List.of(o))).post("/v1/admin/orders").then().statusCode(400)
                    .contentType("application/problem+json").body("error_code", is("VALIDATION_FAILED"))
                    .body("violations[0].field", startsWith("orders[0]"));
        }
        Map<String, Object> withPrice = usdOrder("1.00");
        withPrice.put("amount", "1.00");
        asOrderService().body(body(c, false, List.of(withPrice))).post("/v1/admin/orders").then().statusCode(400)
                .body("violations[0].field", is("orders[0].amount"));
        asCustomer(c).get("/v1/orders/unpaid").then().body("total_count", is(0));
    }

    @Test
    void wrongJsonTypesAreRejectedNotCoerced() {
        String c = newCustomer();
        for (Object quantity : List.<Object>of(2.9, 1.5, "2", true)) {
            Map<String, Object> o = usdOrder("10.00");
            ((Map<String, Object>) ((List<?>) o.get("line_items")).get(0)).put("quantity", quantity);
            asOrderService().body(body(c, false, List.of(o))).post("/v1/admin/orders").then().statusCode(400)
                    .body("error_code", is("VALIDATION_FAILED"))
                    .body("violations[0].field", is("orders[0].line_items[0].quantity"));
        }
        Map<String, Object> numberPrice = usdOrder("10.00");
        ((Map<String, Object>) ((List<?>) numberPrice.get("line_items")).get(0)).put("unit_price", 10.00);
        asOrderService().body(body(c, false, List.of(numberPrice))).post("/v1/admin/orders").then().statusCode(400)
                .body("violations[0].field", is("orders[0].line_items[0].unit_price"));
        Map<String, Object> nul = usdOrder("10.00");
        ((Map<String, Object>) ((List<?>) nul.get("line_items")).get(0)).put("description", "a\u0000b");
        asOrderService().body(body(c, false, List.of(nul))).post("/v1/admin/orders").then().statusCode(400)
                .body("error_code", is("VALIDATION_FAILED"));
        Map<String, Object> epoch = usdOrder("10.00");
        epoch.put("expires_at", Instant.now().plusSeconds(86400).getEpochSecond()); // valid if it were read as a time
        asOrderService().body(body(c, false, List.of(epoch))).post("/v1/admin/orders").then().statusCode(400)
                .body("violations[0].field", is("orders[0].expires_at"));
        Map<String, Object> farFuture = usdOrder("10.00");
        farFuture.put("expires_at", "+100000-01-01T00:00:00Z");
        asOrderService().body(body(c, false, List.of(farFuture))).post("/v1/admin/orders").then().statusCode(400);
        asCustomer(c).get("/v1/orders/unpaid").then().body("total_count", is(0));
    }

    @Test
    void aCombinedPurchaseIsInOneCurrencyWithOneDeadline() {
        String c = newCustomer();
        asOrderService().body(body(c, true, List.of(usdOrder("1.00"), order("hws.service.type.ebs", "renewal", "EUR", "1.00"))))
                .post("/v1/admin/orders").then().statusCode(400).body("violations[0].field", is("orders[1].currency"));
        Map<String, Object> early = usdOrder("1.00");
        String soon = Instant.now().plus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS).toString();
        early.put("expires_at", soon);
        List<String> ids = createOrders(c, true, List.of(usdOrder("2.00"), early));
        for (String id : ids) {
            asCustomer(c).get("/v1/orders/" + id).then().body("expires_at", is(soon));
        }
    }

    @Test
    void sameContentSpelledDifferentlyIsStillTheSameOrder() {
        String c = newCustomer();
        Map<String, Object> a = usdOrder("10.00");
        String id = "SAME-" + System.nanoTime();
        a.put("order_id", id);
        asOrderService().body(body(c, false, List.of(a))).post("/v1/admin/orders").then().statusCode(201);
        Map<String, Object> explicit = new LinkedHashMap<>(a);
        explicit.put("requires_approval", false);
        explicit.put("contract_overlap", false);
        Map<String, Object> line = new LinkedHashMap<>((Map<String, Object>) ((List<?>) a.get("line_items")).get(0));
        line.put("amount", "10.00");
        explicit.put("line_items", List.of(line));
        asOrderService().body(body(c, false, List.of(explicit))).post("/v1/admin/orders").then().statusCode(200)
                .body("orders[0].order_id", is(id));
        // an existing order and a new one in one request: the new one is created, the old one returned
        Map<String, Object> b = usdOrder("3.00");
        b.put("order_id", id + "-B");
        asOrderService().body(body(c, false, List.of(a, b))).post("/v1/admin/orders").then().statusCode(201)
                .body("orders.order_id", contains(id, id + "-B"));
        asCustomer(c).get("/v1/orders/unpaid").then().body("total_count", is(2));
    }

    @Test
    void concurrentCreationOfOneOrderIdCreatesItOnce() throws Exception {
        String c = newCustomer();
        Map<String, Object> o = usdOrder("10.00");
        String id = "RACE-" + System.nanoTime();
        o.put("order_id", id);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(() -> asOrderService().body(body(c, false, List.of(o))).post("/v1/admin/orders").then().extract().statusCode());
        }
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(calls)) {
            codes.add(f.get());
        }
        pool.shutdown();
        assertThat(codes).filteredOn(s -> s == 201).hasSize(1);
        assertThat(codes).filteredOn(s -> s != 201).allMatch(s -> s == 200);
    }
}
