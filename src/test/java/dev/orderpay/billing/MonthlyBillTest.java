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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Monthly settlement bills (contract §8) with the billing zone Asia/Tokyo and the
 * adjustable clock: month boundaries, issue on the 3rd, one bill and one charge per
 * customer, currency and month, overdue and the daily retry.
 */
@QuarkusTest
@TestProfile(TokyoBillingProfile.class)
class MonthlyBillTest {


    @Inject
    Db db;

    @AfterEach
    void resetClock() {
        TestClock.reset();
        given().post("/sandbox/control/webhooks/release").then().statusCode(200);
    }


    private static void runJob(String job) {
        asAdmin().post("/v1/admin/jobs/" + job).then().statusCode(200);
    }

    private Set<String> succeededPaymentIntentEvents() {
        List<Map<String, Object>> events = given().get("/sandbox/control/webhooks").then().statusCode(200)
                .extract().jsonPath().getList("events");
        Set<String> out = new HashSet<>();
        for (Map<String, Object> e : events) {
            if ("payment_intent.succeeded".equals(e.get("type"))) {
                out.add((String) e.get("object_id"));
            }
        }
        return out;
    }

    @Test
    void paymentsLandInTheBillingZonesMonth() {
        String c = customerWithCard();
        String lateNovember = payAt(c, tokyo("2026-11-30T23:30:00"), "USD", "10.00");
        String earlyDecember = payAt(c, tokyo("2026-12-01T00:30:00"), "USD", "20.00"); // still 30 Nov in UTC
        assertThat(db.string("select billing_month from bill_item where order_id = $1", lateNovember)).isEqualTo("2026-11");
        assertThat(db.string("select billing_month from bill_item where order_id = $1", earlyDecember)).isEqualTo("2026-12");
        asCustomer(c).get("/v1/bills?month=2026-12").then().statusCode(200)
                .body("bills", hasSize(1)).body("bills[0].status", is("open")).body("bills[0].total", is("20.00"))
                .body("bills[0].items[0].order_id", is(earlyDecember));
    }

    @Test
    void decemberIsBilledOnTheThirdOfJanuary() {
        String c = customerWithCard();
        String order = payAt(c, tokyo("2026-12-31T23:30:00"), "USD", "99.99");
        TestClock.set(tokyo("2027-01-02T23:59:00"));
        runJob("generate-bills");
        assertThat(db.count("select count(*) from bill where customer_id = $1", c)).isZero();
        TestClock.set(tokyo("2027-01-03T00:00:00"));
        runJob("generate-bills");
        String billId = db.string("select bill_id from bill where customer_id = $1", c);
        asCustomer(c).get("/v1/bills/" + billId).then().statusCode(200)
                .body("month", is("2026-12")).body("currency", is("USD")).body("total", is("99.99"))
                .body("status", is("paid")).body("due_date", is("2027-01-03"))
                .body("items[0].order_id", is(order)).body("items[0].amount", is("99.99"));
        asCustomer(newCustomer()).get("/v1/bills/" + billId).then().statusCode(404).body("error_code", is("BILL_NOT_FOUND"));
    }

    @Test
    void februaryOfALeapYearIsOneMonth() {
        String c = customerWithCard();
        payAt(c, tokyo("2028-02-01T00:30:00"), "USD", "1.00");
        payAt(c, tokyo("2028-02-29T23:30:00"), "USD", "2.00");
        payAt(c, tokyo("2028-03-01T00:10:00"), "USD", "4.00");
        TestClock.set(tokyo("2028-03-03T00:00:01"));
        runJob("generate-bills");
        asCustomer(c).get("/v1/bills?month=2028-02").then().statusCode(200)
                .body("bills", hasSize(1)).body("bills[0].total", is("3.00")).body("bills[0].items", hasSize(2))
                .body("bills[0].status", is("paid"));
        asCustomer(c).get("/v1/bills?month=2028-03").then().body("bills[0].status", is("open"))
                .body("bills[0].total", is("4.00"));
    }

    @Test
    void runningTheJobTwiceOrConcurrentlyMakesOneBillAndOneCharge() {
        String c = customerWithCard();
        payAt(c, tokyo("2027-03-10T12:00:00"), "USD", "50.00");
        Set<String> before = succeededPaymentIntentEvents();
        TestClock.set(tokyo("2027-04-03T01:00:00"));
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> runJob("generate-bills"));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> runJob("generate-bills"));
        CompletableFuture.allOf(a, b).join();
        runJob("generate-bills");
        assertThat(db.count("select count(*) from bill where customer_id = $1", c)).isEqualTo(1);
        assertThat(db.string("select status from bill where customer_id = $1", c)).isEqualTo("paid");
        assertThat(db.count("select attempts from bill where customer_id = $1", c)).isEqualTo(1);
        String pi = db.string("select payment_intent_id from bill where customer_id = $1", c);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(succeededPaymentIntentEvents()).contains(pi));
        Set<String> after = new HashSet<>(succeededPaymentIntentEvents());
        after.removeAll(before);
        assertThat(after).containsExactly(pi);
    }

    @Test
    void aFailedDeductionIsOverdueAndTheDailyRetryPaysItOnce() {
        String c = customerWithCard();
        String gatewayCustomer = "cus_" + c.replace("-", "");
        payAt(c, tokyo("2027-05-20T10:00:00"), "USD", "70.00");
        given().post("/sandbox/control/customers/" + gatewayCustomer + "/fail-charges?enabled=true").then().statusCode(200);
        TestClock.set(tokyo("2027-06-03T00:05:00"));
        runJob("generate-bills");
        String billId = db.string("select bill_id from bill where customer_id = $1", c);
        asCustomer(c).get("/v1/bills/" + billId).then().body("status", is("overdue"));
        assertThat(db.string("select last_error from bill where bill_id = $1", billId)).isNotBlank();
        // the card is fixed; the retry waits for 03:00 in the billing zone
        given().post("/sandbox/control/customers/" + gatewayCustomer + "/fail-charges?enabled=false").then().statusCode(200);
        TestClock.set(tokyo("2027-06-03T02:59:00"));
        runJob("retry-bills");
        asCustomer(c).get("/v1/bills/" + billId).then().body("status", is("overdue"));
        Set<String> before = succeededPaymentIntentEvents();
        TestClock.set(tokyo("2027-06-03T03:00:30"));
        runJob("retry-bills");
        runJob("retry-bills");
        asCustomer(c).get("/v1/bills/" + billId).then().body("status", is("paid")).body("paid_at", notNullValue());
        String pi = db.string("select payment_intent_id from bill where bill_id = $1", billId);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(succeededPaymentIntentEvents()).contains(pi));
        Set<String> after = new HashSet<>(succeededPaymentIntentEvents());
        after.removeAll(before);
        assertThat(after).containsExactly(pi);
    }

    @Test
    void aMonthThatCostNothingIsPaidWithoutACharge() {
        String c = customerWithCard();
        String coupon = grantCoupon(c, cashCoupon("30.00", "USD"));
        TestClock.set(tokyo("2027-09-10T10:00:00"));
        String order = createOrder(c, order("hws.service.type.ec2", "renewal", "USD", "30.00"));
        Map<String, Object> body = payment(List.of(order), "monthly_settlement");
        body.put("coupon_ids", List.of(coupon));
        pay(c, body).statusCode(201).body("total_payable", is("0.00"));
        TestClock.set(tokyo("2027-10-03T00:10:00"));
        runJob("generate-bills");
        assertThat(db.string("select status || '/' || total || '/' || attempts from bill where customer_id = $1", c))
                .isEqualTo("paid/0/1");
        assertThat(db.string("select payment_intent_id from bill where customer_id = $1", c)).isNull();
    }

    @Test
    void noPaymentsNoBillAndOneBillPerCurrency() {
        String idle = customerWithCard();
        String both = customerWithCard();
        payAt(both, tokyo("2027-07-05T09:00:00"), "USD", "5.00");
        payAt(both, tokyo("2027-07-06T09:00:00"), "CNY", "36.00");
        payAt(both, tokyo("2027-07-07T09:00:00"), "USD", "6.00");
        TestClock.set(tokyo("2027-08-03T00:30:00"));
        runJob("generate-bills");
        assertThat(db.count("select count(*) from bill where customer_id = $1", idle)).isZero();
        asCustomer(idle).get("/v1/bills?month=2027-07").then().body("bills", empty());
        List<String> totals = new ArrayList<>(asCustomer(both).get("/v1/bills?month=2027-07").then().statusCode(200)
                .body("bills", hasSize(2)).extract().jsonPath().getList("bills.total", String.class));
        assertThat(totals).containsExactlyInAnyOrder("11.00", "36.00");
        asCustomer(both).get("/v1/bills?month=2027-7").then().statusCode(400).body("error_code", is("VALIDATION_FAILED"));
    }
}
