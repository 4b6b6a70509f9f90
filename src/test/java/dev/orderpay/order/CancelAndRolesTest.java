package dev.orderpay.order;

import static dev.orderpay.support.Api.*;
import static dev.orderpay.support.Lifecycle.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import dev.orderpay.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Customer cancel (contract §4.2) and the role rules of §3 on the lifecycle endpoints. */
@QuarkusTest
class CancelAndRolesTest {

    @Inject
    Db db;

    private List<String> statuses(List<String> ids) {
        return ids.stream().map(id -> db.string("select status from customer_order where order_id = $1", id)).toList();
    }

    @Test
    void cancellingOneOrderOfACombinedPurchaseCancelsAll() {
        String c = newCustomer();
        List<String> group = createOrders(c, true, List.of(usdOrder("1.00"), usdOrder("2.00"), usdOrder("3.00")));
        String alone = createOrder(c, usdOrder("4.00"));
        asCustomer(c).post("/v1/orders/" + group.get(1) + "/cancel").then().statusCode(200)
                .body("orders.order_id", containsInAnyOrder(group.toArray()))
                .body("orders.status", everyItem(is("cancelled")));
        assertThat(statuses(group)).containsOnly("cancelled");
        assertThat(statuses(List.of(alone))).containsOnly("pending_payment");
        asCustomer(c).get("/v1/orders/unpaid").then().body("orders.order_id", contains(alone));
        asCustomer(c).post("/v1/orders/" + group.get(0) + "/cancel").then().statusCode(409)
                .body("error_code", is("ORDER_NOT_CANCELLABLE"));
    }

    @Test
    void cancellingAnotherCustomersOrderIsNotFound() {
        String owner = newCustomer();
        String id = createOrder(owner, usdOrder("1.00"));
        asCustomer(newCustomer()).post("/v1/orders/" + id + "/cancel").then().statusCode(404)
                .body("error_code", is("ORDER_NOT_FOUND"));
        asCustomer(newCustomer()).post("/v1/orders/NO-SUCH-ORDER/cancel").then().statusCode(404)
                .body("error_code", is("ORDER_NOT_FOUND"));
        assertThat(statuses(List.of(id))).containsOnly("pending_payment");
    }

    @Test
    void cancelIsRefusedWhileACheckoutHoldsAnOrderOfThePurchase() {
        String c = newCustomer();
        List<String> group = createOrders(c, true, List.of(usdOrder("1.00"), usdOrder("2.00")));
        // the online checkout sets this (gateway flow); simulated here
        db.exec("update customer_order set status = 'payment_in_progress' where order_id = $1", group.get(0));
        asCustomer(c).post("/v1/orders/" + group.get(1) + "/cancel").then().statusCode(409)
                .body("error_code", is("ORDER_NOT_CANCELLABLE"));
        assertThat(statuses(group)).containsExactly("payment_in_progress", "pending_payment");
    }

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(token("someone", role)).contentType(ContentType.JSON);
    }

    @Test
    void aCustomerTokenCannotApproveCreateOrdersMoveTheClockOrRunJobs() {
        String c = newCustomer();
        Map<String, Object> o = usdOrder("1.00");
        o.put("requires_approval", true);
        String id = createOrder(c, o);
        Map<String, Object> createBody = Map.of("customer_id", c, "orders", List.of(usdOrder("1.00")));
        Map<String, Supplier<Response>> calls = Map.of(
                "approve", () -> asCustomer(c).post("/v1/orders/" + id + "/approve"),
                "reject", () -> asCustomer(c).post("/v1/orders/" + id + "/reject"),
                "create orders", () -> asCustomer(c).body(createBody).post("/v1/admin/orders"),
                "set clock", () -> asCustomer(c).body(Map.of("now", "2030-01-01T00:00:00Z")).put("/v1/admin/clock"),
                "run job", () -> asCustomer(c).post("/v1/admin/jobs/expire-orders"),
                "list jobs", () -> asCustomer(c).get("/v1/admin/jobs"),
                "outbox", () -> asCustomer(c).get("/v1/admin/notifications"));
        calls.forEach((what, call) -> call.get().then().statusCode(403)
                .contentType("application/problem+json").body("error_code", is("FORBIDDEN")));
        assertThat(statuses(List.of(id))).containsOnly("pending_approval");
        assertThat(db.count("select count(*) from customer_order where customer_id = $1", c)).isEqualTo(1);
        // other roles are confined too
        as("order-service").post("/v1/orders/" + id + "/approve").then().statusCode(403);
        as("admin").post("/v1/orders/" + id + "/approve").then().statusCode(403);
        as("approver").post("/v1/admin/jobs/expire-orders").then().statusCode(403);
        as("approver").get("/v1/orders/unpaid").then().statusCode(403);
        as("approver").post("/v1/orders/" + id + "/cancel").then().statusCode(403);
        assertThat(statuses(List.of(id))).containsOnly("pending_approval");
    }

    @Test
    void noTokenIsUnauthenticated() {
        for (String path : List.of("/v1/orders/X/approve", "/v1/orders/X/reject", "/v1/orders/X/cancel",
                "/v1/admin/jobs/expire-orders", "/v1/admin/orders")) {
            given().contentType(ContentType.JSON).body("{}").post(path).then().statusCode(401)
                    .body("error_code", is("UNAUTHENTICATED"));
        }
        given().contentType(ContentType.JSON).body(Map.of("now", "2030-01-01T00:00:00Z")).put("/v1/admin/clock")
                .then().statusCode(401);
        given().get("/v1/admin/notifications").then().statusCode(401);
        given().auth().oauth2("not-a-jwt").post("/v1/orders/X/approve").then().statusCode(401);
    }

    @Test
    void jobsAreListedAndAnUnknownJobIsNotFound() {
        asAdmin().get("/v1/admin/jobs").then().statusCode(200)
                .body("jobs.name", containsInAnyOrder("expire-orders", "send-notifications", "reconcile-payments",
                        "generate-bills", "retry-bills", "purge-expired-records"))
                .body("jobs.schedule", everyItem(nullValue())); // scheduling is off in the test profile
        asAdmin().post("/v1/admin/jobs/no-such-job").then().statusCode(404)
                .contentType("application/problem+json").body("error_code", is("JOB_NOT_FOUND"));
        runJob("expire-orders").body("job", is("expire-orders")).body("counts.expired", greaterThanOrEqualTo(0))
                .body("started_at", notNullValue()).body("finished_at", notNullValue());
        for (String job : List.of("reconcile-payments", "generate-bills", "retry-bills")) {
            runJob(job).body("job", is(job)).body("counts", notNullValue());
        }
    }
}
