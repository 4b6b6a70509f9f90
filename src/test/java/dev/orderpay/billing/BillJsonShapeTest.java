package dev.orderpay.billing;

import static dev.orderpay.billing.TokyoBillingProfile.*;
import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderpay.support.Db;
import dev.orderpay.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exact JSON of {@code GET /v1/bills} and {@code GET /v1/bills/{bill_id}} (contract §8), byte
 * for byte: field names and their order, nulls written out (an open bill has {@code bill_id},
 * {@code issued_at} and {@code paid_at} null), money as decimal strings, {@code due_date} a date,
 * times UTC RFC 3339. Written before the answers became typed records (issue #12 item 6), so
 * it proves they render as the maps did. Times are compared to the minute (the test clock keeps
 * running), their format exactly.
 */
@QuarkusTest
@TestProfile(TokyoBillingProfile.class)
class BillJsonShapeTest {

    /** An RFC 3339 UTC time as Jackson writes an Instant: seconds, optional fraction, Z. */
    static final String TIME = "\"(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}):\\d{2}(\\.\\d{1,9})?Z\"";

    @Inject
    Db db;

    @AfterEach
    void resetClock() {
        TestClock.reset();
        given().post("/sandbox/control/webhooks/release").then().statusCode(200);
    }

    /** Times cut to the minute: {@code "2029-01-15T01:00:07.123Z"} becomes {@code "2029-01-15T01:00~"}. */
    static String minutes(String json) {
        return json.replaceAll(TIME, "\"$1~\"");
    }


    private String paymentOf(String order) {
        return db.string("select payment_id from bill_item where order_id = $1", order);
    }

    @Test
    void billsRenderExactlyAsBefore() {
        String c = customerWithCard();
        String a = payAt(c, tokyo("2029-01-15T10:00:00"), "USD", "12.50");
        String b = payAt(c, tokyo("2029-01-20T10:00:00"), "USD", "0.05");
        TestClock.set(tokyo("2029-02-03T00:00:00"));
        asAdmin().post("/v1/admin/jobs/generate-bills").then().statusCode(200);
        String open = payAt(c, tokyo("2029-02-10T10:00:00"), "JPY", "1200");
        String billId = db.string("select bill_id from bill where customer_id = $1", c);

        String january = "{\"bill_id\":\"" + billId + "\",\"month\":\"2029-01\",\"currency\":\"USD\",\"total\":\"12.55\","
                + "\"status\":\"paid\",\"issued_at\":\"2029-02-02T15:00~\",\"due_date\":\"2029-02-03\","
                + "\"paid_at\":\"2029-02-02T15:00~\",\"items\":["
                + "{\"order_id\":\"" + a + "\",\"payment_id\":\"" + paymentOf(a) + "\",\"amount\":\"12.50\",\"paid_at\":\"2029-01-15T01:00~\"},"
                + "{\"order_id\":\"" + b + "\",\"payment_id\":\"" + paymentOf(b) + "\",\"amount\":\"0.05\",\"paid_at\":\"2029-01-20T01:00~\"}]}";
        String february = "{\"bill_id\":null,\"month\":\"2029-02\",\"currency\":\"JPY\",\"total\":\"1200\","
                + "\"status\":\"open\",\"issued_at\":null,\"due_date\":\"2029-03-03\",\"paid_at\":null,\"items\":["
                + "{\"order_id\":\"" + open + "\",\"payment_id\":\"" + paymentOf(open) + "\",\"amount\":\"1200\",\"paid_at\":\"2029-02-10T01:00~\"}]}";

        String one = asCustomer(c).get("/v1/bills/" + billId).then().statusCode(200).extract().asString();
        assertThat(minutes(one)).isEqualTo(january);
        String all = asCustomer(c).get("/v1/bills").then().statusCode(200).extract().asString();
        assertThat(minutes(all)).isEqualTo("{\"bills\":[" + january + "," + february + "]}");
        String month = asCustomer(c).get("/v1/bills?month=2029-02").then().statusCode(200).extract().asString();
        assertThat(minutes(month)).isEqualTo("{\"bills\":[" + february + "]}");
        String none = asCustomer(c).get("/v1/bills?month=2028-12").then().statusCode(200).extract().asString();
        assertThat(none).isEqualTo("{\"bills\":[]}");
    }
}
