package dev.orderpay.function;

import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A function deployment (contract §10): with {@code quarkus.funqy.export=pay-order} only that
 * function is served; the other functions and the REST API answer 404, health stays.
 */
@QuarkusTest
@TestProfile(FunctionExportTest.PayOrderOnly.class)
class FunctionExportTest {

    /** What {@code QUARKUS_FUNQY_EXPORT=pay-order} does on a function platform. */
    public static class PayOrderOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "pay-order");
        }
    }

    @Test
    void onlyTheExportedFunctionIsServed() {
        String c = newCustomer();
        // the exported function works as usual: no token is 401, an unknown order 404 ORDER_NOT_FOUND
        given().contentType("application/json").body(Map.of()).post("/pay-order").then().statusCode(401)
                .body("error_code", is("UNAUTHENTICATED"));
        asCustomer(c).body(Map.of("order_id", "CS2611301200KQWPA", "method", "monthly_settlement", "idempotency_key", "k1"))
                .post("/pay-order").then().statusCode(404).body("error_code", is("ORDER_NOT_FOUND"));

        for (String other : List.of("search-unpaid-orders", "combine-payments", "quote-payment")) {
            asCustomer(c).body(Map.of()).post("/" + other).then().statusCode(404)
                    .contentType("application/problem+json").body("error_code", is("NOT_FOUND"));
        }
        asCustomer(c).get("/v1/orders/unpaid").then().statusCode(404).body("error_code", is("NOT_FOUND"));
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }
}
