package dev.orderpay.platform;

import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue #10, defect 13: request bodies over 10 KiB were refused with 400 "Bad Request" (Quarkus
 * REST switches to a blocking stream above {@code quarkus.rest.input-buffer-size}, 10 KiB, which
 * an event-loop endpoint cannot read). Any body up to {@code quarkus.http.limits.max-body-size}
 * (1 MiB) works on every endpoint and function; a larger one is 413 {@code REQUEST_TOO_LARGE}
 * problem+json naming the limit.
 */
@QuarkusTest
class RequestBodySizeTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int LIMIT = 1024 * 1024;

    private static Map<String, Object> intake(String customer, int orders) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            list.add(usdOrder((10 + i) + ".00"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer_id", customer);
        body.put("combined", false);
        body.put("orders", list);
        return body;
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** {@code body} with {@code size - body.length()} spaces of JSON whitespace before its last brace. */
    private static String padded(String body, int size) {
        int cut = body.lastIndexOf('}');
        return body.substring(0, cut) + " ".repeat(Math.max(0, size - body.length())) + body.substring(cut);
    }

    @Test
    void intakesOf45And100OrdersOver10KiBAreAccepted() {
        for (int n : new int[] {45, 100}) {
            String c = newCustomer();
            String body = json(intake(c, n));
            assertThat(body.length()).as("intake of %d orders", n).isGreaterThan(10 * 1024);
            asOrderService().body(body).post("/v1/admin/orders").then()
                    .statusCode(201).body("orders", hasSize(n));
            asCustomer(c).get("/v1/orders/unpaid?limit=1").then().statusCode(200).body("total_count", is(n));
        }
    }

    @Test
    void bodiesUpToTheLimitWorkOnRestAndFunctions() {
        String c = newCustomer();
        putCustomer(c, true);
        List<String> ids = createOrders(c, false, List.of(usdOrder("10.00"), usdOrder("20.00")));
        Map<String, Object> quote = new LinkedHashMap<>();
        quote.put("order_ids", ids);
        String quoteBody = json(quote);

        // 12 KiB and just under 1 MiB of JSON whitespace: still one valid body
        for (int size : new int[] {12 * 1024, LIMIT - 64}) {
            asCustomer(c).body(padded(quoteBody, size)).post("/v1/payments/quote").then()
                    .statusCode(200).body("total_payable", is("30.00"));
            asCustomer(c).body(padded(quoteBody, size)).post("/quote-payment").then()
                    .statusCode(200).body("total_payable", is("30.00"));
            asCustomer(c).body(padded("{\"order_id\": \"" + ids.get(0).substring(0, 4) + "\"}", size))
                    .post("/search-unpaid-orders").then().statusCode(200).body("total_count", is(2));
        }

        Map<String, Object> pay = payment(List.of(ids.get(0)), "monthly_settlement");
        asCustomer(c).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(padded(json(pay), 20 * 1024)).post("/v1/payments").then()
                .statusCode(201).body("status", is("succeeded"));
        Map<String, Object> payOrder = new LinkedHashMap<>();
        payOrder.put("order_id", ids.get(1));
        payOrder.put("method", "monthly_settlement");
        payOrder.put("idempotency_key", UUID.randomUUID().toString());
        asCustomer(c).body(padded(json(payOrder), 20 * 1024)).post("/pay-order").then()
                .statusCode(201).body("status", is("succeeded"));

        // an endpoint reading its body as a string (optional reject reason) and the webhook (raw bytes)
        asAdmin().body(padded("{\"name\": \"Big\", \"email\": \"big@example.com\", \"phone\": \"+6580000000\", \"monthly_settlement_enabled\": true}", 16 * 1024))
                .put("/v1/admin/customers/" + c).then().statusCode(200);
    }

    @Test
    void bodiesOverTheLimitAre413ProblemsNamingTheLimit() {
        String c = newCustomer();
        String big = padded(json(intake(c, 1)), LIMIT + 100 * 1024);
        for (String path : List.of("/v1/admin/orders", "/v1/payments/quote", "/quote-payment", "/v1/gateway/webhooks")) {
            Response r = asOrderService().body(big).post(path);
            assertThat(r.statusCode()).as(path + ": " + r.asString()).isEqualTo(413);
            assertThat(r.contentType()).as(path).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("error_code")).as(path).isEqualTo("REQUEST_TOO_LARGE");
            assertThat(r.jsonPath().getInt("status")).isEqualTo(413);
            assertThat(r.jsonPath().getLong("max_body_bytes")).isEqualTo(LIMIT);
            assertThat(r.jsonPath().getString("detail")).contains("1048576 bytes");
        }
        // without Content-Length (chunked), the limit is found while reading
        Response chunked = given().auth().oauth2(token("ordering-system", "order-service"))
                .contentType(ContentType.JSON).body(new ByteArrayInputStream(big.getBytes()))
                .post("/v1/admin/orders");
        assertThat(chunked.statusCode()).as(chunked.asString()).isEqualTo(413);
        assertThat(chunked.contentType()).startsWith("application/problem+json");
        assertThat(chunked.jsonPath().getString("error_code")).isEqualTo("REQUEST_TOO_LARGE");
        asCustomer(c).get("/v1/orders/unpaid").then().statusCode(200).body("total_count", is(0));
    }
}
