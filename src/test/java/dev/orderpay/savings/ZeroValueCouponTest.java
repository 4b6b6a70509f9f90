package dev.orderpay.savings;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.orderpay.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #10, defect 9: a coupon that gives nothing to a payment (its orders are already 100 %
 * discounted) is neither consumed nor reserved — for discount coupons and cash coupons alike, by
 * monthly settlement, by an online checkout, and by an online payment whose total is 0. It stays
 * {@code available} with its balance, and a later payment can still use it.
 */
@QuarkusTest
class ZeroValueCouponTest {

    private static final String EC2 = "hws.service.type.ec2";
    private static final String RDS = "hws.service.type.rds";

    @Inject
    Db db;

    private static String customerWithFullEc2Discount() {
        String c = newCustomer();
        putCustomer(c, true);
        return c;
    }

    private static String fullDiscountOn(String c, String serviceType) {
        Map<String, Object> d = discount("100.00");
        d.put("service_types", List.of(serviceType));
        return grantDiscount(c, d);
    }

    private static Map<String, Object> only(Map<String, Object> coupon, String serviceType) {
        coupon.put("service_types", List.of(serviceType));
        return coupon;
    }

    private static Map<String, Object> body(List<String> orders, String method, String discountId, String coupon) {
        Map<String, Object> body = payment(orders, method);
        body.put("discount_id", discountId);
        body.put("coupon_ids", List.of(coupon));
        return body;
    }

    private void assertUntouched(String coupon, long balance) {
        assertThat(db.string("select status from coupon where coupon_id = $1", coupon)).isEqualTo("available");
        assertThat(db.count("select coalesce(balance, 0) from coupon where coupon_id = $1", coupon)).isEqualTo(balance);
        assertThat(db.count("select count(*) from coupon_redemption where coupon_id = $1", coupon)).isZero();
    }

    @Test
    void monthlySettlementOfAFullyDiscountedOrderLeavesDiscountAndCashCouponsUnused() {
        String c = customerWithFullEc2Discount();
        String d = fullDiscountOn(c, EC2);
        String percent = grantCoupon(c, discountCoupon("10.00"));
        String cash = grantCoupon(c, cashCoupon("5.00", "USD"));

        String first = createOrder(c, order(EC2, "new_purchase", "USD", "100.00"));
        pay(c, body(List.of(first), "monthly_settlement", d, percent)).statusCode(201)
                .body("status", is("succeeded")).body("total_coupon", is("0.00")).body("total_payable", is("0.00"));
        assertUntouched(percent, 0);

        String second = createOrder(c, order(EC2, "new_purchase", "USD", "100.00"));
        pay(c, body(List.of(second), "monthly_settlement", d, cash)).statusCode(201)
                .body("total_coupon", is("0.00")).body("total_payable", is("0.00"));
        assertUntouched(cash, 500);

        // both coupons still give their value on an order that has something to pay
        String rds = createOrder(c, order(RDS, "new_purchase", "USD", "40.00"));
        pay(c, body(List.of(rds), "monthly_settlement", null, percent)).statusCode(201).body("total_coupon", is("4.00"));
        assertThat(db.string("select status from coupon where coupon_id = $1", percent)).isEqualTo("used");
        String rds2 = createOrder(c, order(RDS, "new_purchase", "USD", "40.00"));
        pay(c, body(List.of(rds2), "monthly_settlement", null, cash)).statusCode(201).body("total_coupon", is("5.00"));
        assertThat(db.string("select status from coupon where coupon_id = $1", cash)).isEqualTo("used");
    }

    @Test
    void onlineCheckoutDoesNotReserveCouponsThatGiveNothing() {
        String c = customerWithFullEc2Discount();
        String d = fullDiscountOn(c, EC2);
        String percent = grantCoupon(c, only(discountCoupon("10.00"), EC2));
        String cash = grantCoupon(c, only(cashCoupon("5.00", "USD"), EC2));

        for (String coupon : List.of(percent, cash)) {
            String ec2 = createOrder(c, order(EC2, "new_purchase", "USD", "100.00"));
            String rds = createOrder(c, order(RDS, "new_purchase", "USD", "40.00"));
            Map<String, Object> online = body(List.of(ec2, rds), "online", d, coupon);
            online.put("return_url", "https://console.example.com/billing/unpaid");
            pay(c, online).statusCode(201).body("status", is("requires_action"))
                    .body("checkout_url", startsWith("http"))
                    .body("total_coupon", is("0.00")).body("total_payable", is("40.00"));
            assertUntouched(coupon, coupon.equals(cash) ? 500 : 0);
        }
    }

    @Test
    void onlinePaymentOfTotalZeroDoesNotConsumeCouponsThatGiveNothing() {
        String c = customerWithFullEc2Discount();
        String d = fullDiscountOn(c, EC2);
        String percent = grantCoupon(c, discountCoupon("10.00"));
        String cash = grantCoupon(c, cashCoupon("5.00", "USD"));

        for (String coupon : List.of(percent, cash)) {
            String ec2 = createOrder(c, order(EC2, "new_purchase", "USD", "100.00"));
            pay(c, body(List.of(ec2), "online", d, coupon)).statusCode(201)
                    .body("status", is("succeeded")).body("total_payable", is("0.00"));
            assertThat(db.string("select status from customer_order where order_id = $1", ec2)).isEqualTo("paid");
            assertUntouched(coupon, coupon.equals(cash) ? 500 : 0);
        }
    }
}
