package dev.orderpay.payment;

import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

import dev.orderpay.support.Db;
import dev.orderpay.support.Sandbox;
import dev.orderpay.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.orderpay.gateway.GatewayRejectedException;
import dev.orderpay.gateway.PaymentGateway;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import org.assertj.core.api.Assertions;

/** Online card payments end to end through the sandbox gateway and its signed webhooks (contract §6, §7). */
@QuarkusTest
class OnlinePaymentTest {

    @Inject
    Db db;

    @AfterEach
    void cleanUp() {
        TestClock.reset();
        Sandbox.releaseWebhooks(false);
    }

    static JsonPath startOnline(String customer, List<String> orderIds, List<String> coupons) {
        Map<String, Object> body = payment(orderIds, "online");
        body.put("coupon_ids", coupons);
        body.put("return_url", "https://console.example.com/billing/unpaid");
        return pay(customer, body).statusCode(201).body("status", is("requires_action"))
                .body("checkout_url", startsWith("http")).extract().jsonPath();
    }

    private JsonPath awaitStatus(String customer, String paymentId, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                asCustomer(customer).get("/v1/payments/" + paymentId).then().body("status", is(status)));
        return asCustomer(customer).get("/v1/payments/" + paymentId).then().extract().jsonPath();
    }

    private String orderStatus(String orderId) {
        return db.string("select status from customer_order where order_id = $1", orderId);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "4242424242424242, Visa credit, succeeded, ",
            "5555555555554444, Mastercard credit, succeeded, ",
            "4000056655665556, Visa debit, failed, card_not_accepted",
            "5200828282828210, Mastercard debit, failed, card_not_accepted",
            "5105105105105100, Mastercard prepaid, failed, card_not_accepted",
            "378282246310005, Amex credit, failed, card_not_accepted",
            "4000000000000002, declined, failed, card_declined"})
    void everyTestCardEndToEnd(String card, String label, String expectedStatus, String reason) {
        String c = newCustomer();
        String order = createOrder(c, usdOrder("92.00"));
        String coupon = grantCoupon(c, cashCoupon("10.00", "USD"));
        JsonPath started = startOnline(c, List.of(order), List.of(coupon));
        String paymentId = started.getString("payment_id");
        assertThat(started.getString("total_payable")).isEqualTo("82.00");
        assertThat(orderStatus(order)).isEqualTo("payment_in_progress");
        assertThat(db.string("select status from coupon where coupon_id = $1", coupon)).isEqualTo("reserved");
        asCustomer(c).get("/v1/orders/unpaid").then().body("orders[0].status", is("payment_in_progress"));

        Sandbox.pay(started.getString("checkout_url"), card);
        JsonPath done = awaitStatus(c, paymentId, expectedStatus);
        assertThat(done.getString("failure_reason")).isEqualTo(reason == null || reason.isBlank() ? null : reason);
        String pi = db.string("select payment_intent_id from payment where payment_id = $1", paymentId);
        if ("succeeded".equals(expectedStatus)) {
            assertThat(orderStatus(order)).isEqualTo("paid");
            assertThat(db.string("select status from coupon where coupon_id = $1", coupon)).isEqualTo("used");
            assertThat(Sandbox.paymentIntent(pi).getString("status")).isEqualTo("succeeded");
            assertThat(Sandbox.paymentIntent(pi).getLong("amount_received")).isEqualTo(8200L);
        } else {
            assertThat(orderStatus(order)).isEqualTo("pending_payment");
            assertThat(db.string("select status from coupon where coupon_id = $1", coupon)).isEqualTo("available");
            assertThat(db.count("select balance from coupon where coupon_id = $1", coupon)).isEqualTo(1000);
            if ("card_not_accepted".equals(reason)) {
                String intent = db.string("select payment_intent_id from payment_order po join payment p using (payment_id) "
                        + "where p.payment_id = $1", paymentId);
                String sessionPi = Sandbox.session(Sandbox.sessionId(started.getString("checkout_url"))).getString("payment_intent");
                assertThat(Sandbox.paymentIntent(intent != null ? intent : sessionPi).getString("status")).isEqualTo("canceled");
            }
            // the orders are payable again
            pay(c, payment(List.of(order), "online")).statusCode(201);
        }
    }

    @Test
    void aCheckoutThatExpiresReleasesItsOrdersAndCoupons() {
        String c = newCustomer();
        // the order costs more than the coupon: a payable of 0 would succeed at once (contract §5 rule 8)
        String order = createOrder(c, usdOrder("80.00"));
        String coupon = grantCoupon(c, cashCoupon("50.00", "USD"));
        JsonPath started = startOnline(c, List.of(order), List.of(coupon));
        assertThat(started.getString("total_payable")).isEqualTo("30.00");
        assertThat(db.count("select balance from coupon where coupon_id = $1", coupon)).isZero();
        TestClock.set(Instant.now().plus(31, ChronoUnit.MINUTES));
        asAdmin().post("/v1/admin/jobs/reconcile-payments").then().statusCode(200);
        awaitStatus(c, started.getString("payment_id"), "cancelled");
        asCustomer(c).get("/v1/payments/" + started.getString("payment_id")).then()
                .body("failure_reason", is("checkout_expired")).body("checkout_url", nullValue());
        assertThat(orderStatus(order)).isEqualTo("pending_payment");
        assertThat(db.count("select balance from coupon where coupon_id = $1", coupon)).isEqualTo(5000);
        assertThat(db.string("select status from coupon where coupon_id = $1", coupon)).isEqualTo("available");
        // paying them again works
        JsonPath again = startOnline(c, List.of(order), List.of(coupon));
        Sandbox.pay(again.getString("checkout_url"), "4242424242424242");
        awaitStatus(c, again.getString("payment_id"), "succeeded");
        assertThat(orderStatus(order)).isEqualTo("paid");
    }

    @Test
    void aLostWebhookIsSettledByReconciliation() {
        String c = newCustomer();
        String order = createOrder(c, usdOrder("44.00"));
        Sandbox.pauseWebhooks();
        JsonPath started = startOnline(c, List.of(order), List.of());
        Sandbox.pay(started.getString("checkout_url"), "5555555555554444");
        Sandbox.dropWebhooks();
        asCustomer(c).get("/v1/payments/" + started.getString("payment_id")).then().body("status", is("requires_action"));
        TestClock.set(Instant.now().plus(31, ChronoUnit.MINUTES));
        asAdmin().post("/v1/admin/jobs/reconcile-payments").then().statusCode(200);
        awaitStatus(c, started.getString("payment_id"), "succeeded");
        assertThat(orderStatus(order)).isEqualTo("paid");
    }

    @Test
    void cancellingAWaitingCheckoutReleasesEverythingAndAFinishedOneCannotBeCancelled() {
        String c = newCustomer();
        String order = createOrder(c, usdOrder("12.00"));
        String coupon = grantCoupon(c, discountCoupon("10.00"));
        JsonPath started = startOnline(c, List.of(order), List.of(coupon));
        String id = started.getString("payment_id");
        // an order held by a checkout cannot be cancelled
        asCustomer(c).post("/v1/orders/" + order + "/cancel").then().statusCode(409).body("error_code", is("ORDER_NOT_CANCELLABLE"));
        asCustomer(newCustomer()).post("/v1/payments/" + id + "/cancel").then().statusCode(404);
        asCustomer(c).post("/v1/payments/" + id + "/cancel").then().statusCode(200).body("status", is("cancelled"));
        assertThat(orderStatus(order)).isEqualTo("pending_payment");
        assertThat(db.string("select status from coupon where coupon_id = $1", coupon)).isEqualTo("available");
        assertThat(Sandbox.session(Sandbox.sessionId(started.getString("checkout_url"))).getString("status")).isEqualTo("expired");
        asCustomer(c).post("/v1/payments/" + id + "/cancel").then().statusCode(409).body("error_code", is("PAYMENT_NOT_CANCELLABLE"));
    }

    @Test
    void aCheckoutStartedBeforeTheDeadlineStillPaysTheOrder() {
        String c = newCustomer();
        Map<String, Object> o = usdOrder("8.00");
        Instant deadline = Instant.now().plus(10, ChronoUnit.MINUTES);
        o.put("expires_at", deadline.toString());
        String order = createOrder(c, o);
        JsonPath started = startOnline(c, List.of(order), List.of());
        TestClock.set(deadline.plus(1, ChronoUnit.MINUTES));
        asAdmin().post("/v1/admin/jobs/expire-orders").then().statusCode(200);
        assertThat(orderStatus(order)).isEqualTo("payment_in_progress");
        asCustomer(c).get("/v1/orders/" + order).then().body("status", is("payment_in_progress"));
        Sandbox.pay(started.getString("checkout_url"), "4242424242424242");
        awaitStatus(c, started.getString("payment_id"), "succeeded");
        assertThat(orderStatus(order)).isEqualTo("paid");
    }

    @Test
    void aZeroTotalSucceedsAtOnceWithoutTheGateway() {
        String c = newCustomer();
        String order = createOrder(c, usdOrder("20.00"));
        String coupon = grantCoupon(c, cashCoupon("20.00", "USD"));
        Map<String, Object> body = payment(List.of(order), "online");
        body.put("coupon_ids", List.of(coupon));
        pay(c, body).statusCode(201).body("status", is("succeeded")).body("total_payable", is("0.00"))
                .body("checkout_url", nullValue());
        assertThat(orderStatus(order)).isEqualTo("paid");
        assertThat(db.string("select checkout_session_id from payment where customer_id = $1", c)).isNull();
    }

    @Inject
    PaymentGateway gateway;

    @Test
    void theGatewayIsNeverCalledInsideATransaction() throws Throwable {
        // the guard refuses a call made while a transaction is open...
        Assertions.assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(
                        () -> Panache.withTransaction(
                                () -> gateway.retrieveCheckoutSession("cs_test_guard"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a database transaction");
        // ...and lets the same call through outside one (here: the sandbox answers that it does not know the session)
        Assertions.assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(
                        () -> gateway.retrieveCheckoutSession("cs_test_guard")))
                .isInstanceOf(GatewayRejectedException.class);
    }
}
