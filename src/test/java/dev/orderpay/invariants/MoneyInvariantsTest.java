package dev.orderpay.invariants;

import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import dev.orderpay.support.Db;
import dev.orderpay.support.Sandbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The checker of issue #11 catches each invariant's violation: every test builds a real state
 * through the API and the sandbox gateway, shows the checker finds nothing, plants one
 * violation in the database, and shows the checker names that invariant and row.
 */
@QuarkusTest
class MoneyInvariantsTest {

    @Inject
    Db db;

    /** A fresh customer whose ID no other test shares, and a checker limited to it. */
    private record Scope(String customer, MoneyInvariants checker) {
    }

    private static Scope scope() {
        String c = "inv-" + UUID.randomUUID().toString().substring(0, 12);
        putCustomer(c, true);
        return new Scope(c, MoneyInvariants.fromConfig(RestAssured.baseURI + ":" + RestAssured.port).customers(c));
    }

    private static JsonPath startOnline(String customer, List<String> orders, List<String> coupons) {
        Map<String, Object> body = payment(orders, "online");
        body.put("coupon_ids", coupons);
        return pay(customer, body).statusCode(201).body("status", is("requires_action")).extract().jsonPath();
    }

    private static String paidOnline(String customer, List<String> orders, List<String> coupons) {
        JsonPath started = startOnline(customer, orders, coupons);
        Sandbox.pay(started.getString("checkout_url"), "4242424242424242");
        String id = started.getString("payment_id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                asCustomer(customer).get("/v1/payments/" + id).then().body("status", is("succeeded")));
        return id;
    }

    private void plantPayment(String paymentId, String customer, String status, String method, long total, String intent,
                              String orderId) {
        db.exec("insert into payment (payment_id, customer_id, status, method, currency, total_amount, total_discount, "
                + "total_coupon, total_payable, payment_intent_id, created_at, updated_at) "
                + "values ($1, $2, $3, $4, 'USD', $5, 0, 0, $5, $6, now(), now())", paymentId, customer, status, method, total, intent);
        if (orderId != null) {
            db.exec("insert into payment_order (payment_id, order_id, amount, discount_amount, coupon_amount, payable_amount) "
                    + "values ($1, $2, $3, 0, 0, $3)", paymentId, orderId, total);
        }
    }

    @Test
    void anOrderPaidTwice() {
        Scope s = scope();
        String order = createOrder(s.customer(), usdOrder("12.00"));
        paidOnline(s.customer(), List.of(order), List.of());
        assertThat(s.checker().checkSettled()).isEmpty();

        plantPayment("PAYPLANTED" + UUID.randomUUID().toString().substring(0, 8), s.customer(), "succeeded",
                "monthly_settlement", 1200, null, order);
        assertThat(s.checker().check()).anySatisfy(v -> assertThat(v)
                .startsWith("ORDER_PAID_ONCE order " + order + ": paid by 2 succeeded payments"));
    }

    @Test
    void aChargeNoPaymentExplainsAndAPaymentWithoutItsCharge() {
        Scope s = scope();
        String order = createOrder(s.customer(), usdOrder("15.00"));
        String paid = paidOnline(s.customer(), List.of(order), List.of());
        String intent = db.string("select payment_intent_id from payment where payment_id = $1", paid);
        assertThat(s.checker().check()).isEmpty();

        // the service forgets the money it took, and another payment claims money the gateway never had
        db.exec("update payment set status = 'failed' where payment_id = $1", paid);
        String forged = "PAYFORGED" + UUID.randomUUID().toString().substring(0, 8);
        plantPayment(forged, s.customer(), "succeeded", "online", 700, "pi_forged", null);
        assertThat(s.checker().check())
                .anySatisfy(v -> assertThat(v).startsWith("CHARGE_EXPLAINED charge " + intent + " (1500 usd): money kept but payment "
                        + paid + " is failed"))
                .anySatisfy(v -> assertThat(v).startsWith("CHARGE_EXPLAINED payment " + forged
                        + ": succeeded for 700 but the gateway has no PaymentIntent pi_forged"));
    }

    @Test
    void aCouponBalanceThatDoesNotAddUp() {
        Scope s = scope();
        String order = createOrder(s.customer(), usdOrder("80.00"));
        String coupon = grantCoupon(s.customer(), cashCoupon("50.00", "USD"));
        paidOnline(s.customer(), List.of(order), List.of(coupon));
        assertThat(db.count("select balance from coupon where coupon_id = $1", coupon)).isZero();
        assertThat(s.checker().checkSettled()).isEmpty();

        db.exec("update coupon set balance = balance + 500 where coupon_id = $1", coupon);
        assertThat(s.checker().check()).containsExactlyInAnyOrder(
                "COUPON_BALANCE coupon " + coupon + ": balance 500 != face 5000 - consumed 5000 - reserved 0",
                "COUPON_BALANCE coupon " + coupon + ": used with balance 500 left");
    }

    @Test
    void aReservationThatOutlivesItsCheckout() {
        Scope s = scope();
        String order = createOrder(s.customer(), usdOrder("40.00"));
        String coupon = grantCoupon(s.customer(), cashCoupon("5.00", "USD"));
        String payment = startOnline(s.customer(), List.of(order), List.of(coupon)).getString("payment_id");
        assertThat(s.checker().check()).isEmpty();

        // the checkout ends but neither the order nor the coupon is released
        db.exec("update payment set status = 'cancelled', failure_reason = 'checkout_expired' where payment_id = $1", payment);
        assertThat(s.checker().check())
                .contains("RESERVATION_ENDS redemption " + coupon + "/" + payment + ": reserved but its payment is cancelled")
                .contains("RESERVATION_ENDS order " + order + ": payment_in_progress but held by " + payment + " (cancelled)");
    }

    @Test
    void somethingStuckAfterReconciliation() {
        Scope s = scope();
        String order = createOrder(s.customer(), usdOrder("41.00"));
        String coupon = grantCoupon(s.customer(), cashCoupon("5.00", "USD"));
        String payment = startOnline(s.customer(), List.of(order), List.of(coupon)).getString("payment_id");
        // an open checkout is fine at any moment ...
        assertThat(s.checker().check()).isEmpty();
        // ... but not once reconciliation and expiry have run past its deadline
        assertThat(s.checker().checkSettled())
                .contains("NOTHING_STUCK payment " + payment + ": still requires_action after reconciliation and expiry")
                .contains("NOTHING_STUCK order " + order + ": still payment_in_progress after reconciliation and expiry")
                .contains("NOTHING_STUCK coupon " + coupon + ": still reserved after reconciliation and expiry");

        // planted: a coupon marked reserved with no checkout holding it
        String other = grantCoupon(s.customer(), cashCoupon("7.00", "USD"));
        db.exec("update coupon set status = 'reserved' where coupon_id = $1", other);
        assertThat(s.checker().check()).containsExactly(
                "COUPON_BALANCE coupon " + other + ": status reserved but 0 reserved redemptions");
    }

    @Test
    void aBillPaidWithoutACharge() {
        Scope s = scope();
        String bill = "BILLPLANTED" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(s.checker().check()).isEmpty();

        db.exec("insert into bill (bill_id, customer_id, currency, billing_month, total, status, issued_at, due_date, paid_at, "
                + "charge_after, updated_at) values ($1, $2, 'USD', '2026-10', 4200, 'paid', now(), current_date, now(), now(), now())",
                bill, s.customer());
        assertThat(s.checker().check()).containsExactlyInAnyOrder(
                "BILL_CHARGED_ONCE bill " + bill + ": total 4200 != sum of its items 0",
                "BILL_CHARGED_ONCE bill " + bill + ": paid but the gateway captured nothing for it");
    }

    @Test
    void aWebhookEventAppliedTwice() {
        Scope s = scope();
        String order = createOrder(s.customer(), usdOrder("16.00"));
        String paid = paidOnline(s.customer(), List.of(order), List.of());
        String sql = "select event_id from webhook_event where payment_id = $1 and type = 'payment_intent.succeeded'";
        await().atMost(Duration.ofSeconds(20)).until(() -> db.string(sql, paid) != null);
        String event = db.string(sql, paid);
        assertThat(s.checker().check()).isEmpty();

        // the de-duplication record is lost, and the gateway delivers the event again
        db.exec("delete from webhook_event where event_id = $1", event);
        given().post("/sandbox/control/webhooks/" + event + "/redeliver").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/sandbox/control/webhooks/" + event)
                .then().body("attempts", is(2)).body("state", is("delivered")));
        assertThat(s.checker().check()).anySatisfy(v -> assertThat(v)
                .startsWith("WEBHOOK_APPLIED_ONCE event " + event + " (payment_intent.succeeded, ").endsWith("applied 2 times"));
    }
}
