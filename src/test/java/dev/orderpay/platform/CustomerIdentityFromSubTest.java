package dev.orderpay.platform;

import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import dev.orderpay.support.Db;
import dev.orderpay.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #10, defect 1: the customer is the JWT {@code sub} (contract §3), never the principal
 * name (which MicroProfile JWT takes from {@code upn}, then {@code preferred_username}). A token
 * {@code {"sub": A, "upn": B, "preferred_username": B}} sees only A's data on every customer
 * endpoint and function; B's IDs answer exactly like unknown ones; who approved is the
 * approver's {@code sub}; a token without {@code sub} is 401.
 */
@QuarkusTest
class CustomerIdentityFromSubTest {

    @Inject
    Db db;

    String a;
    String b;

    /** {@code sub} = A, {@code upn} and {@code preferred_username} = B, role customer. */
    String mixed;

    @BeforeEach
    void customers() {
        a = newCustomer();
        b = newCustomer();
        putCustomer(a, true);
        putCustomer(b, true);
        mixed = mixedToken(a, b, "customer");
    }

    @AfterEach
    void realTime() {
        TestClock.reset();
    }

    static String mixedToken(String sub, String other, String group) {
        return Jwt.subject(sub).upn(other).preferredUserName(other).groups(Set.of(group)).sign();
    }

    private RequestSpecification asMixed() {
        return given().auth().oauth2(mixed).contentType(ContentType.JSON);
    }

    private static void notFound(ValidatableResponse r, String errorCode) {
        r.statusCode(404).contentType(startsWith("application/problem+json")).body("error_code", is(errorCode));
    }

    private static Map<String, Object> quote(List<String> orderIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("order_ids", orderIds);
        return body;
    }

    @Test
    void ordersQuotesAndPaymentsAreSubsOnly() {
        List<String> aOrders = createOrders(a, false, List.of(usdOrder("10.00"), usdOrder("11.00"), usdOrder("12.00")));
        List<String> bOrders = createOrders(b, false, List.of(usdOrder("20.00"), usdOrder("21.00"), usdOrder("22.00"),
                usdOrder("23.00"), usdOrder("24.00")));
        String aPayment = pay(a, payment(List.of(aOrders.get(2)), "monthly_settlement")).statusCode(201)
                .extract().path("payment_id");
        String bPayment = pay(b, payment(List.of(bOrders.get(4)), "monthly_settlement")).statusCode(201)
                .extract().path("payment_id");
        Map<String, Object> online = payment(List.of(bOrders.get(3)), "online");
        online.put("return_url", "https://console.example.com/billing");
        String bCheckout = pay(b, online).statusCode(201).body("status", is("requires_action")).extract().path("payment_id");

        // search: only sub's unpaid orders
        asMixed().get("/v1/orders/unpaid").then().statusCode(200)
                .body("total_count", is(2)).body("orders.order_id", containsInAnyOrder(aOrders.get(0), aOrders.get(1)));
        // read one
        asMixed().get("/v1/orders/" + aOrders.get(0)).then().statusCode(200).body("order_id", is(aOrders.get(0)));
        notFound(asMixed().get("/v1/orders/" + bOrders.get(0)).then(), "ORDER_NOT_FOUND");
        // cancel
        notFound(asMixed().post("/v1/orders/" + bOrders.get(0) + "/cancel").then(), "ORDER_NOT_FOUND");
        asCustomer(b).get("/v1/orders/" + bOrders.get(0)).then().statusCode(200).body("status", is("pending_payment"));
        // quote
        notFound(asMixed().body(quote(List.of(bOrders.get(0)))).post("/v1/payments/quote").then(), "ORDER_NOT_FOUND");
        asMixed().body(quote(List.of(aOrders.get(0)))).post("/v1/payments/quote").then().statusCode(200)
                .body("total_payable", is("10.00"));
        // pay, single and combined
        notFound(asMixed().header("Idempotency-Key", UUID.randomUUID().toString())
                .body(payment(List.of(bOrders.get(0)), "monthly_settlement")).post("/v1/payments").then(), "ORDER_NOT_FOUND");
        notFound(asMixed().header("Idempotency-Key", UUID.randomUUID().toString())
                .body(payment(List.of(bOrders.get(0), bOrders.get(1)), "monthly_settlement")).post("/v1/payments").then(),
                "ORDER_NOT_FOUND");
        // payments: list, read, cancel
        asMixed().get("/v1/payments").then().statusCode(200).body("payments.payment_id", contains(aPayment));
        asMixed().get("/v1/payments/" + aPayment).then().statusCode(200).body("payment_id", is(aPayment));
        notFound(asMixed().get("/v1/payments/" + bPayment).then(), "PAYMENT_NOT_FOUND");
        notFound(asMixed().post("/v1/payments/" + bCheckout + "/cancel").then(), "PAYMENT_NOT_FOUND");
        asCustomer(b).get("/v1/payments/" + bCheckout).then().statusCode(200).body("status", is("requires_action"));

        // functions
        Map<String, Object> search = Map.of("limit", 100);
        asMixed().body(search).post("/search-unpaid-orders").then().statusCode(200)
                .body("total_count", is(2)).body("orders.order_id", containsInAnyOrder(aOrders.get(0), aOrders.get(1)));
        notFound(asMixed().body(quote(List.of(bOrders.get(0)))).post("/quote-payment").then(), "ORDER_NOT_FOUND");
        asMixed().body(quote(List.of(aOrders.get(1)))).post("/quote-payment").then().statusCode(200)
                .body("total_payable", is("11.00"));
        Map<String, Object> payOrder = new LinkedHashMap<>();
        payOrder.put("order_id", bOrders.get(0));
        payOrder.put("method", "monthly_settlement");
        payOrder.put("idempotency_key", UUID.randomUUID().toString());
        notFound(asMixed().body(payOrder).post("/pay-order").then(), "ORDER_NOT_FOUND");
        Map<String, Object> combine = new LinkedHashMap<>();
        combine.put("order_ids", List.of(bOrders.get(0), bOrders.get(1)));
        combine.put("method", "monthly_settlement");
        combine.put("idempotency_key", UUID.randomUUID().toString());
        notFound(asMixed().body(combine).post("/combine-payments").then(), "ORDER_NOT_FOUND");
        // what the mixed token pays is sub's, recorded as sub's
        payOrder.put("order_id", aOrders.get(0));
        payOrder.put("idempotency_key", UUID.randomUUID().toString());
        String viaFunction = asMixed().body(payOrder).post("/pay-order").then().statusCode(201)
                .extract().path("payment_id");
        assertThat(db.string("select customer_id from payment where payment_id = $1", viaFunction)).isEqualTo(a);

        // nothing of B's changed
        assertThat(db.count("select count(*) from customer_order where customer_id = $1 and status = 'paid'", b)).isEqualTo(1);
        assertThat(db.count("select count(*) from payment where customer_id = $1", b)).isEqualTo(2);
    }

    @Test
    void discountsAndCouponsAreSubsOnly() {
        String aDiscount = grantDiscount(a, discount("5.00"));
        String bDiscount = grantDiscount(b, discount("7.00"));
        String aCoupon = grantCoupon(a, cashCoupon("3.00", "USD"));
        String bCoupon = grantCoupon(b, cashCoupon("4.00", "USD"));
        asMixed().get("/v1/discounts?status=all").then().statusCode(200).body("discounts.discount_id", contains(aDiscount));
        asMixed().get("/v1/coupons?status=all").then().statusCode(200).body("coupons.coupon_id", contains(aCoupon));
        // B's savings on A's order: as if they did not exist
        String aOrder = createOrder(a, usdOrder("50.00"));
        Map<String, Object> body = quote(List.of(aOrder));
        body.put("discount_id", bDiscount);
        asMixed().body(body).post("/v1/payments/quote").then().statusCode(422).body("error_code", is("DISCOUNT_NOT_APPLICABLE"));
        body.remove("discount_id");
        body.put("coupon_ids", List.of(bCoupon));
        asMixed().body(body).post("/v1/payments/quote").then().statusCode(422).body("error_code", is("COUPON_NOT_APPLICABLE"));
        asMixed().body(body).post("/quote-payment").then().statusCode(422).body("error_code", is("COUPON_NOT_APPLICABLE"));
    }

    @Test
    void billsAreSubsOnly() {
        // one paid order each in March 2031, billed on 3 April 2031 (no card on file: overdue, no charge)
        TestClock.set(Instant.parse("2031-03-10T10:00:00Z"));
        String aOrder = createOrder(a, usdOrder("30.00"));
        String bOrder = createOrder(b, usdOrder("40.00"));
        pay(a, payment(List.of(aOrder), "monthly_settlement")).statusCode(201);
        pay(b, payment(List.of(bOrder), "monthly_settlement")).statusCode(201);
        asMixed().get("/v1/bills?month=2031-03").then().statusCode(200)
                .body("bills", hasSize(1)).body("bills[0].total", is("30.00")).body("bills[0].items[0].order_id", is(aOrder));
        TestClock.set(Instant.parse("2031-04-03T01:00:00Z"));
        asAdmin().post("/v1/admin/jobs/generate-bills").then().statusCode(200);
        String aBill = db.string("select bill_id from bill where customer_id = $1", a);
        String bBill = db.string("select bill_id from bill where customer_id = $1", b);
        assertThat(aBill).isNotNull();
        assertThat(bBill).isNotNull();
        asMixed().get("/v1/bills").then().statusCode(200).body("bills.bill_id", contains(aBill));
        asMixed().get("/v1/bills/" + aBill).then().statusCode(200).body("total", is("30.00"));
        notFound(asMixed().get("/v1/bills/" + bBill).then(), "BILL_NOT_FOUND");
        asCustomer(b).get("/v1/bills/" + bBill).then().statusCode(200).body("total", is("40.00"));
    }

    @Test
    void approverIsRecordedBySub() {
        Map<String, Object> o1 = usdOrder("5.00");
        o1.put("requires_approval", true);
        Map<String, Object> o2 = usdOrder("6.00");
        o2.put("requires_approval", true);
        List<String> ids = createOrders(a, false, List.of(o1, o2));
        String approver = mixedToken("ann-sub", "bob-upn", "approver");
        given().auth().oauth2(approver).post("/v1/orders/" + ids.get(0) + "/approve").then().statusCode(200);
        given().auth().oauth2(approver).post("/v1/orders/" + ids.get(1) + "/reject").then().statusCode(200);
        assertThat(db.string("select approved_by from customer_order where order_id = $1", ids.get(0))).isEqualTo("ann-sub");
        assertThat(db.string("select rejected_by from customer_order where order_id = $1", ids.get(1))).isEqualTo("ann-sub");
    }

    @Test
    void aTokenWithoutSubIsUnauthenticated() {
        String orderId = createOrder(b, usdOrder("9.00"));
        String noSub = Jwt.upn(b).preferredUserName(b).groups(Set.of("customer")).sign();
        for (String path : List.of("/v1/orders/unpaid", "/v1/orders/" + orderId, "/v1/payments", "/v1/discounts",
                "/v1/coupons", "/v1/bills")) {
            given().auth().oauth2(noSub).get(path).then().statusCode(401)
                    .contentType(startsWith("application/problem+json")).body("error_code", is("UNAUTHENTICATED"));
        }
        given().auth().oauth2(noSub).contentType(ContentType.JSON).body(quote(List.of(orderId)))
                .post("/v1/payments/quote").then().statusCode(401).body("error_code", is("UNAUTHENTICATED"));
        given().auth().oauth2(noSub).contentType(ContentType.JSON).body(Map.of())
                .post("/search-unpaid-orders").then().statusCode(401).body("error_code", is("UNAUTHENTICATED"));
        String noSubApprover = Jwt.upn("ann").groups(Set.of("approver")).sign();
        Map<String, Object> o = usdOrder("5.00");
        o.put("requires_approval", true);
        String pending = createOrder(b, o);
        given().auth().oauth2(noSubApprover).post("/v1/orders/" + pending + "/approve").then().statusCode(401)
                .body("error_code", is("UNAUTHENTICATED"));
        asCustomer(b).get("/v1/orders/" + pending).then().body("status", is("pending_approval"));
    }
}
