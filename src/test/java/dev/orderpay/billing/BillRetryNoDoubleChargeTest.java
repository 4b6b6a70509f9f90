package dev.orderpay.billing;

import static dev.orderpay.billing.TokyoBillingProfile.*;
import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

import dev.orderpay.support.Db;
import dev.orderpay.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #10 item 6, bill retries must not charge twice: a monthly-bill deduction that comes back
 * {@code processing} (sandbox saved card {@code pm_sandbox_processing}) and later succeeds pays the
 * bill once: the daily retry makes no second charge, and the bill's PaymentIntent webhook marks it paid.
 */
@QuarkusTest
@TestProfile(TokyoBillingProfile.class)
class BillRetryNoDoubleChargeTest {


    @Inject
    Db db;

    @AfterEach
    void resetClock() {
        TestClock.reset();
        given().post("/sandbox/control/webhooks/release").then().statusCode(200);
    }

    private record Billed(String customer, String gatewayCustomer, String billId, String firstIntent) {
    }

    /** A bill of May 2028 (or the given month) whose first deduction is left processing at the gateway. */
    private Billed billWithProcessingDeduction(String paidAt, String issueAt) {
        String c = newCustomer();
        String gatewayCustomer = "cus_" + c.replace("-", "");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Bill Retry");
        body.put("email", c + "@example.com");
        body.put("monthly_settlement_enabled", true);
        body.put("gateway_customer_id", gatewayCustomer);
        body.put("default_payment_method", "pm_sandbox_processing");
        asAdmin().body(body).put("/v1/admin/customers/" + c).then().statusCode(200);
        TestClock.set(tokyo(paidAt));
        String order = createOrder(c, order("hws.service.type.ec2", "renewal", "USD", "70.00"));
        pay(c, payment(List.of(order), "monthly_settlement")).statusCode(201);
        TestClock.set(tokyo(issueAt));
        asAdmin().post("/v1/admin/jobs/generate-bills").then().statusCode(200);
        String billId = db.string("select bill_id from bill where customer_id = $1", c);
        asCustomer(c).get("/v1/bills/" + billId).then().body("status", not(is("paid")));
        List<String> intents = intentsOf(gatewayCustomer);
        assertThat(intents).hasSize(1);
        assertThat(given().auth().oauth2("sk_test_sandbox").get("/sandbox/stripe/v1/payment_intents/" + intents.get(0))
                .then().extract().jsonPath().getString("status")).isEqualTo("processing");
        return new Billed(c, gatewayCustomer, billId, intents.get(0));
    }

    private static List<String> intentsOf(String gatewayCustomer) {
        return given().get("/sandbox/control/customers/" + gatewayCustomer + "/payment_intents").then().statusCode(200)
                .extract().jsonPath().getList("", String.class);
    }

    private static void finish(String paymentIntentId) {
        given().post("/sandbox/control/payment_intents/" + paymentIntentId + "/finish?succeed=true").then().statusCode(200);
    }

    @Test
    void aProcessingDeductionThatSucceedsIsNotChargedAgainByTheRetry() {
        given().post("/sandbox/control/webhooks/pause").then().statusCode(200);
        Billed b = billWithProcessingDeduction("2028-05-20T10:00:00", "2028-06-03T00:05:00");
        // the retry while the first charge is still processing: wait for it, no new charge
        TestClock.set(tokyo("2028-06-04T03:00:30"));
        asAdmin().post("/v1/admin/jobs/retry-bills").then().statusCode(200);
        assertThat(intentsOf(b.gatewayCustomer())).containsExactly(b.firstIntent());
        // the first charge succeeds (its webhook is held back): the next retry finds it and charges nothing
        finish(b.firstIntent());
        TestClock.set(tokyo("2028-06-05T03:00:30"));
        asAdmin().post("/v1/admin/jobs/retry-bills").then().statusCode(200);
        asCustomer(b.customer()).get("/v1/bills/" + b.billId()).then().body("status", is("paid")).body("paid_at", notNullValue());
        assertThat(intentsOf(b.gatewayCustomer())).containsExactly(b.firstIntent());
        assertThat(db.string("select payment_intent_id from bill where bill_id = $1", b.billId())).isEqualTo(b.firstIntent());
        // later retries leave a paid bill alone
        TestClock.set(tokyo("2028-06-06T03:00:30"));
        asAdmin().post("/v1/admin/jobs/retry-bills").then().statusCode(200);
        assertThat(intentsOf(b.gatewayCustomer())).containsExactly(b.firstIntent());
    }

    @Test
    void theBillsPaymentIntentWebhookMarksItPaidOnce() {
        Billed b = billWithProcessingDeduction("2028-08-20T10:00:00", "2028-09-03T00:05:00");
        finish(b.firstIntent());
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                asCustomer(b.customer()).get("/v1/bills/" + b.billId()).then().body("status", is("paid")));
        TestClock.set(tokyo("2028-09-04T03:00:30"));
        asAdmin().post("/v1/admin/jobs/retry-bills").then().statusCode(200);
        assertThat(intentsOf(b.gatewayCustomer())).containsExactly(b.firstIntent());
        assertThat(db.string("select status || '/' || payment_intent_id from bill where bill_id = $1", b.billId()))
                .isEqualTo("paid/" + b.firstIntent());
    }
}
