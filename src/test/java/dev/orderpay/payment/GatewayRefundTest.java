package dev.orderpay.payment;

import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

import dev.orderpay.support.Db;
import dev.orderpay.support.Sandbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue #10 item 8, a refund made at the gateway: the sandbox's {@code charge.refunded} for a
 * succeeded payment shows on GET /v1/payments/{id} as {@code refunded_amount} (and status
 * {@code refunded} once the whole amount is back), is counted in {@code orderpay_refunds_total},
 * leaves the orders {@code paid}, and a repeated event changes nothing.
 */
@QuarkusTest
class GatewayRefundTest {

    @Inject
    Db db;

    private record Paid(String customer, String order, String paymentId, String paymentIntentId) {
    }

    private Paid succeededPayment() {
        String c = newCustomer();
        String order = createOrder(c, usdOrder("64.00"));
        JsonPath started = OnlinePaymentTest.startOnline(c, List.of(order), List.of());
        String paymentId = started.getString("payment_id");
        String pi = Sandbox.pay(started.getString("checkout_url"), "4242424242424242").getString("payment_intent.id");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                asCustomer(c).get("/v1/payments/" + paymentId).then().body("status", is("succeeded")));
        asCustomer(c).get("/v1/payments/" + paymentId).then().body("refunded_amount", is("0.00"));
        return new Paid(c, order, paymentId, pi);
    }

    /** A refund made at the gateway (as an operator would in Stripe's dashboard). */
    private static void refundAtGateway(String paymentIntentId, Long amount) {
        var req = given().auth().oauth2("sk_test_sandbox").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType("application/x-www-form-urlencoded").formParam("payment_intent", paymentIntentId);
        if (amount != null) {
            req = req.formParam("amount", amount);
        }
        req.post("/sandbox/stripe/v1/refunds").then().statusCode(200);
    }

    private static double refundsCounted(String kind) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^orderpay_refunds_total\\{kind=\"" + kind + "\"[^}]*\\} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static List<String> refundEvents(String chargeId) {
        List<Map<String, Object>> events = Sandbox.webhooks().getList("events");
        return events.stream().filter(e -> "charge.refunded".equals(e.get("type")) && chargeId.equals(e.get("object_id")))
                .map(e -> (String) e.get("id")).toList();
    }

    @Test
    void aFullRefundAtTheGatewayShowsAsRefundedOnceAndTheOrderStaysPaid() {
        Paid p = succeededPayment();
        double before = refundsCounted("full");
        refundAtGateway(p.paymentIntentId(), null);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                asCustomer(p.customer()).get("/v1/payments/" + p.paymentId()).then()
                        .body("status", is("refunded")).body("refunded_amount", is("64.00")));
        assertThat(refundsCounted("full")).isEqualTo(before + 1);
        assertThat(db.string("select status from customer_order where order_id = $1", p.order())).isEqualTo("paid");

        // the gateway delivers the same event again: nothing changes, nothing is counted twice
        String chargeId = Sandbox.paymentIntent(p.paymentIntentId()).getString("latest_charge");
        List<String> events = refundEvents(chargeId);
        assertThat(events).hasSize(1);
        String updatedAt = asCustomer(p.customer()).get("/v1/payments/" + p.paymentId()).then().extract().path("updated_at");
        given().post("/sandbox/control/webhooks/" + events.get(0) + "/redeliver").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                given().get("/sandbox/control/webhooks/" + events.get(0)).then().extract().jsonPath().getInt("attempts"))
                .isGreaterThanOrEqualTo(2));
        asCustomer(p.customer()).get("/v1/payments/" + p.paymentId()).then()
                .body("status", is("refunded")).body("refunded_amount", is("64.00")).body("updated_at", is(updatedAt));
        assertThat(refundsCounted("full")).isEqualTo(before + 1);
    }

    @Test
    void aPartialRefundKeepsSucceededWithTheRefundedAmountThenTheRestMakesItRefunded() {
        Paid p = succeededPayment();
        double partial = refundsCounted("partial");
        refundAtGateway(p.paymentIntentId(), 1000L);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                asCustomer(p.customer()).get("/v1/payments/" + p.paymentId()).then().body("refunded_amount", is("10.00")));
        asCustomer(p.customer()).get("/v1/payments/" + p.paymentId()).then().body("status", is("succeeded"));
        assertThat(refundsCounted("partial")).isEqualTo(partial + 1);
        refundAtGateway(p.paymentIntentId(), null);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                asCustomer(p.customer()).get("/v1/payments/" + p.paymentId()).then()
                        .body("status", is("refunded")).body("refunded_amount", is("64.00")));
        assertThat(db.string("select status from customer_order where order_id = $1", p.order())).isEqualTo("paid");
    }
}
