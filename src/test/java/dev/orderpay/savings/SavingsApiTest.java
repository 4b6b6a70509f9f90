package dev.orderpay.savings;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import dev.orderpay.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Discounts and coupons through the HTTP API (contract §5), paid by monthly settlement. */
@QuarkusTest
class SavingsApiTest {

    static final String MONTHLY = "monthly_settlement";

    @Inject
    Db db;

    private static String customer() {
        String c = newCustomer();
        putCustomer(c, true);
        return c;
    }

    private static Map<String, Object> withSavings(List<String> orders, String discountId, List<String> coupons) {
        Map<String, Object> body = payment(orders, MONTHLY);
        body.put("discount_id", discountId);
        body.put("coupon_ids", coupons);
        return body;
    }

    private static JsonPath quote(String c, Map<String, Object> body) {
        Map<String, Object> q = new LinkedHashMap<>(body);
        q.remove("method");
        return asCustomer(c).body(q).post("/v1/payments/quote").then().statusCode(200).extract().jsonPath();
    }

    private long balance(String couponId) {
        return db.count("select balance from coupon where coupon_id = $1", couponId);
    }

    private String couponStatus(String couponId) {
        return db.string("select status from coupon where coupon_id = $1", couponId);
    }

    @Test
    void cashCouponOverThreeEqualOrdersSplitsTiesByOrderId() {
        String c = customer();
        List<Map<String, Object>> three = new ArrayList<>();
        for (String id : List.of("T-A-" + c, "T-B-" + c, "T-C-" + c)) {
            Map<String, Object> o = usdOrder("10.00");
            o.put("order_id", id);
            three.add(o);
        }
        List<String> ids = createOrders(c, false, three);
        String coupon = grantCoupon(c, cashCoupon("10.00", "USD"));
        Map<String, Object> body = withSavings(List.of(ids.get(2), ids.get(0), ids.get(1)), null, List.of(coupon));
        JsonPath q = quote(c, body);
        assertThat(q.getList("orders.order_id", String.class)).containsExactlyElementsOf(ids);
        assertThat(q.getList("orders.coupon_amount", String.class)).containsExactly("3.34", "3.33", "3.33");
        assertThat(q.getList("orders.payable_amount", String.class)).containsExactly("6.66", "6.67", "6.67");
        assertThat(q.getString("total_payable")).isEqualTo("20.00");
        assertThat(balance(coupon)).isEqualTo(1000); // a quote changes nothing
        pay(c, body).statusCode(201).body("orders.coupon_amount", contains("3.34", "3.33", "3.33"))
                .body("total_coupon", is("10.00")).body("coupon_ids", contains(coupon));
        assertThat(balance(coupon)).isZero();
        assertThat(couponStatus(coupon)).isEqualTo("used");
        assertThat(db.count("select sum(coupon_amount) from payment_order po join payment p using (payment_id) "
                + "where p.customer_id = $1", c)).isEqualTo(1000);
    }

    @Test
    void cashCouponLargerThanTheOrderLeavesItsRemainder() {
        String c = customer();
        String id = createOrder(c, usdOrder("60.00"));
        String coupon = grantCoupon(c, cashCoupon("70.00", "USD"));
        pay(c, withSavings(List.of(id), null, List.of(coupon))).statusCode(201)
                .body("status", is("succeeded")).body("total_payable", is("0.00"))
                .body("orders[0].coupon_amount", is("60.00"));
        assertThat(balance(coupon)).isEqualTo(1000);
        assertThat(couponStatus(coupon)).isEqualTo("available");
        asCustomer(c).get("/v1/coupons").then().body("coupons.find { it.coupon_id == '" + coupon + "' }.balance", is("10.00"));
        // the remainder is usable later
        String next = createOrder(c, usdOrder("15.00"));
        pay(c, withSavings(List.of(next), null, List.of(coupon))).statusCode(201).body("total_payable", is("5.00"));
        assertThat(couponStatus(coupon)).isEqualTo("used");
    }

    @Test
    void discountRoundsHalfUpInMinorUnits() {
        String c = customer();
        String id = createOrder(c, order("hws.service.type.ec2", "renewal", "JPY", "999"));
        String d = grantDiscount(c, discount("15.00"));
        JsonPath q = quote(c, withSavings(List.of(id), d, List.of()));
        assertThat(q.getString("orders[0].discount_amount")).isEqualTo("150");
        assertThat(q.getString("orders[0].payable_amount")).isEqualTo("849");
        assertThat(q.getList("available_discounts.discount_id", String.class)).contains(d);
        Map<String, Object> body = withSavings(List.of(id), d, List.of());
        body.put("expected_total_payable", "849");
        pay(c, body).statusCode(201).body("total_discount", is("150")).body("discount_id", is(d));
        // a discount is reusable
        String again = createOrder(c, order("hws.service.type.ec2", "renewal", "JPY", "1000"));
        pay(c, withSavings(List.of(again), d, List.of())).statusCode(201).body("total_payable", is("850"));
    }

    @Test
    void everyRuleViolationHasItsCodeAndChangesNothing() {
        String c = customer();
        String ec2 = createOrder(c, usdOrder("100.00"));
        String rds = createOrder(c, order("hws.service.type.rds", "new_purchase", "USD", "100.00"));
        Map<String, Object> onlyRds = discount("10.00");
        onlyRds.put("service_types", List.of("hws.service.type.rds"));
        String rdsDiscount = grantDiscount(c, onlyRds);
        String allDiscount = grantDiscount(c, discount("10.00"));
        String cash1 = grantCoupon(c, cashCoupon("5.00", "USD"));
        String cash2 = grantCoupon(c, cashCoupon("5.00", "USD"));
        Map<String, Object> nonStackable = discountCoupon("5.00");
        nonStackable.put("stackable_with_discount", false);
        String lonely = grantCoupon(c, nonStackable);
        Map<String, Object> bigSpend = cashCoupon("5.00", "USD");
        bigSpend.put("min_spend", "500.00");
        String minSpend = grantCoupon(c, bigSpend);
        String eur = grantCoupon(c, cashCoupon("5.00", "EUR"));
        Map<String, Object> future = cashCoupon("5.00", "USD");
        future.put("valid_from", Instant.now().plus(3, ChronoUnit.DAYS).toString());
        String notYet = grantCoupon(c, future);
        String someoneElses = grantCoupon(customer(), cashCoupon("5.00", "USD"));

        record Case(Map<String, Object> body, int status, String code) {
        }
        List<Case> cases = List.of(
                new Case(withSavings(List.of(ec2), rdsDiscount, List.of()), 422, "DISCOUNT_NOT_APPLICABLE"),
                new Case(withSavings(List.of(ec2), "NO-SUCH-DISCOUNT", List.of()), 422, "DISCOUNT_NOT_APPLICABLE"),
                new Case(withSavings(List.of(ec2, rds), null, List.of(cash1, cash2)), 422, "COUPON_COMBINATION_NOT_ALLOWED"),
                new Case(withSavings(List.of(ec2), allDiscount, List.of(lonely)), 422, "COUPON_DISCOUNT_CONFLICT"),
                new Case(withSavings(List.of(ec2), null, List.of(minSpend)), 422, "COUPON_NOT_APPLICABLE"),
                new Case(withSavings(List.of(ec2), null, List.of(eur)), 422, "COUPON_NOT_APPLICABLE"),
                new Case(withSavings(List.of(ec2), null, List.of(notYet)), 422, "COUPON_NOT_APPLICABLE"),
                new Case(withSavings(List.of(ec2), null, List.of(someoneElses)), 422, "COUPON_NOT_APPLICABLE"),
                new Case(withSavings(List.of(ec2), null, List.of(cash1, cash1)), 400, "VALIDATION_FAILED"),
                new Case(withSavings(List.of(ec2), null, List.of(cash1, cash2, lonely, minSpend)), 400, "VALIDATION_FAILED"));
        for (Case k : cases) {
            pay(c, k.body()).statusCode(k.status()).body("error_code", is(k.code()));
        }
        assertThat(db.count("select count(*) from payment where customer_id = $1", c)).isZero();
        assertThat(db.count("select count(*) from coupon where customer_id = $1 and (status <> 'available' or balance <> face_value)", c))
                .isZero();
        assertThat(db.count("select count(*) from customer_order where customer_id = $1 and status <> 'pending_payment'", c))
                .isZero();
    }

    @Test
    void theQuoteOffersOnlyCouponsThatWouldApply() {
        String c = customer();
        String id = createOrder(c, usdOrder("98.00"));
        Map<String, Object> tooBig = cashCoupon("5.00", "USD");
        tooBig.put("min_spend", "100.00");
        String unmet = grantCoupon(c, tooBig);
        Map<String, Object> fits = cashCoupon("5.00", "USD");
        fits.put("min_spend", "98.00");
        String met = grantCoupon(c, fits);
        JsonPath q = quote(c, withSavings(List.of(id), null, List.of()));
        assertThat(q.getList("available_coupons.coupon_id", String.class)).contains(met).doesNotContain(unmet);
    }

    @Test
    void listingsShowUsableByDefaultAndOthersOnRequest() {
        String c = customer();
        Map<String, Object> expired = cashCoupon("1.00", "USD");
        expired.put("valid_from", Instant.now().minus(3, ChronoUnit.DAYS).toString());
        expired.put("valid_until", Instant.now().minus(1, ChronoUnit.DAYS).toString());
        String old = grantCoupon(c, expired);
        String fresh = grantCoupon(c, cashCoupon("2.00", "USD"));
        asCustomer(c).get("/v1/coupons").then().statusCode(200).body("coupons.coupon_id", contains(fresh));
        asCustomer(c).get("/v1/coupons?status=expired").then().body("coupons.coupon_id", contains(old))
                .body("coupons[0].status", is("expired"));
        asCustomer(c).get("/v1/coupons?status=all").then().body("coupons.size()", is(2));
        asCustomer(c).get("/v1/coupons?status=bogus").then().statusCode(400).body("error_code", is("VALIDATION_FAILED"));
        String d = grantDiscount(c, discount("12.50"));
        asCustomer(c).get("/v1/discounts").then().body("discounts.discount_id", contains(d))
                .body("discounts[0].percent_off", is("12.50"));
        asCustomer(newCustomer()).get("/v1/coupons?status=all").then().body("coupons", empty());
    }

    @Test
    void badGrantsAreRejected() {
        String c = customer();
        for (Map<String, Object> bad : List.of(cashCoupon("5.0", "USD"), cashCoupon("5.00", "XXX"),
                Map.<String, Object>of("type", "cash", "face_value", "5.00"), discountCoupon("0"), discountCoupon("100.01"),
                Map.<String, Object>of("type", "gift"))) {
            asAdmin().body(bad).post("/v1/admin/customers/" + c + "/coupons").then().statusCode(400)
                    .body("error_code", is("VALIDATION_FAILED"));
        }
        asCustomer(c).body(cashCoupon("5.00", "USD")).post("/v1/admin/customers/" + c + "/coupons").then().statusCode(403);
    }

    @Test
    void oneSingleUseCouponUsedByTwentyParallelPaymentsIsGivenOnce() throws Exception {
        String c = customer();
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orders.add(usdOrder("10.00"));
        }
        List<String> ids = createOrders(c, false, orders);
        String coupon = grantCoupon(c, discountCoupon("50.00"));
        List<Integer> codes = parallel(ids.stream()
                .map(id -> (Callable<Integer>) () -> pay(c, withSavings(List.of(id), null, List.of(coupon))).extract()
                        .statusCode()).toList());
        assertThat(codes).filteredOn(s -> s == 201).hasSize(1);
        assertThat(codes).filteredOn(s -> s != 201).allMatch(s -> s == 409);
        assertThat(db.count("select count(*) from coupon_redemption where coupon_id = $1", coupon)).isEqualTo(1);
        assertThat(db.count("select count(*) from payment_order po join payment p using (payment_id) "
                + "where p.customer_id = $1 and po.coupon_amount > 0", c)).isEqualTo(1);
        assertThat(couponStatus(coupon)).isEqualTo("used");
    }

    @Test
    void aCashCouponNeverGivesMoreThanItsBalanceUnderConcurrency() throws Exception {
        String c = customer();
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            orders.add(usdOrder("7.00"));
        }
        List<String> ids = createOrders(c, false, orders);
        String coupon = grantCoupon(c, cashCoupon("50.00", "USD"));
        List<Integer> codes = parallel(ids.stream()
                .map(id -> (Callable<Integer>) () -> pay(c, withSavings(List.of(id), null, List.of(coupon))).extract()
                        .statusCode()).toList());
        assertThat(codes).allMatch(s -> s == 201 || s == 409);
        long given = db.count("select coalesce(sum(po.coupon_amount), 0) from payment_order po join payment p "
                + "using (payment_id) where p.customer_id = $1", c);
        long redeemed = db.count("select coalesce(sum(amount), 0) from coupon_redemption where coupon_id = $1", coupon);
        assertThat(given).isEqualTo(redeemed).isLessThanOrEqualTo(5000);
        assertThat(balance(coupon)).isEqualTo(5000 - given);
        assertThat(given).isEqualTo(5000); // 10 × 7.00 > 50.00: the whole balance is used, never more
    }

    private static List<Integer> parallel(List<Callable<Integer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
