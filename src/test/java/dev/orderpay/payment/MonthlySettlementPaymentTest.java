package dev.orderpay.payment;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import dev.orderpay.support.Db;
import dev.orderpay.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POST /v1/payments by monthly settlement: checks 1–8 of contract §6, idempotency, concurrency. */
@QuarkusTest
class MonthlySettlementPaymentTest {

    static final String MONTHLY = "monthly_settlement";

    @Inject
    Db db;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private static String monthlyCustomer() {
        String c = newCustomer();
        putCustomer(c, true);
        return c;
    }

    private String status(String orderId) {
        return db.string("select status from customer_order where order_id = $1", orderId);
    }

    @Test
    void singlePaymentPaysTheOrderAndAddsABillItem() {
        String c = monthlyCustomer();
        String id = createOrder(c, usdOrder("120.00"));
        Map<String, Object> body = payment(List.of(id), MONTHLY);
        body.put("expected_total_payable", "120.00");
        String paymentId = pay(c, body).statusCode(201)
                .body("status", is("succeeded")).body("method", is(MONTHLY)).body("currency", is("USD"))
                .body("payment_id", matchesPattern("PAY[0-9A-HJKMNP-TV-Z]{26}"))
                .body("orders[0].order_id", is(id)).body("orders[0].payable_amount", is("120.00"))
                .body("total_payable", is("120.00")).body("total_discount", is("0.00"))
                .body("skipped_orders", empty()).body("checkout_url", nullValue())
                .extract().path("payment_id");
        asCustomer(c).get("/v1/orders/" + id).then().body("status", is("paid"));
        asCustomer(c).get("/v1/orders/unpaid").then().body("total_count", is(0));
        asCustomer(c).get("/v1/payments/" + paymentId).then().statusCode(200).body("total_payable", is("120.00"));
        asCustomer(c).get("/v1/payments").then().statusCode(200).body("payments.payment_id", contains(paymentId));
        assertThat(db.count("select amount from bill_item where order_id = $1", id)).isEqualTo(12000);
        assertThat(db.string("select billing_month from bill_item where order_id = $1", id))
                .isEqualTo(YearMonth.now(ZoneOffset.UTC).toString());
        // another customer cannot see the payment
        asCustomer(newCustomer()).get("/v1/payments/" + paymentId).then().statusCode(404)
                .body("error_code", is("PAYMENT_NOT_FOUND"));
    }

    @Test
    void combinedPaymentOfThirtyIsAcceptedAndThirtyOneIsNot() {
        String c = monthlyCustomer();
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            orders.add(usdOrder("1.01"));
        }
        List<String> ids = createOrders(c, false, orders);
        pay(c, payment(ids, MONTHLY)).statusCode(400).body("error_code", is("TOO_MANY_ORDERS"));
        assertThat(db.count("select count(*) from customer_order where customer_id = $1 and status = 'paid'", c)).isZero();
        pay(c, payment(ids.subList(0, 30), MONTHLY)).statusCode(201)
                .body("orders.size()", is(30)).body("total_payable", is("30.30"));
        assertThat(db.count("select count(*) from customer_order where customer_id = $1 and status = 'paid'", c)).isEqualTo(30);
    }

    @Test
    void duplicateOrderIdIsRejected() {
        String c = monthlyCustomer();
        String id = createOrder(c, usdOrder("1.00"));
        pay(c, payment(List.of(id, id), MONTHLY)).statusCode(400).body("error_code", is("DUPLICATE_ORDER_ID"));
        assertThat(status(id)).isEqualTo("pending_payment");
    }

    @Test
    void anotherCustomersOrderInsideACombinedRequestIs404AndNothingIsPaid() {
        String c = monthlyCustomer();
        String other = monthlyCustomer();
        String mine = createOrder(c, usdOrder("1.00"));
        String theirs = createOrder(other, usdOrder("2.00"));
        pay(c, payment(List.of(mine, theirs), MONTHLY)).statusCode(404)
                .contentType("application/problem+json").body("error_code", is("ORDER_NOT_FOUND"));
        assertThat(status(mine)).isEqualTo("pending_payment");
        assertThat(status(theirs)).isEqualTo("pending_payment");
        assertThat(db.count("select count(*) from payment where customer_id = $1", c)).isZero();
    }

    @Test
    void pendingApprovalOrdersAreListedWithThePrompt() {
        String c = monthlyCustomer();
        Map<String, Object> needsApproval = usdOrder("3.00");
        needsApproval.put("requires_approval", true);
        String pending = createOrder(c, needsApproval);
        String ok = createOrder(c, usdOrder("4.00"));
        pay(c, payment(List.of(ok, pending), MONTHLY)).statusCode(409)
                .body("error_code", is("ORDERS_PENDING_APPROVAL"))
                .body("pending_approval_orders", contains(pending))
                .body("detail", is(PaymentRules.APPROVAL_PROMPT));
        assertThat(status(ok)).isEqualTo("pending_payment");
    }

    @Test
    void incompleteCombinedPurchaseNamesTheMissingOrders() {
        String c = monthlyCustomer();
        List<String> group = createOrders(c, true, List.of(usdOrder("1.00"), usdOrder("2.00"), usdOrder("3.00")));
        pay(c, payment(List.of(group.get(0)), MONTHLY)).statusCode(422)
                .body("error_code", is("COMBINED_PURCHASE_INCOMPLETE"))
                .body("missing_order_ids", containsInAnyOrder(group.get(1), group.get(2)));
        pay(c, payment(group, MONTHLY)).statusCode(201).body("total_payable", is("6.00"));
    }

    @Test
    void contractOverlapNeedsConfirmation() {
        String c = monthlyCustomer();
        Map<String, Object> overlap = usdOrder("9.00");
        overlap.put("contract_overlap", true);
        String id = createOrder(c, overlap);
        pay(c, payment(List.of(id), MONTHLY)).statusCode(422)
                .body("error_code", is("CONTRACT_CONFIRMATION_REQUIRED"))
                .body("detail", is(PaymentRules.CONTRACT_PROMPT));
        assertThat(status(id)).isEqualTo("pending_payment");
        Map<String, Object> confirmed = payment(List.of(id), MONTHLY);
        confirmed.put("contract_independence_confirmed", true);
        pay(c, confirmed).statusCode(201);
        assertThat(status(id)).isEqualTo("paid");
    }

    @Test
    void ordersInTwoCurrenciesCannotBePaidTogether() {
        String c = monthlyCustomer();
        String usd = createOrder(c, usdOrder("1.00"));
        String jpy = createOrder(c, order("hws.service.type.ebs", "renewal", "JPY", "100"));
        pay(c, payment(List.of(usd, jpy), MONTHLY)).statusCode(422).body("error_code", is("CURRENCY_MISMATCH"));
        assertThat(status(usd)).isEqualTo("pending_payment");
    }

    @Test
    void monthlySettlementMustBeEnabled() {
        String c = newCustomer();
        putCustomer(c, false);
        String id = createOrder(c, usdOrder("1.00"));
        pay(c, payment(List.of(id), MONTHLY)).statusCode(422).body("error_code", is("MONTHLY_SETTLEMENT_NOT_ENABLED"));
        assertThat(status(id)).isEqualTo("pending_payment");
        assertThat(db.count("select count(*) from idempotency_record where customer_id = $1", c)).isZero();
    }

    @Test
    void combinedPaymentSkipsAnOrderCancelledJustBefore() {
        String c = monthlyCustomer();
        List<String> ids = createOrders(c, false, List.of(usdOrder("1.00"), usdOrder("2.00"), usdOrder("3.00")));
        asCustomer(c).post("/v1/orders/" + ids.get(1) + "/cancel").then().statusCode(200);
        pay(c, payment(ids, MONTHLY)).statusCode(201)
                .body("orders.order_id", containsInAnyOrder(ids.get(0), ids.get(2)))
                .body("total_payable", is("4.00"))
                .body("skipped_orders.size()", is(1))
                .body("skipped_orders[0].order_id", is(ids.get(1)))
                .body("skipped_orders[0].status", is("cancelled"))
                .body("skipped_orders[0].reason", is("status_changed"));
        assertThat(status(ids.get(0))).isEqualTo("paid");
        assertThat(status(ids.get(1))).isEqualTo("cancelled");
        assertThat(status(ids.get(2))).isEqualTo("paid");
    }

    @Test
    void singlePaymentOfAChangedOrExpiredOrderIsRefused() {
        String c = monthlyCustomer();
        String paid = createOrder(c, usdOrder("1.00"));
        pay(c, payment(List.of(paid), MONTHLY)).statusCode(201);
        pay(c, payment(List.of(paid), MONTHLY)).statusCode(409).body("error_code", is("ORDER_STATUS_CHANGED"))
                .body("orders[0].order_id", is(paid)).body("orders[0].status", is("paid"));
        Map<String, Object> o = usdOrder("2.00");
        Instant deadline = Instant.now().plus(2, ChronoUnit.HOURS);
        o.put("expires_at", deadline.toString());
        String expiring = createOrder(c, o);
        TestClock.set(deadline.plusSeconds(5));
        pay(c, payment(List.of(expiring), MONTHLY)).statusCode(409).body("error_code", is("ORDER_EXPIRED"))
                .body("orders[0].status", is("expired"));
        assertThat(status(expiring)).isEqualTo("pending_payment");
    }

    @Test
    void anOrderOfACombinedPurchaseWhoseSiblingExpiredCannotBePaidAlone() {
        String c = monthlyCustomer();
        List<String> group = createOrders(c, true, List.of(usdOrder("1.00"), usdOrder("2.00")));
        // older data may hold different deadlines inside one purchase: one member is past its own
        db.exec("update customer_order set expires_at = now() - interval '1 minute' where order_id = $1", group.get(0));
        pay(c, payment(List.of(group.get(1)), MONTHLY)).statusCode(409).body("error_code", is("ORDER_STATUS_CHANGED"))
                .body("orders[0].order_id", is(group.get(0))).body("orders[0].status", is("expired"));
        pay(c, payment(group, MONTHLY)).statusCode(409);
        assertThat(status(group.get(1))).isEqualTo("pending_payment");
    }

    @Test
    void clientSuppliedAmountsStatusesOrDiscountsAreRejected() {
        String c = monthlyCustomer();
        String id = createOrder(c, usdOrder("10.00"));
        for (String field : List.of("amount", "status", "payable_amount", "total_payable", "discount_amount")) {
            Map<String, Object> body = payment(List.of(id), MONTHLY);
            body.put(field, field.equals("status") ? "paid" : "0.01");
            pay(c, body).statusCode(400).contentType("application/problem+json")
                    .body("error_code", is("VALIDATION_FAILED"))
                    .body("violations[0].field", is(field));
        }
        assertThat(status(id)).isEqualTo("pending_payment");
        assertThat(db.count("select count(*) from payment where customer_id = $1", c)).isZero();
    }

    @Test
    void expectedTotalThatDiffersGivesTheFreshQuote() {
        String c = monthlyCustomer();
        String id = createOrder(c, usdOrder("10.00"));
        Map<String, Object> body = payment(List.of(id), MONTHLY);
        body.put("expected_total_payable", "9.99");
        pay(c, body).statusCode(409).body("error_code", is("TOTAL_CHANGED"))
                .body("quote.total_payable", is("10.00"));
        assertThat(status(id)).isEqualTo("pending_payment");
        body.put("expected_total_payable", "10.0");
        pay(c, body).statusCode(400).body("error_code", is("VALIDATION_FAILED"))
                .body("violations[0].field", is("expected_total_payable"));
        body.put("expected_total_payable", "10.00");
        pay(c, body).statusCode(201);
    }

    @Test
    void badRequestsAreProblemsWithTheirCodes() {
        String c = monthlyCustomer();
        String id = createOrder(c, usdOrder("10.00"));
        asCustomer(c).body(payment(List.of(id), MONTHLY)).post("/v1/payments").then().statusCode(400)
                .body("error_code", is("IDEMPOTENCY_KEY_REQUIRED"));
        pay(c, payment(List.of(), MONTHLY)).statusCode(400).body("error_code", is("VALIDATION_FAILED"));
        pay(c, payment(List.of(id), "cash")).statusCode(400).body("violations[0].field", is("method"));
        pay(c, payment(List.of("bad id!"), MONTHLY)).statusCode(400).body("error_code", is("VALIDATION_FAILED"));
        asCustomer(c).header("Idempotency-Key", "k1").body("{not json").post("/v1/payments").then().statusCode(400)
                .body("error_code", is("VALIDATION_FAILED"));
        asCustomer(c).header("Idempotency-Key", "k2").body("{\"order_ids\": \"x\"}").post("/v1/payments").then()
                .statusCode(400).body("error_code", is("VALIDATION_FAILED"));
        // money is never a JSON number, identifiers are strings (contract §2)
        asCustomer(c).header("Idempotency-Key", "k3").body("{\"order_ids\": [\"" + id + "\"], \"method\": \"monthly_settlement\", "
                + "\"expected_total_payable\": 10.00}").post("/v1/payments").then().statusCode(400)
                .body("violations[0].field", is("expected_total_payable"));
        asCustomer(c).header("Idempotency-Key", "k4").body("{\"order_ids\": [123], \"method\": \"monthly_settlement\"}")
                .post("/v1/payments").then().statusCode(400);
        asCustomer(c).get("/v1/payments?status=failed").then().statusCode(400).body("violations[0].field", is("status"));
        assertThat(status(id)).isEqualTo("pending_payment");
    }

    @Test
    void twentyParallelPaymentsOfOneOrderPayItExactlyOnce() throws Exception {
        String c = monthlyCustomer();
        String id = createOrder(c, usdOrder("25.00"));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> pay(c, payment(List.of(id), MONTHLY)).extract().statusCode());
        }
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(calls)) {
            codes.add(f.get());
        }
        pool.shutdown();
        assertThat(codes).filteredOn(s -> s == 201).hasSize(1);
        assertThat(codes).filteredOn(s -> s != 201).allMatch(s -> s == 409);
        assertThat(db.count("select count(*) from payment_order where order_id = $1", id)).isEqualTo(1);
        assertThat(db.count("select count(*) from bill_item where order_id = $1", id)).isEqualTo(1);
        assertThat(status(id)).isEqualTo("paid");
    }

    @Test
    void sameRequestTwiceWithOneKeyMakesOnePaymentAndReplaysTheResponse() {
        String c = monthlyCustomer();
        String id = createOrder(c, usdOrder("42.00"));
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = payment(List.of(id), MONTHLY);
        Response first = asCustomer(c).header("Idempotency-Key", key).body(body).post("/v1/payments");
        Response second = asCustomer(c).header("Idempotency-Key", key).body(body).post("/v1/payments");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(db.count("select count(*) from payment where customer_id = $1", c)).isEqualTo(1);
        // same key, different body
        String other = createOrder(c, usdOrder("1.00"));
        asCustomer(c).header("Idempotency-Key", key).body(payment(List.of(other), MONTHLY)).post("/v1/payments").then()
                .statusCode(422).body("error_code", is("IDEMPOTENCY_KEY_REUSED"));
        assertThat(status(other)).isEqualTo("pending_payment");
        // keys are per customer: another customer may use the same key
        String c2 = monthlyCustomer();
        String id2 = createOrder(c2, usdOrder("3.00"));
        asCustomer(c2).header("Idempotency-Key", key).body(payment(List.of(id2), MONTHLY)).post("/v1/payments").then()
                .statusCode(201);
    }

    @Test
    void aKeyPastItsRetentionStartsAfreshEvenWithAnotherBody() {
        String c = monthlyCustomer();
        String id = createOrder(c, usdOrder("5.00"));
        String key = UUID.randomUUID().toString();
        String first = asCustomer(c).header("Idempotency-Key", key).body(payment(List.of(id), MONTHLY))
                .post("/v1/payments").then().statusCode(201).extract().path("payment_id");
        // payments.idempotency.retention is 24 h: a day and a minute later the key is forgotten
        TestClock.set(Instant.now().plus(24, ChronoUnit.HOURS).plus(1, ChronoUnit.MINUTES));
        String other = createOrder(c, usdOrder("6.00"));
        String second = asCustomer(c).header("Idempotency-Key", key).body(payment(List.of(other), MONTHLY))
                .post("/v1/payments").then().statusCode(201).body("orders[0].order_id", is(other))
                .extract().path("payment_id");
        assertThat(second).isNotEqualTo(first);
        assertThat(status(id)).isEqualTo("paid");
        assertThat(status(other)).isEqualTo("paid");
        assertThat(db.string("select payment_id from idempotency_record where customer_id = $1 and idempotency_key = $2",
                c, key)).isEqualTo(second);
    }

    @Test
    void aFailedRequestDoesNotStoreItsKey() {
        String c = monthlyCustomer();
        String id = createOrder(c, usdOrder("1.00"));
        Map<String, Object> overlap = usdOrder("1.00");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = payment(List.of(id), MONTHLY);
        body.put("expected_total_payable", "2.00");
        asCustomer(c).header("Idempotency-Key", key).body(body).post("/v1/payments").then().statusCode(409);
        body.put("expected_total_payable", "1.00");
        // same key, corrected body: processed normally since the failure was not stored
        asCustomer(c).header("Idempotency-Key", key).body(body).post("/v1/payments").then().statusCode(201);
        assertThat(overlap).isNotNull();
    }

    @Test
    void paymentsAreListedNewestFirstWithPaging() {
        String c = monthlyCustomer();
        List<String> paymentIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = createOrder(c, usdOrder("1.00"));
            paymentIds.add(pay(c, payment(List.of(id), MONTHLY)).statusCode(201).extract().path("payment_id"));
        }
        String token = asCustomer(c).get("/v1/payments?limit=2").then().statusCode(200)
                .body("payments.payment_id", contains(paymentIds.get(2), paymentIds.get(1)))
                .extract().path("next_page_token");
        asCustomer(c).get("/v1/payments?limit=2&page_token=" + token).then().statusCode(200)
                .body("payments.payment_id", contains(paymentIds.get(0))).body("next_page_token", nullValue());
    }
}
