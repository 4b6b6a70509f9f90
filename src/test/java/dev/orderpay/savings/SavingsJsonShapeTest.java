package dev.orderpay.savings;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exact JSON of discounts and coupons (contract §5), byte for byte: the 201 answer of an
 * admin grant, {@code GET /v1/discounts}, {@code GET /v1/coupons}, and the same objects inside a
 * quote's {@code available_discounts} / {@code available_coupons}. Field names and their order,
 * nulls written out (a discount coupon has null face_value and balance, a cash one a null
 * percent_off), money as decimal strings of the currency ("0" without one), percentages as
 * "15.00", times UTC RFC 3339. Written before the answers became typed records (issue #12 item 6).
 */
@QuarkusTest
class SavingsJsonShapeTest {

    @Test
    void discountsAndCouponsRenderExactlyAsBefore() {
        String c = newCustomer();
        putCustomer(c, true);
        Map<String, Object> d = discount("15.00");
        d.put("discount_id", "D-SHAPE-" + c);
        d.put("service_types", List.of("hws.service.type.ec2"));
        d.put("valid_from", "2020-01-01T00:00:00Z");
        d.put("valid_until", "2100-01-01T00:00:00.5Z");
        Map<String, Object> cash = cashCoupon("25.00", "USD");
        cash.put("coupon_id", "C-SHAPE-CASH-" + c);
        cash.put("min_spend", "10.00");
        cash.put("order_types", List.of("renewal", "new_purchase"));
        cash.put("valid_until", "2100-01-01T00:00:00Z");
        Map<String, Object> percent = discountCoupon("12.50");
        percent.put("coupon_id", "C-SHAPE-PCT-" + c);
        percent.put("stackable_with_discount", false);

        String discountJson = "{\"discount_id\":\"D-SHAPE-" + c + "\",\"type\":\"commercial\",\"percent_off\":\"15.00\","
                + "\"service_types\":[\"hws.service.type.ec2\"],\"order_types\":[],\"valid_from\":\"2020-01-01T00:00:00Z\","
                + "\"valid_until\":\"2100-01-01T00:00:00.500Z\",\"status\":\"active\"}";
        String cashJson = "{\"coupon_id\":\"C-SHAPE-CASH-" + c + "\",\"type\":\"cash\",\"face_value\":\"25.00\","
                + "\"balance\":\"25.00\",\"percent_off\":null,\"min_spend\":\"10.00\",\"max_deduction\":null,"
                + "\"currency\":\"USD\",\"service_types\":[],\"order_types\":[\"renewal\",\"new_purchase\"],"
                + "\"valid_from\":null,\"valid_until\":\"2100-01-01T00:00:00Z\",\"stackable_with_discount\":true,"
                + "\"status\":\"available\"}";
        String percentJson = "{\"coupon_id\":\"C-SHAPE-PCT-" + c + "\",\"type\":\"discount\",\"face_value\":null,"
                + "\"balance\":null,\"percent_off\":\"12.50\",\"min_spend\":\"0\",\"max_deduction\":null,"
                + "\"currency\":null,\"service_types\":[],\"order_types\":[],\"valid_from\":null,\"valid_until\":null,"
                + "\"stackable_with_discount\":false,\"status\":\"available\"}";

        assertThat(grant(c, "discounts", d)).isEqualTo(discountJson);
        assertThat(grant(c, "coupons", cash)).isEqualTo(cashJson);
        assertThat(grant(c, "coupons", percent)).isEqualTo(percentJson);

        assertThat(asCustomer(c).get("/v1/discounts?status=all").then().statusCode(200).extract().asString())
                .isEqualTo("{\"discounts\":[" + discountJson + "]}");
        assertThat(asCustomer(c).get("/v1/coupons").then().statusCode(200).extract().asString())
                .isEqualTo("{\"coupons\":[" + cashJson + "," + percentJson + "]}");
        assertThat(asCustomer(c).get("/v1/coupons?status=used").then().statusCode(200).extract().asString())
                .isEqualTo("{\"coupons\":[]}");

        // a quote offers the same objects (the cash coupon on 40.00 ≥ min_spend; the discount coupon only without a discount)
        String order = createOrder(c, order("hws.service.type.ec2", "renewal", "USD", "40.00"));
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("order_ids", List.of(order));
        String quote = asCustomer(c).body(q).post("/v1/payments/quote").then().statusCode(200).extract().asString();
        assertThat(quote).contains("\"available_discounts\":[" + discountJson + "],\"available_coupons\":["
                + cashJson + "," + percentJson + "]");
    }

    private static String grant(String customerId, String what, Map<String, Object> body) {
        return asAdmin().body(body).post("/v1/admin/customers/" + customerId + "/" + what).then().statusCode(201)
                .extract().asString();
    }
}
