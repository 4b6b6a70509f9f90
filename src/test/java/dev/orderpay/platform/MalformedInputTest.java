package dev.orderpay.platform;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * Issue #10, defect 3: NUL or other control characters in a path or query value reached
 * PostgreSQL and answered 500, and a non-numeric {@code limit} on the notification listing
 * answered 404. Every such request is now 400 {@code VALIDATION_FAILED} problem+json naming the
 * parameter (or {@code path}) in {@code violations}, before any query (contract §2, §9).
 */
@QuarkusTest
class MalformedInputTest {

    private static RequestSpecification raw(RequestSpecification spec) {
        return spec.urlEncodingEnabled(false);
    }

    private static void assertValidation(io.restassured.response.ValidatableResponse r, String field) {
        r.statusCode(400)
                .contentType("application/problem+json")
                .body("error_code", equalTo("VALIDATION_FAILED"))
                .body("violations.field", hasItem(field))
                .body(not(containsString("Exception")));
    }

    @Test
    void controlCharactersInPathsAre400BeforeAnyQuery() {
        String customer = newCustomer();
        for (String path : new String[] {"/v1/orders/%00", "/v1/orders/a%01b", "/v1/payments/%00",
                "/v1/bills/%1F", "/v1/orders/%7F", "/v1/orders/%C2%85"}) {
            assertValidation(raw(asCustomer(customer)).when().get(path).then(), "path");
        }
        assertValidation(raw(asCustomer(customer)).when().post("/v1/orders/%00/cancel").then(), "path");
        assertValidation(raw(asAdmin()).when().post("/v1/admin/notifications/%00/retry").then(), "path");
    }

    @Test
    void controlCharactersInQueryValuesNameTheParameter() {
        String customer = newCustomer();
        assertValidation(raw(asCustomer(customer)).when().get("/v1/orders/unpaid?order_id=%00").then(), "order_id");
        assertValidation(raw(asCustomer(customer)).when().get("/v1/orders/unpaid?service_type=ec2%0Ax").then(),
                "service_type");
        assertValidation(raw(asCustomer(customer)).when().get("/v1/payments?page_token=%00").then(), "page_token");
        assertValidation(raw(asCustomer(customer)).when().get("/v1/coupons?status=%00").then(), "status");
        assertValidation(raw(asAdmin()).when().get("/v1/admin/notifications?customer_id=%00").then(), "customer_id");
    }

    @Test
    void malformedPercentEscapesAre400() {
        String customer = newCustomer();
        // No HTTP client sends a malformed escape, so these go over a plain socket. The HTTP layer
        // (Quarkus's request-target check) refuses them before any route runs: 400 without a body
        // and never reaching a query (README, "Bad input").
        for (String target : new String[] {"/v1/orders/%zz", "/v1/orders/unpaid?order_id=%zz", "/v1/payments/%0"}) {
            assertThat(rawGet(target, token(customer, "customer"))).startsWith("HTTP/1.1 400")
                    .doesNotContain("Exception").doesNotContain("500");
        }
    }

    private static String rawGet(String target, String token) {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void nonNumericNotificationLimitIs400NamingLimit() {
        for (String limit : new String[] {"abc", "0", "101", "1.5", ""}) {
            assertValidation(asAdmin().queryParam("limit", limit).when().get("/v1/admin/notifications").then(), "limit");
        }
        asAdmin().queryParam("limit", "5").when().get("/v1/admin/notifications").then()
                .statusCode(200).body("notifications.size()", lessThanOrEqualTo(5));
    }

    @Test
    void unknownOrRepeatedQueryParametersOnListingsAreNamed() {
        String customer = newCustomer();
        assertValidation(asCustomer(customer).queryParam("colour", "red").when().get("/v1/discounts").then(), "colour");
        assertValidation(asCustomer(customer).queryParam("status", "all").queryParam("status", "used")
                .when().get("/v1/coupons").then(), "status");
        assertValidation(asAdmin().queryParam("lmit", "5").when().get("/v1/admin/notifications").then(), "lmit");
        assertValidation(asCustomer(customer).queryParam("status", "").when().get("/v1/discounts").then(), "status");
    }

    @Test
    void printableButInvalidIdentifiersInPathsAreNotFound() {
        String customer = newCustomer();
        raw(asCustomer(customer)).when().get("/v1/orders/no%20such%20order").then()
                .statusCode(404).contentType("application/problem+json").body("error_code", equalTo("ORDER_NOT_FOUND"));
        raw(asCustomer(customer)).when().get("/v1/payments/%E2%82%AC").then()
                .statusCode(404).contentType("application/problem+json").body("error_code", equalTo("PAYMENT_NOT_FOUND"));
    }
}
