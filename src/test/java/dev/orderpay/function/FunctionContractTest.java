package dev.orderpay.function;

import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderpay.payment.PaymentRules;
import dev.orderpay.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Contract §10: the Funqy functions answer like the REST API — the same bodies for a search,
 * a quote, a single and a combined payment, and the same status, {@code error_code} and
 * problem+json body for each error family (400, 401, 403, 404, 409, 422).
 */
@QuarkusTest
class FunctionContractTest {

    static final String MONTHLY = "monthly_settlement";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Members that differ between two equal payments of different orders. */
    static final Set<String> VOLATILE = Set.of("payment_id", "order_id", "created_at", "updated_at", "coupon_ids");

    @Inject
    Db db;

    private static String monthlyCustomer() {
        String c = newCustomer();
        putCustomer(c, true);
        return c;
    }

    /** POST /{function} as customer {@code c}. */
    private static Response function(String c, String name, Object body) {
        return asCustomer(c).body(body).post("/" + name);
    }

    private static Map<String, Object> payOrder(String orderId, String key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("order_id", orderId);
        body.put("method", MONTHLY);
        body.put("idempotency_key", key);
        return body;
    }

    private static Response rest(String c, Map<String, Object> body, String key) {
        return asCustomer(c).header("Idempotency-Key", key).body(body).post("/v1/payments");
    }

    private static JsonNode tree(Response r) {
        try {
            return JSON.readTree(r.asString());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.asString(), e);
        }
    }

    private static JsonNode withoutVolatile(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove(VOLATILE);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            strip(it.next());
        }
    }

    /** Same status, problem+json and body (the {@code detail} aside when {@code sameDetail} is false). */
    private static void assertSameProblem(Response viaRest, Response viaFunction, int status, String errorCode) {
        assertThat(viaRest.statusCode()).as("REST status").isEqualTo(status);
        assertThat(viaFunction.statusCode()).as("function status: " + viaFunction.asString()).isEqualTo(status);
        assertThat(viaFunction.contentType()).startsWith("application/problem+json");
        assertThat(viaRest.contentType()).startsWith("application/problem+json");
        assertThat(tree(viaFunction).path("error_code").asText()).isEqualTo(errorCode);
        assertThat(tree(viaFunction)).isEqualTo(tree(viaRest));
    }

    // --- the same outcome through both doors -------------------------------------------------

    @Test
    void searchAnswersLikeRest() {
        String c = monthlyCustomer();
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            orders.add(usdOrder("1" + i + ".00"));
            orders.add(order("hws.service.type.rds", "renewal", "USD", "2" + i + ".00"));
            orders.add(order("hws.service.type.obs", "new_purchase", "USD", "3" + i + ".00"));
        }
        createOrders(c, false, orders);
        Response restPage1 = asCustomer(c).get("/v1/orders/unpaid?service_type=hws.service.type.ec2"
                + "&service_type=hws.service.type.rds&status=pending_payment&sort=expires_at&limit=4");
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("service_type", List.of("hws.service.type.ec2", "hws.service.type.rds"));
        query.put("status", List.of("pending_payment"));
        query.put("sort", "expires_at");
        query.put("limit", 4);
        Response fnPage1 = function(c, "search-unpaid-orders", query);
        assertThat(restPage1.statusCode()).isEqualTo(200);
        assertThat(fnPage1.statusCode()).isEqualTo(200);
        assertThat(fnPage1.contentType()).startsWith("application/json");
        JsonNode page1 = tree(fnPage1);
        assertThat(page1).isEqualTo(tree(restPage1));
        assertThat(page1.path("total_count").asInt()).isEqualTo(6);
        assertThat(page1.path("orders").size()).isEqualTo(4);

        String token = page1.path("next_page_token").asText();
        query.put("page_token", token);
        query.put("limit", "4"); // a string works too, as in a query string
        JsonNode page2 = tree(function(c, "search-unpaid-orders", query).then().statusCode(200).extract().response());
        JsonNode restPage2 = tree(asCustomer(c).get("/v1/orders/unpaid?service_type=hws.service.type.ec2"
                + "&service_type=hws.service.type.rds&status=pending_payment&sort=expires_at&limit=4&page_token=" + token));
        assertThat(page2).isEqualTo(restPage2);
        assertThat(page2.path("orders").size()).isEqualTo(2);
        assertThat(page2.path("next_page_token").isNull()).isTrue();

        // an empty body searches everything, like a bare GET
        assertThat(tree(function(c, "search-unpaid-orders", Map.of()))).isEqualTo(tree(asCustomer(c).get("/v1/orders/unpaid")));
    }

    @Test
    void quoteAnswersLikeRest() {
        String c = monthlyCustomer();
        List<String> ids = createOrders(c, false, List.of(usdOrder("116.80"), usdOrder("12.00"), usdOrder("98.00")));
        String discount = grantDiscount(c, discount("10.00"));
        String coupon = grantCoupon(c, cashCoupon("50.00", "USD"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("order_ids", ids);
        body.put("discount_id", discount);
        body.put("coupon_ids", List.of(coupon));
        Response viaRest = asCustomer(c).body(body).post("/v1/payments/quote");
        Response viaFunction = function(c, "quote-payment", body);
        assertThat(viaRest.statusCode()).isEqualTo(200);
        assertThat(viaFunction.statusCode()).isEqualTo(200);
        assertThat(tree(viaFunction)).isEqualTo(tree(viaRest));
        assertThat(tree(viaFunction).path("total_payable").asText()).isEqualTo("154.12");
        assertThat(db.count("select balance from coupon where coupon_id = $1", coupon)).isEqualTo(5000);
    }

    @Test
    void singlePaymentAnswersLikeRestAndReplaysAcrossBoth() {
        String c = monthlyCustomer();
        String viaRestOrder = createOrder(c, usdOrder("120.00"));
        String viaFunctionOrder = createOrder(c, usdOrder("120.00"));
        Map<String, Object> restBody = payment(List.of(viaRestOrder), MONTHLY);
        restBody.put("expected_total_payable", "120.00");
        Response viaRest = rest(c, restBody, UUID.randomUUID().toString());
        Map<String, Object> fnBody = payOrder(viaFunctionOrder, UUID.randomUUID().toString());
        fnBody.put("expected_total_payable", "120.00");
        Response viaFunction = function(c, "pay-order", fnBody);

        assertThat(viaRest.statusCode()).isEqualTo(201);
        assertThat(viaFunction.statusCode()).as(viaFunction.asString()).isEqualTo(201);
        assertThat(viaFunction.contentType()).startsWith("application/json");
        JsonNode payment = tree(viaFunction);
        assertThat(withoutVolatile(payment)).isEqualTo(withoutVolatile(tree(viaRest)));
        assertThat(payment.path("status").asText()).isEqualTo("succeeded");
        assertThat(payment.path("orders").get(0).path("order_id").asText()).isEqualTo(viaFunctionOrder);
        assertThat(db.string("select status from customer_order where order_id = $1", viaFunctionOrder)).isEqualTo("paid");

        // the same key and body again replays the stored answer
        Response replay = function(c, "pay-order", fnBody);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(tree(replay)).isEqualTo(payment);

        // a key first used over REST replays through the function for the same request, and back
        String key = UUID.randomUUID().toString();
        String third = createOrder(c, usdOrder("7.00"));
        JsonNode first = tree(rest(c, payment(List.of(third), MONTHLY), key).then().statusCode(201).extract().response());
        JsonNode again = tree(function(c, "pay-order", payOrder(third, key)).then().statusCode(201).extract().response());
        assertThat(again).isEqualTo(first);
        assertThat(db.count("select count(*) from payment where customer_id = $1", c)).isEqualTo(3);
    }

    @Test
    void combinedPaymentAnswersLikeRest() {
        String c = monthlyCustomer();
        // IDs in the same sort order, since a payment lists its orders by order_id
        List<String> restOrders = createOrders(c, false, threeOrders(c + "-R"));
        List<String> fnOrders = createOrders(c, false, threeOrders(c + "-F"));
        String discount = grantDiscount(c, discount("10.00"));
        String restCoupon = grantCoupon(c, cashCoupon("50.00", "USD"));
        String fnCoupon = grantCoupon(c, cashCoupon("50.00", "USD"));

        Map<String, Object> restBody = payment(restOrders, MONTHLY);
        restBody.put("discount_id", discount);
        restBody.put("coupon_ids", List.of(restCoupon));
        Response viaRest = rest(c, restBody, UUID.randomUUID().toString());
        Map<String, Object> fnBody = payment(fnOrders, MONTHLY);
        fnBody.put("discount_id", discount);
        fnBody.put("coupon_ids", List.of(fnCoupon));
        fnBody.put("expected_total_payable", "154.12");
        fnBody.put("idempotency_key", UUID.randomUUID().toString());
        Response viaFunction = function(c, "combine-payments", fnBody);

        assertThat(viaRest.statusCode()).isEqualTo(201);
        assertThat(viaFunction.statusCode()).as(viaFunction.asString()).isEqualTo(201);
        JsonNode payment = tree(viaFunction);
        assertThat(withoutVolatile(payment)).isEqualTo(withoutVolatile(tree(viaRest)));
        assertThat(payment.path("total_payable").asText()).isEqualTo("154.12");
        assertThat(payment.path("coupon_ids").get(0).asText()).isEqualTo(fnCoupon);
        assertThat(db.count("select count(*) from customer_order where order_id = any($1) and status = 'paid'",
                (Object) fnOrders.toArray(new String[0]))).isEqualTo(3);
        assertThat(db.count("select balance from coupon where coupon_id = $1", fnCoupon)).isZero();
    }

    private static List<Map<String, Object>> threeOrders(String idPrefix) {
        List<Map<String, Object>> orders = new ArrayList<>();
        String[] prices = {"116.80", "12.00", "98.00"};
        for (int i = 0; i < prices.length; i++) {
            Map<String, Object> o = usdOrder(prices[i]);
            o.put("order_id", idPrefix + i);
            orders.add(o);
        }
        return orders;
    }

    // --- errors: the same status, code and body --------------------------------------------

    @Test
    void validationErrorsAre400LikeRest() {
        String c = monthlyCustomer();
        String id = createOrder(c, usdOrder("5.00"));
        Map<String, Object> restBody = payment(List.of(id), MONTHLY);
        restBody.put("tip", "1.00");
        Map<String, Object> fnBody = payOrder(id, "k-" + UUID.randomUUID());
        fnBody.put("tip", "1.00");
        Response fn = function(c, "pay-order", fnBody);
        assertSameProblem(rest(c, restBody, "k-" + UUID.randomUUID()), fn, 400, "VALIDATION_FAILED");
        assertThat(tree(fn).path("violations").get(0).path("field").asText()).isEqualTo("tip");

        // a wrong type, and an unknown enumerated value
        Map<String, Object> wrongType = payment(List.of(id), MONTHLY);
        wrongType.put("coupon_ids", 7);
        Map<String, Object> fnWrongType = payOrder(id, "k-" + UUID.randomUUID());
        fnWrongType.put("coupon_ids", 7);
        assertSameProblem(rest(c, wrongType, "k-1"), function(c, "pay-order", fnWrongType), 400, "VALIDATION_FAILED");
        Map<String, Object> badMethod = payOrder(id, "k-" + UUID.randomUUID());
        badMethod.put("method", "cash");
        assertSameProblem(rest(c, payment(List.of(id), "cash"), "k-2"), function(c, "pay-order", badMethod),
                400, "VALIDATION_FAILED");

        // 31 orders, duplicates: the REST codes
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            many.add("CS-NOPE-" + i);
        }
        Map<String, Object> tooMany = payment(many, MONTHLY);
        Map<String, Object> fnTooMany = new LinkedHashMap<>(tooMany);
        fnTooMany.put("idempotency_key", "k-3");
        assertSameProblem(rest(c, tooMany, "k-3"), function(c, "combine-payments", fnTooMany), 400, "TOO_MANY_ORDERS");
        Map<String, Object> dup = payment(List.of(id, id), MONTHLY);
        Map<String, Object> fnDup = new LinkedHashMap<>(dup);
        fnDup.put("idempotency_key", "k-4");
        assertSameProblem(rest(c, dup, "k-4"), function(c, "combine-payments", fnDup), 400, "DUPLICATE_ORDER_ID");

        // function-specific shapes
        function(c, "pay-order", payment(List.of(id), MONTHLY)).then().statusCode(400)
                .contentType("application/problem+json").body("error_code", is("VALIDATION_FAILED"))
                .body("violations.field", hasItem("order_ids"));
        Map<String, Object> noKey = payOrder(id, null);
        noKey.remove("idempotency_key");
        function(c, "pay-order", noKey).then().statusCode(400).body("error_code", is("IDEMPOTENCY_KEY_REQUIRED"));
        Map<String, Object> one = payment(List.of(id), MONTHLY);
        one.put("idempotency_key", "k-5");
        function(c, "combine-payments", one).then().statusCode(400).body("error_code", is("VALIDATION_FAILED"))
                .body("violations[0].field", is("order_ids"));
        asCustomer(c).body("{\"order_id\": ").post("/pay-order").then().statusCode(400)
                .contentType("application/problem+json").body("error_code", is("VALIDATION_FAILED"))
                .body("violations[0].field", is("body"));
        asCustomer(c).body("[1, 2]").post("/quote-payment").then().statusCode(400)
                .body("error_code", is("VALIDATION_FAILED"));
        asCustomer(c).post("/pay-order").then().statusCode(400).body("violations[0].field", is("body"));
        asCustomer(c).get("/search-unpaid-orders").then().statusCode(405).header("Allow", "POST")
                .contentType("application/problem+json");
        assertThat(db.string("select status from customer_order where order_id = $1", id)).isEqualTo("pending_payment");

        // search: unknown field, unknown value, bad limit
        function(c, "search-unpaid-orders", Map.of("colour", "red")).then().statusCode(400)
                .body("error_code", is("VALIDATION_FAILED")).body("violations[0].field", is("colour"));
        assertSameProblem(asCustomer(c).get("/v1/orders/unpaid?status=paid"),
                function(c, "search-unpaid-orders", Map.of("status", List.of("paid"))), 400, "VALIDATION_FAILED");
        assertSameProblem(asCustomer(c).get("/v1/orders/unpaid?limit=101"),
                function(c, "search-unpaid-orders", Map.of("limit", 101)), 400, "VALIDATION_FAILED");
        function(c, "search-unpaid-orders", Map.of("limit", true)).then().statusCode(400)
                .body("violations[0].field", is("limit"));
    }

    @Test
    void authenticationAndRolesAre401And403LikeRest() {
        Map<String, Object> body = payOrder("CS2611301200KQWPA", "k-auth");
        Map<String, Object> restBody = payment(List.of("CS2611301200KQWPA"), MONTHLY);
        for (String name : FunctionNames.ALL) {
            Map<String, Object> input = name.equals("search-unpaid-orders") ? Map.of() : body;
            // no token
            assertSameProblem(given().contentType(ContentType.JSON).body(restBody).post("/v1/payments"),
                    given().contentType(ContentType.JSON).body(input).post("/" + name), 401, "UNAUTHENTICATED");
            // a token that does not verify
            assertSameProblem(given().auth().oauth2("not.a.jwt").contentType(ContentType.JSON).body(restBody).post("/v1/payments"),
                    given().auth().oauth2("not.a.jwt").contentType(ContentType.JSON).body(input).post("/" + name),
                    401, "UNAUTHENTICATED");
            // a valid token without the customer role
            assertSameProblem(asOrderService().header("Idempotency-Key", "k").body(restBody).post("/v1/payments"),
                    asOrderService().body(input).post("/" + name), 403, "FORBIDDEN");
        }
    }

    @Test
    void anotherCustomersOrderIs404LikeRest() {
        String c = monthlyCustomer();
        String theirs = createOrder(monthlyCustomer(), usdOrder("2.00"));
        String mine = createOrder(c, usdOrder("1.00"));
        assertSameProblem(rest(c, payment(List.of(theirs), MONTHLY), "k-" + UUID.randomUUID()),
                function(c, "pay-order", payOrder(theirs, "k-" + UUID.randomUUID())), 404, "ORDER_NOT_FOUND");
        Map<String, Object> combined = payment(List.of(mine, theirs), MONTHLY);
        Map<String, Object> fnCombined = new LinkedHashMap<>(combined);
        fnCombined.put("idempotency_key", "k-" + UUID.randomUUID());
        assertSameProblem(rest(c, combined, "k-" + UUID.randomUUID()), function(c, "combine-payments", fnCombined),
                404, "ORDER_NOT_FOUND");
        Map<String, Object> quote = Map.of("order_ids", List.of(theirs));
        assertSameProblem(asCustomer(c).body(quote).post("/v1/payments/quote"), function(c, "quote-payment", quote),
                404, "ORDER_NOT_FOUND");
        assertThat(db.count("select count(*) from payment where customer_id = $1", c)).isZero();
        assertThat(db.string("select status from customer_order where order_id = $1", mine)).isEqualTo("pending_payment");
    }

    @Test
    void conflictsAre409LikeRest() {
        String c = monthlyCustomer();
        String paid = createOrder(c, usdOrder("3.00"));
        function(c, "pay-order", payOrder(paid, "k-" + UUID.randomUUID())).then().statusCode(201);
        Response fn = function(c, "pay-order", payOrder(paid, "k-" + UUID.randomUUID()));
        assertSameProblem(rest(c, payment(List.of(paid), MONTHLY), "k-" + UUID.randomUUID()), fn, 409, "ORDER_STATUS_CHANGED");
        assertThat(tree(fn).path("orders").get(0).path("status").asText()).isEqualTo("paid");

        Map<String, Object> needsApproval = usdOrder("4.00");
        needsApproval.put("requires_approval", true);
        String pending = createOrder(c, needsApproval);
        Response approval = function(c, "pay-order", payOrder(pending, "k-" + UUID.randomUUID()));
        assertSameProblem(rest(c, payment(List.of(pending), MONTHLY), "k-" + UUID.randomUUID()), approval,
                409, "ORDERS_PENDING_APPROVAL");
        assertThat(tree(approval).path("detail").asText()).isEqualTo(PaymentRules.APPROVAL_PROMPT);

        // a total that changed since the quote: 409 TOTAL_CHANGED with the fresh quote, nothing paid
        String order = createOrder(c, usdOrder("10.00"));
        Map<String, Object> stale = payOrder(order, "k-" + UUID.randomUUID());
        stale.put("expected_total_payable", "9.00");
        Map<String, Object> restStale = payment(List.of(order), MONTHLY);
        restStale.put("expected_total_payable", "9.00");
        assertSameProblem(rest(c, restStale, "k-" + UUID.randomUUID()), function(c, "pay-order", stale), 409, "TOTAL_CHANGED");
        assertThat(db.string("select status from customer_order where order_id = $1", order)).isEqualTo("pending_payment");
    }

    @Test
    void unprocessableRequestsAre422LikeRest() {
        String c = monthlyCustomer();
        Map<String, Object> overlap = usdOrder("9.00");
        overlap.put("contract_overlap", true);
        String id = createOrder(c, overlap);
        Response fn = function(c, "pay-order", payOrder(id, "k-" + UUID.randomUUID()));
        assertSameProblem(rest(c, payment(List.of(id), MONTHLY), "k-" + UUID.randomUUID()), fn,
                422, "CONTRACT_CONFIRMATION_REQUIRED");
        assertThat(tree(fn).path("detail").asText()).isEqualTo(PaymentRules.CONTRACT_PROMPT);

        List<String> group = createOrders(c, true, List.of(usdOrder("1.00"), usdOrder("2.00"), usdOrder("3.00")));
        Map<String, Object> partial = payment(group.subList(0, 2), MONTHLY);
        Map<String, Object> fnPartial = new LinkedHashMap<>(partial);
        fnPartial.put("idempotency_key", "k-" + UUID.randomUUID());
        Response incomplete = function(c, "combine-payments", fnPartial);
        assertSameProblem(rest(c, partial, "k-" + UUID.randomUUID()), incomplete, 422, "COMBINED_PURCHASE_INCOMPLETE");
        assertThat(tree(incomplete).path("missing_order_ids").get(0).asText()).isEqualTo(group.get(2));

        String online = newCustomer();
        putCustomer(online, false);
        String order = createOrder(online, usdOrder("1.00"));
        assertSameProblem(rest(online, payment(List.of(order), MONTHLY), "k-" + UUID.randomUUID()),
                function(online, "pay-order", payOrder(order, "k-" + UUID.randomUUID())), 422, "MONTHLY_SETTLEMENT_NOT_ENABLED");
        assertThat(db.count("select count(*) from payment where customer_id = $1", c)).isZero();
    }
}
