package dev.orderpay.billing;

import static dev.orderpay.support.Api.*;

import dev.orderpay.support.TestClock;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bills in a billing zone east of UTC (contract §8 {@code payments.billing.zone}), and what the
 * billing tests under this profile share: Tokyo times, a monthly-settlement customer with a card
 * on file, a monthly payment at a given time.
 */
public class TokyoBillingProfile implements QuarkusTestProfile {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("payments.billing.zone", "Asia/Tokyo");
    }

    /** {@code localDateTime} (ISO, no zone) read as Tokyo time. */
    static Instant tokyo(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(TOKYO).toInstant();
    }

    /** A new monthly-settlement customer with a card on file at the sandbox gateway. */
    static String customerWithCard() {
        String c = newCustomer();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Bill Test");
        body.put("email", c + "@example.com");
        body.put("monthly_settlement_enabled", true);
        body.put("gateway_customer_id", "cus_" + c.replace("-", ""));
        body.put("default_payment_method", "pm_card_visa");
        asAdmin().body(body).put("/v1/admin/customers/" + c).then().statusCode(200);
        return c;
    }

    /** Pays one new order of {@code price} (decimal string) by monthly settlement at {@code at}; its order ID. */
    static String payAt(String customer, Instant at, String currency, String price) {
        TestClock.set(at);
        String order = createOrder(customer, order("hws.service.type.ec2", "renewal", currency, price));
        pay(customer, payment(List.of(order), "monthly_settlement")).statusCode(201);
        return order;
    }
}
