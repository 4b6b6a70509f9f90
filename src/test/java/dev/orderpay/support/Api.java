package dev.orderpay.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Test helpers that talk to the service only through its HTTP API, with JWTs signed by
 * the development key (as the API gateway would forward them).
 */
public final class Api {

    private Api() {
    }

    /** An RS256 token with {@code sub} and {@code groups}. */
    public static String token(String sub, String... groups) {
        return Jwt.subject(sub).upn(sub).groups(Set.of(groups)).sign();
    }

    /** A request as customer {@code customerId}. */
    public static RequestSpecification asCustomer(String customerId) {
        return given().auth().oauth2(token(customerId, "customer")).contentType(ContentType.JSON);
    }

    public static RequestSpecification asAdmin() {
        return given().auth().oauth2(token("ops-admin", "admin")).contentType(ContentType.JSON);
    }

    public static RequestSpecification asOrderService() {
        return given().auth().oauth2(token("ordering-system", "order-service")).contentType(ContentType.JSON);
    }

    /** A fresh, unique customer ID, so tests never see each other's data. */
    public static String newCustomer() {
        return "cust-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** Creates a customer with settings. */
    public static void putCustomer(String customerId, boolean monthlySettlement) {
        asAdmin().body(Map.of("name", "Test " + customerId, "email", customerId + "@example.com",
                        "phone", "+6580000000", "monthly_settlement_enabled", monthlySettlement))
                .put("/v1/admin/customers/" + customerId).then().statusCode(200);
    }

    /** A one-line order body; {@code unitPrice} a decimal string in {@code currency}. */
    public static Map<String, Object> order(String serviceType, String orderType, String currency, String unitPrice) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("product_id", "s6.large.2");
        line.put("description", "s6.large.2 | 2 vCPUs | 4 GiB, 1 month");
        line.put("quantity", 1);
        line.put("unit_price", unitPrice);
        line.put("region", "ap-southeast-1");
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("service_type", serviceType);
        o.put("order_type", orderType);
        o.put("currency", currency);
        o.put("line_items", List.of(line));
        return o;
    }

    public static Map<String, Object> usdOrder(String unitPrice) {
        return order("hws.service.type.ec2", "new_purchase", "USD", unitPrice);
    }

    /** Creates orders through the API; returns their IDs in request order. */
    public static List<String> createOrders(String customerId, boolean combined, List<Map<String, Object>> orders) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer_id", customerId);
        body.put("combined", combined);
        body.put("orders", orders);
        List<String> ids = asOrderService().body(body).post("/v1/admin/orders").then().statusCode(201)
                .extract().jsonPath().getList("orders.order_id", String.class);
        return new ArrayList<>(ids);
    }

    public static String createOrder(String customerId, Map<String, Object> order) {
        return createOrders(customerId, false, List.of(order)).get(0);
    }

    /** Grants a discount through the admin API; returns its ID. */
    public static String grantDiscount(String customerId, Map<String, Object> body) {
        return asAdmin().body(body).post("/v1/admin/customers/" + customerId + "/discounts").then().statusCode(201)
                .extract().path("discount_id");
    }

    /** Grants a coupon through the admin API; returns its ID. */
    public static String grantCoupon(String customerId, Map<String, Object> body) {
        return asAdmin().body(body).post("/v1/admin/customers/" + customerId + "/coupons").then().statusCode(201)
                .extract().path("coupon_id");
    }

    /** A cash coupon body of {@code faceValue} in {@code currency}, for all orders. */
    public static Map<String, Object> cashCoupon(String faceValue, String currency) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", "cash");
        c.put("face_value", faceValue);
        c.put("currency", currency);
        return c;
    }

    /** A discount coupon body of {@code percentOff}, for all orders. */
    public static Map<String, Object> discountCoupon(String percentOff) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", "discount");
        c.put("percent_off", percentOff);
        return c;
    }

    /** A discount body of {@code percentOff}, for all orders. */
    public static Map<String, Object> discount(String percentOff) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", "commercial");
        d.put("percent_off", percentOff);
        return d;
    }

    /** A payment body. */
    public static Map<String, Object> payment(List<String> orderIds, String method) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("order_ids", orderIds);
        body.put("method", method);
        return body;
    }

    /** POST /v1/payments with a fresh idempotency key. */
    public static ValidatableResponse pay(String customerId, Map<String, Object> body) {
        return asCustomer(customerId).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).post("/v1/payments").then();
    }
}
