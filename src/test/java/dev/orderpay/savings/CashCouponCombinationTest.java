package dev.orderpay.savings;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import dev.orderpay.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue #10, defect 2: contract §5 rule 2 allows at most one cash coupon per request. Two cash coupons,
 * each covering a different order, are refused with 422 {@code COUPON_COMBINATION_NOT_ALLOWED} (naming the
 * second coupon in ID order) on the quote, the payment and the payment functions — and nothing is
 * paid, held or reserved afterwards.
 */
@QuarkusTest
class CashCouponCombinationTest {

    private static final String EC2 = "hws.service.type.ec2";
    private static final String RDS = "hws.service.type.rds";

    @Inject
    Db db;

    record Setup(String customer, String ec2Order, String rdsOrder, String ec2Cash, String rdsCash) {
        /** The cash coupon reported: the later of the two in coupon-ID order. */
        String reported() {
            return ec2Cash.compareTo(rdsCash) > 0 ? ec2Cash : rdsCash;
        }
    }

    /** Two orders of different services, each with a cash coupon that covers only it. */
    private static Setup setup() {
        String c = newCustomer();
        putCustomer(c, true);
        String ec2 = createOrder(c, order(EC2, "new_purchase", "USD", "100.00"));
        String rds = createOrder(c, order(RDS, "new_purchase", "USD", "40.00"));
        return new Setup(c, ec2, rds, grantCoupon(c, cashFor(EC2)), grantCoupon(c, cashFor(RDS)));
    }

    private static Map<String, Object> cashFor(String serviceType) {
        Map<String, Object> coupon = cashCoupon("5.00", "USD");
        coupon.put("service_types", List.of(serviceType));
        return coupon;
    }

    private static Map<String, Object> body(List<String> orderIds, String method, List<String> coupons) {
        Map<String, Object> body = payment(orderIds, method);
        body.put("coupon_ids", coupons);
        return body;
    }

    private static void assertCombinationRefused(ValidatableResponse r, Setup s) {
        r.statusCode(422)
                .contentType("application/problem+json")
                .body("error_code", is("COUPON_COMBINATION_NOT_ALLOWED"))
                .body("coupon_id", is(s.reported()));
    }

    private void assertNothingChanged(Setup s) {
        assertThat(db.count("select count(*) from payment where customer_id = $1", s.customer())).isZero();
        assertThat(db.count("select count(*) from coupon where customer_id = $1 and (status <> 'available' "
                + "or balance <> face_value)", s.customer())).isZero();
        assertThat(db.count("select count(*) from coupon_redemption r join coupon c on c.coupon_id = r.coupon_id "
                + "where c.customer_id = $1", s.customer())).isZero();
        assertThat(db.count("select count(*) from customer_order where customer_id = $1 and status <> 'pending_payment'",
                s.customer())).isZero();
        assertThat(db.count("select count(*) from idempotency_record where customer_id = $1", s.customer())).isZero();
    }

    @Test
    void twoCashCouponsOnDifferentOrdersAreRefusedByQuoteAndPay() {
        Setup s = setup();
        List<String> both = List.of(s.ec2Order(), s.rdsOrder());
        List<String> coupons = List.of(s.ec2Cash(), s.rdsCash());

        Map<String, Object> quote = body(both, null, coupons);
        quote.remove("method");
        assertCombinationRefused(asCustomer(s.customer()).body(quote).post("/v1/payments/quote").then(), s);
        assertCombinationRefused(pay(s.customer(), body(both, "online", coupons)), s);
        assertCombinationRefused(pay(s.customer(), body(both, "monthly_settlement", List.of(s.rdsCash(), s.ec2Cash()))), s);
        assertNothingChanged(s);

        // one cash coupon of the two still works, alone
        pay(s.customer(), body(both, "monthly_settlement", List.of(s.ec2Cash())))
                .statusCode(201).body("total_coupon", is("5.00")).body("total_payable", is("135.00"));
    }

    @Test
    void twoCashCouponsAreRefusedByThePaymentFunctions() {
        Setup s = setup();
        List<String> coupons = List.of(s.ec2Cash(), s.rdsCash());

        Map<String, Object> quote = body(List.of(s.ec2Order(), s.rdsOrder()), null, coupons);
        quote.remove("method");
        assertCombinationRefused(asCustomer(s.customer()).body(quote).post("/quote-payment").then(), s);

        Map<String, Object> combined = body(List.of(s.ec2Order(), s.rdsOrder()), "online", coupons);
        combined.put("idempotency_key", UUID.randomUUID().toString());
        assertCombinationRefused(asCustomer(s.customer()).body(combined).post("/combine-payments").then(), s);

        // one order: the RDS coupon covers nothing, but a second cash coupon is refused before that
        Map<String, Object> single = new LinkedHashMap<>();
        single.put("order_id", s.ec2Order());
        single.put("method", "online");
        single.put("coupon_ids", coupons);
        single.put("idempotency_key", UUID.randomUUID().toString());
        assertCombinationRefused(asCustomer(s.customer()).body(single).post("/pay-order").then(), s);

        assertNothingChanged(s);
    }
}
