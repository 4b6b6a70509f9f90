package dev.orderpay.order;

import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SmokeTest {

    @Test
    void serviceTypesAndOrders() {
        given().get("/v1/service-types").then().statusCode(200).body("service_types.size()", is(8));
        String c = newCustomer();
        String id = createOrder(c, usdOrder("120.00"));
        asCustomer(c).get("/v1/orders/" + id).then().statusCode(200).body("amount", is("120.00"));
        asCustomer(c).get("/v1/orders/unpaid").then().statusCode(200).body("total_count", is(1));
        asCustomer(newCustomer()).get("/v1/orders/" + id).then().statusCode(404).body("error_code", is("ORDER_NOT_FOUND"));
    }
}
