package dev.orderpay.platform.ops;

import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderpay.gateway.GatewayBreaker;
import dev.orderpay.payment.PaymentMetrics;
import dev.orderpay.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Contract §11: health, Prometheus metrics, the OpenAPI document and Swagger UI. */
@QuarkusTest
class OperationsTest {

    @Inject
    Db db;

    @Inject
    PaymentMetrics paymentMetrics;

    @Inject
    GatewayBreaker breaker;

    @Test
    void livenessAndReadinessWithARealDatabaseQuery() {
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status", is("UP"))
                .body("checks.find { it.name == 'Database connections health check' }.status", is("UP"))
                .body("checks.find { it.name == 'payment-gateway' }.data.breaker", is(breaker.breakerState()));
    }

    @Test
    void paymentsByStatusAndMethodAndRequestLatencyArePrometheusMetrics() {
        String c = newCustomer();
        putCustomer(c, true);
        String id = createOrder(c, usdOrder("3.00"));
        pay(c, payment(List.of(id), "monthly_settlement")).statusCode(201);
        asCustomer(c).body(Map.of()).post("/search-unpaid-orders").then().statusCode(200);

        paymentMetrics.refresh().await().indefinitely();
        long succeeded = db.count("select count(*) from payment where status = 'succeeded' and method = 'monthly_settlement'");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(gauge(metrics, "orderpay_payments\\{method=\"monthly_settlement\",status=\"succeeded\"}"))
                .isEqualTo(succeeded).isPositive();
        // other test classes share the database and may have refunded online payments (issue #10 item 8)
        assertThat(gauge(metrics, "orderpay_payments\\{method=\"online\",status=\"refunded\"}"))
                .isEqualTo(db.count("select count(*) from payment where status = 'refunded' and method = 'online'"));
        assertThat(metrics).contains("http_server_requests_seconds_bucket{").contains("uri=\"/v1/payments\"")
                .contains("uri=\"/search-unpaid-orders\"");
        String state = breaker.breakerState();
        for (String s : List.of("closed", "open", "half_open")) {
            assertThat(gauge(metrics, "orderpay_gateway_breaker_state\\{state=\"" + s + "\"}"))
                    .as(s).isEqualTo(s.equals(state) ? 1 : 0);
        }
    }

    private static long gauge(String metrics, String seriesRegex) {
        Matcher m = Pattern.compile("(?m)^" + seriesRegex + " ([0-9.E]+)$").matcher(metrics);
        assertThat(m.find()).as("series " + seriesRegex).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void openApiDocumentsEveryOperationItsErrorsAndFields() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString());
        JsonNode paths = doc.path("paths");
        for (String function : List.of("/search-unpaid-orders", "/pay-order", "/combine-payments", "/quote-payment")) {
            assertThat(paths.has(function)).as(function).isTrue();
        }
        paths.fieldNames().forEachRemaining(p -> assertThat(p).doesNotStartWith("/sandbox"));

        List<String> undocumented = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String key = op.getKey().toUpperCase() + " " + path.getKey();
            JsonNode responses = op.getValue().path("responses");
            if (!responses.path("500").path("content").has("application/problem+json")) {
                undocumented.add(key + " 500");
            }
            if (op.getValue().has("security") && !responses.path("401").path("content").has("application/problem+json")) {
                undocumented.add(key + " 401");
            }
            if (op.getValue().has("security") && !responses.path("403").path("description").asText().contains("FORBIDDEN")) {
                undocumented.add(key + " 403");
            }
        }));
        assertThat(undocumented).isEmpty();

        JsonNode pay = paths.path("/v1/payments").path("post").path("responses");
        assertThat(pay.has("201")).isTrue();
        assertThat(pay.has("200")).isFalse();
        assertThat(pay.path("422").path("description").asText()).contains("COMBINED_PURCHASE_INCOMPLETE", "CURRENCY_MISMATCH");
        assertThat(pay.path("409").path("description").asText()).contains("TOTAL_CHANGED", "ORDERS_PENDING_APPROVAL");
        assertThat(pay.path("503").path("headers").has("Retry-After")).isTrue();
        assertThat(paths.path("/pay-order").path("post").path("responses").path("404").path("description").asText())
                .contains("ORDER_NOT_FOUND");
        List<String> searchParams = new ArrayList<>();
        paths.path("/v1/orders/unpaid").path("get").path("parameters").forEach(p -> searchParams.add(p.path("name").asText()));
        assertThat(searchParams).contains("order_id", "service_type", "order_type", "status", "sort", "limit", "page_token");

        JsonNode schemas = doc.path("components").path("schemas");
        assertThat(schemas.path("PaymentView").path("properties").has("total_payable")).as("snake_case fields").isTrue();
        assertThat(schemas.path("Problem").path("properties").has("error_code")).isTrue();
        List<String> undescribed = new ArrayList<>();
        schemas.fields().forEachRemaining(s -> s.getValue().path("properties").fields().forEachRemaining(f -> {
            if (!f.getValue().has("description")) {
                undescribed.add(s.getKey() + "." + f.getKey());
            }
        }));
        assertThat(undescribed).as("fields without a description (add them to platform.openapi.FieldGlossary)").isEmpty();
    }

    @Test
    void swaggerUiIsServedOutsideProd() {
        given().get("/q/swagger-ui/").then().statusCode(200).contentType(containsString("text/html"));
    }
}
