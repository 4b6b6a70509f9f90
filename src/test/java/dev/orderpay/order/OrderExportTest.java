package dev.orderpay.order;

import static dev.orderpay.support.Api.asCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orderpay.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/orders/unpaid/export} (issue #14 item 10) and {@code GET /v1/account}. */
@QuarkusTest
class OrderExportTest {

    private static Map<String, Object> order(String id, String serviceType, String currency, String price) {
        Map<String, Object> o = new LinkedHashMap<>(Api.order(serviceType, "renewal", currency, price));
        o.put("order_id", id);
        return o;
    }

    private static List<CSVRecord> csv(String body) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(body))
                .getRecords();
    }

    @Test
    void exportsEveryMatchOfTheFiltersAsCsv() throws IOException {
        String c = Api.newCustomer();
        String p = "EXP" + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();
        Api.createOrders(c, false, List.of(order(p + "-1", "hws.service.type.obs", "USD", "23.00"),
                order(p + "-2", "hws.service.type.obs", "JPY", "500"),
                order(p + "-3", "hws.service.type.ec2", "USD", "58.40")));
        var res = asCustomer(c).accept("text/csv").queryParam("service_type", "hws.service.type.obs").queryParam("sort", "created_at")
                .get("/v1/orders/unpaid/export").then().statusCode(200)
                .header("Content-Disposition", equalTo("attachment; filename=\"unpaid-orders.csv\""))
                .header("X-Total-Count", equalTo("2")).extract();
        assertThat(res.contentType()).startsWith("text/csv").contains("UTF-8");
        List<CSVRecord> rows = csv(res.asString());
        assertThat(rows).extracting(r -> r.get("order_id")).containsExactlyInAnyOrder(p + "-1", p + "-2");
        Map<String, String> amounts = new LinkedHashMap<>();
        rows.forEach(r -> amounts.put(r.get("order_id"), r.get("amount") + " " + r.get("currency")));
        assertThat(amounts).containsEntry(p + "-1", "23.00 USD").containsEntry(p + "-2", "500 JPY");
        assertThat(rows.get(0).get("service_type_name")).isEqualTo("Object Storage Service");
        assertThat(rows.get(0).get("status")).isEqualTo("pending_payment");
        assertThat(rows.get(0).get("line_items")).isEqualTo("1 x s6.large.2 | 2 vCPUs | 4 GiB, 1 month");
        assertThat(rows.get(0).get("expires_at")).endsWith("Z");
    }

    @Test
    void exportsExactlyTheSelectedOrdersAndOnlyTheCallers() throws IOException {
        String c = Api.newCustomer();
        String other = Api.newCustomer();
        List<String> mine = Api.createOrders(c, false, List.of(Api.usdOrder("1.00"), Api.usdOrder("2.00"), Api.usdOrder("3.00")));
        String theirs = Api.createOrder(other, Api.usdOrder("9.00"));
        String body = asCustomer(c).accept("text/csv").queryParam("selected", mine.get(0)).queryParam("selected", mine.get(2))
                .get("/v1/orders/unpaid/export").then().statusCode(200).extract().asString();
        assertThat(csv(body)).extracting(r -> r.get("order_id")).containsExactlyInAnyOrder(mine.get(0), mine.get(2));

        asCustomer(c).accept("text/csv").queryParam("selected", mine.get(1) + "," + theirs)
                .get("/v1/orders/unpaid/export").then().statusCode(404).body("error_code", equalTo("ORDER_NOT_FOUND"));
        // the filters return only the caller's orders
        String all = asCustomer(c).accept("text/csv").get("/v1/orders/unpaid/export").then().statusCode(200).extract().asString();
        assertThat(csv(all)).extracting(r -> r.get("order_id")).containsExactlyInAnyOrderElementsOf(mine);
    }

    @Test
    void badExportRequestsAreProblems() {
        String c = Api.newCustomer();
        asCustomer(c).accept("text/csv").queryParam("limit", "5").get("/v1/orders/unpaid/export").then().statusCode(400)
                .body("error_code", equalTo("VALIDATION_FAILED")).body("violations[0].field", equalTo("limit"));
        asCustomer(c).accept("text/csv").queryParam("format", "xml").get("/v1/orders/unpaid/export").then().statusCode(400)
                .body("error_code", equalTo("VALIDATION_FAILED"));
        asCustomer(c).accept("text/csv").queryParam("selected", "A1").queryParam("status", "pending_payment")
                .get("/v1/orders/unpaid/export").then().statusCode(400).body("violations[0].field", equalTo("status"));
        asCustomer(c).accept("text/csv").queryParam("order_type", "gift").get("/v1/orders/unpaid/export").then().statusCode(400)
                .body("error_code", equalTo("VALIDATION_FAILED"));
        RestAssured.given().accept("text/csv").get("/v1/orders/unpaid/export").then().statusCode(401)
                .body("error_code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void accountShowsTheCallersOwnSettings() {
        String c = Api.newCustomer();
        asCustomer(c).get("/v1/account").then().statusCode(200).body("customer_id", equalTo(c))
                .body("monthly_settlement_enabled", equalTo(false));
        Api.putCustomer(c, true);
        asCustomer(c).get("/v1/account").then().statusCode(200).body("customer_id", equalTo(c))
                .body("name", equalTo("Test " + c)).body("email", equalTo(c + "@example.com"))
                .body("monthly_settlement_enabled", equalTo(true)).body("$", Matchers.not(
                        Matchers.hasKey("gateway_customer_id")));
        Api.asAdmin().get("/v1/account").then().statusCode(403).body("error_code", equalTo("FORBIDDEN"));
    }
}
