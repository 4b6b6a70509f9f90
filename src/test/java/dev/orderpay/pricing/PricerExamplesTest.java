package dev.orderpay.pricing;

import static dev.orderpay.pricing.Fixtures.EBS;
import static dev.orderpay.pricing.Fixtures.EC2;
import static dev.orderpay.pricing.Fixtures.NEW;
import static dev.orderpay.pricing.Fixtures.NOW;
import static dev.orderpay.pricing.Fixtures.RDS;
import static dev.orderpay.pricing.Fixtures.RENEWAL;
import static dev.orderpay.pricing.Fixtures.cash;
import static dev.orderpay.pricing.Fixtures.discount;
import static dev.orderpay.pricing.Fixtures.order;
import static dev.orderpay.pricing.Fixtures.percentCoupon;
import static dev.orderpay.pricing.Fixtures.price;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.orderpay.pricing.Fixtures.CouponBuilder;
import dev.orderpay.pricing.Fixtures.DiscountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PricerExamplesTest {

    private static final List<PricedOrderInput> ONE_USD_100 = List.of(order("A", "USD", 10_000));

    @Nested
    class WorkedExamples {

        @Test
        void cashCouponOverThreeEqualOrdersGivesTheExtraCentToTheLowestOrderId() {
            var orders = List.of(order("C", "USD", 1000), order("A", "USD", 1000), order("B", "USD", 1000));

            PriceBreakdown result = price(orders, null, cash("CASH-10", 1000, "USD"));

            assertThat(result.orders()).containsExactly(
                    new OrderPrice("A", 1000, 0, 334, 666),
                    new OrderPrice("B", 1000, 0, 333, 667),
                    new OrderPrice("C", 1000, 0, 333, 667));
            assertThat(result.couponShares()).isEqualTo(Map.of("CASH-10", Map.of("A", 334L, "B", 333L, "C", 333L)));
            assertThat(result.couponUsage()).isEqualTo(Map.of("CASH-10", 1000L));
            assertThat(List.of(result.totalAmount(), result.totalDiscount(), result.totalCoupon(),
                    result.totalPayable())).containsExactly(3000L, 0L, 1000L, 2000L);
        }

        @Test
        void cashCouponLargerThanTheOrderUsesOnlyWhatIsPayable() {
            PriceBreakdown result = price(List.of(order("A", "USD", 6000)), null, cash("CASH-70", 7000, "USD"));

            assertThat(result.orders()).containsExactly(new OrderPrice("A", 6000, 0, 6000, 0));
            assertThat(result.couponUsage()).containsEntry("CASH-70", 6000L);
            assertThat(result.totalPayable()).isZero();
        }

        @Test
        void discountRoundsHalfUpInAZeroDigitCurrency() {
            PriceBreakdown result = price(List.of(order("A", "JPY", 999)), discount("D15", 1500));

            assertThat(result.orders()).containsExactly(new OrderPrice("A", 999, 150, 0, 849));
            assertThat(result.currency()).isEqualTo("JPY");
        }

        @Test
        void discountJustBelowHalfRoundsDown() {
            // 15 % of 3 = 0.45 → 0; of 10 = 1.5 → 2
            PriceBreakdown result = price(List.of(order("A", "JPY", 3), order("B", "JPY", 10)), discount("D15", 1500));

            assertThat(result.orders()).extracting(OrderPrice::discountAmount).containsExactly(0L, 2L);
        }

        @Test
        void threeDigitCurrencyDiscountThenCashCoupon() {
            long amount = MinorUnits.parse("12.345", "KWD");

            PriceBreakdown result = price(List.of(order("A", "KWD", amount)), discount("D10", 1000),
                    cash("K5", MinorUnits.parse("5.000", "KWD"), "KWD"));

            // 10 % of 12.345 = 1.2345 → 1.235 (half up); 12.345 − 1.235 − 5.000 = 6.110
            assertThat(result.orders()).containsExactly(new OrderPrice("A", 12_345, 1_235, 5_000, 6_110));
            assertThat(MinorUnits.format(result.totalPayable(), "KWD")).isEqualTo("6.110");
        }

        @Test
        void cappedDiscountCouponSplitsItsCapByLargestRemainder() {
            var orders = List.of(order("A", "USD", 10_000), order("B", "USD", 5_000));

            PriceBreakdown result = price(orders, null,
                    percentCoupon("P20", 2000).currency("USD").maxDeduction(2_000L));

            // uncapped 20.00 + 10.00 > 20.00 cap; 2000 × 2/3 = 1333.33, 2000 × 1/3 = 666.67: B has the larger remainder
            assertThat(result.orders()).containsExactly(
                    new OrderPrice("A", 10_000, 0, 1_333, 8_667),
                    new OrderPrice("B", 5_000, 0, 667, 4_333));
            assertThat(result.couponUsage()).containsEntry("P20", 2_000L);
        }

        @Test
        void discountCouponUnderItsCapTakesItsPercentPerOrder() {
            var orders = List.of(order("A", "USD", 10_000), order("B", "USD", 5_000));

            PriceBreakdown result = price(orders, null,
                    percentCoupon("P20", 2000).currency("USD").maxDeduction(3_000L));

            assertThat(result.orders()).extracting(OrderPrice::couponAmount).containsExactly(2_000L, 1_000L);
            assertThat(result.couponUsage()).containsEntry("P20", 3_000L);
        }

        @Test
        void discountCouponAppliesToTheAmountAfterDiscount() {
            PriceBreakdown result = price(ONE_USD_100, discount("D10", 1000), percentCoupon("P10", 1000));

            assertThat(result.orders()).containsExactly(new OrderPrice("A", 10_000, 1_000, 900, 8_100));
        }

        @Test
        void cashCouponSplitsInProportionToTheAmountAfterDiscount() {
            var orders = List.of(order("A", EC2, NEW, "USD", 10_000), order("B", EBS, NEW, "USD", 10_000));

            PriceBreakdown result = price(orders, discount("D50", 5000).services(EC2), cash("C30", 3_000, "USD"));

            // after discount: A 50.00, B 100.00 → 1/3 and 2/3 of 30.00
            assertThat(result.orders()).containsExactly(
                    new OrderPrice("A", 10_000, 5_000, 1_000, 4_000),
                    new OrderPrice("B", 10_000, 0, 2_000, 8_000));
        }

        @Test
        void oneCashAndDiscountCouponsOnDifferentOrdersCombine() {
            var orders = List.of(order("A", EC2, NEW, "USD", 10_000), order("B", EBS, NEW, "USD", 4_000),
                    order("C", RDS, NEW, "USD", 2_000));

            PriceBreakdown result = price(orders, null,
                    cash("C1", 500, "USD").services(EC2),
                    percentCoupon("C2", 5000).services(EBS),
                    percentCoupon("C3", 2500).services(RDS));

            assertThat(result.orders()).extracting(OrderPrice::couponAmount).containsExactly(500L, 2_000L, 500L);
            assertThat(result.couponUsage()).containsExactly(
                    Map.entry("C1", 500L), Map.entry("C2", 2_000L), Map.entry("C3", 500L));
            assertThat(result.totalPayable()).isEqualTo(13_000L);
        }

        @Test
        void fullDiscountLeavesNothingForACashCoupon() {
            PriceBreakdown result = price(ONE_USD_100, discount("D100", 10_000), cash("C", 500, "USD"));

            assertThat(result.orders()).containsExactly(new OrderPrice("A", 10_000, 10_000, 0, 0));
            assertThat(result.couponUsage()).containsEntry("C", 0L);
        }

        @Test
        void currencylessDiscountCouponWorksInAnyCurrency() {
            PriceBreakdown result = price(List.of(order("A", "KRW", 1_001)), null, percentCoupon("P5", 500));

            // 5 % of 1001 = 50.05 → 50
            assertThat(result.orders()).containsExactly(new OrderPrice("A", 1_001, 0, 50, 951));
        }

        @Test
        void noSavingsMeansPayableIsTheAmount() {
            PriceBreakdown result = Pricer.price(ONE_USD_100, null, null, NOW);

            assertThat(result.orders()).containsExactly(new OrderPrice("A", 10_000, 0, 0, 10_000));
            assertThat(result.couponUsage()).isEmpty();
            assertThat(result.couponShares()).isEmpty();
        }

        @Test
        void largestAmountsStayExact() {
            long max = MinorUnits.maxOrderAmount("BHD");
            var orders = IntStream.range(0, 30).mapToObj(i -> order("O%02d".formatted(i), "BHD", max)).toList();

            PriceBreakdown result = price(orders, discount("D", 3333), cash("C", Long.MAX_VALUE / 2, "BHD"));

            assertThat(result.totalAmount()).isEqualTo(30 * max);
            assertThat(result.totalPayable()).isZero();
            assertThat(result.totalDiscount() + result.totalCoupon()).isEqualTo(30 * max);
        }
    }

    @Nested
    class MinSpend {

        // 100.00 with 10 % off → 90.00 after discount
        private PriceBreakdown withMinSpend(long minSpend) {
            return price(ONE_USD_100, discount("D10", 1000), cash("C5", 500, "USD").minSpend(minSpend));
        }

        @Test
        void exactlyTheMinimumAfterDiscountPasses() {
            assertThat(withMinSpend(9_000).couponUsage()).containsEntry("C5", 500L);
        }

        @Test
        void oneMinorUnitShortFails() {
            PricingException e = catchThrowableOfType(PricingException.class, () -> withMinSpend(9_001));

            assertThat(e.errorCode()).isEqualTo("COUPON_NOT_APPLICABLE");
            assertThat(e.couponId()).isEqualTo("C5");
            assertThat(e.getMessage()).contains("90.01 USD", "90.00 USD");
        }

        @Test
        void countsOnlyTheCouponsEligibleOrders() {
            var orders = List.of(order("A", EC2, NEW, "USD", 5_000), order("B", EBS, NEW, "USD", 5_000));

            assertThatPricingFails(() -> price(orders, null, cash("C", 100, "USD").services(EC2).minSpend(5_001)),
                    "COUPON_NOT_APPLICABLE", "C");
            assertThat(price(orders, null, cash("C", 100, "USD").services(EC2).minSpend(5_000)).totalCoupon())
                    .isEqualTo(100);
        }
    }

    @Nested
    class Validity {

        @Test
        void discountStartsAtValidFromAndEndsBeforeValidUntil() {
            var order = order("A", "USD", 100);

            assertThat(Pricer.discountApplies(discount("D", 100).window(NOW, null).build(), order, NOW)).isTrue();
            assertThat(Pricer.discountApplies(discount("D", 100).window(NOW.plusNanos(1), null).build(), order, NOW))
                    .isFalse();
            assertThat(Pricer.discountApplies(discount("D", 100).window(null, NOW.plusNanos(1)).build(), order, NOW))
                    .isTrue();
            assertThat(Pricer.discountApplies(discount("D", 100).window(null, NOW).build(), order, NOW)).isFalse();
        }

        @Test
        void discountMatchesServiceAndOrderTypes() {
            DiscountTerms d = discount("D", 100).services(EC2, EBS).orderTypes(RENEWAL).build();

            assertThat(Pricer.discountApplies(d, order("A", EBS, RENEWAL, "USD", 1), NOW)).isTrue();
            assertThat(Pricer.discountApplies(d, order("A", EBS, NEW, "USD", 1), NOW)).isFalse();
            assertThat(Pricer.discountApplies(d, order("A", RDS, RENEWAL, "USD", 1), NOW)).isFalse();
        }

        @Test
        void couponEligibilityChecksWindowTypesAndCurrency() {
            var order = order("A", EC2, NEW, "USD", 100);

            assertThat(Pricer.couponEligible(cash("C", 1, "USD").window(NOW, NOW.plusSeconds(1)).build(), order, NOW))
                    .isTrue();
            assertThat(Pricer.couponEligible(cash("C", 1, "USD").window(null, NOW).build(), order, NOW)).isFalse();
            assertThat(Pricer.couponEligible(cash("C", 1, "EUR").build(), order, NOW)).isFalse();
            assertThat(Pricer.couponEligible(percentCoupon("P", 1).build(), order, NOW)).isTrue();
            assertThat(Pricer.couponEligible(percentCoupon("P", 1).currency("JPY").build(), order, NOW)).isFalse();
            assertThat(Pricer.couponEligible(cash("C", 1, "USD").orderTypes(RENEWAL).build(), order, NOW)).isFalse();
            assertThat(Pricer.couponEligible(cash("C", 1, "USD").services(EC2).build(), order, NOW)).isTrue();
        }
    }

    @Nested
    class Errors {

        @Test
        void discountForNoOrder() {
            PricingException e = assertThatPricingFails(
                    () -> price(ONE_USD_100, discount("D-RDS", 1000).services(RDS)), "DISCOUNT_NOT_APPLICABLE", null);

            assertThat(e.discountId()).isEqualTo("D-RDS");
            assertThat(e.getMessage()).contains("does not cover");
        }

        @Test
        void expiredDiscount() {
            PricingException e = assertThatPricingFails(
                    () -> price(ONE_USD_100, discount("D", 1000).window(null, NOW)), "DISCOUNT_NOT_APPLICABLE", null);

            assertThat(e.discountId()).isEqualTo("D");
            assertThat(e.getMessage()).contains("expired");
        }

        @Test
        void couponNotYetValid() {
            PricingException e = assertThatPricingFails(
                    () -> price(ONE_USD_100, null, cash("C", 100, "USD").window(NOW.plusSeconds(1), null)),
                    "COUPON_NOT_APPLICABLE", "C");

            assertThat(e.getMessage()).contains("valid only from");
        }

        @Test
        void couponExpiredAtValidUntil() {
            assertThatPricingFails(() -> price(ONE_USD_100, null, cash("C", 100, "USD").window(null, NOW)),
                    "COUPON_NOT_APPLICABLE", "C");
        }

        @Test
        void couponInAnotherCurrency() {
            PricingException e = assertThatPricingFails(() -> price(ONE_USD_100, null, cash("C", 100, "EUR")),
                    "COUPON_NOT_APPLICABLE", "C");

            assertThat(e.getMessage()).contains("EUR", "USD");
        }

        @Test
        void couponForNoOrder() {
            assertThatPricingFails(() -> price(ONE_USD_100, null, percentCoupon("P", 1000).orderTypes(RENEWAL)),
                    "COUPON_NOT_APPLICABLE", "P");
        }

        @Test
        void twoCashCouponsOnOneOrder() {
            assertThatPricingFails(() -> price(ONE_USD_100, null, cash("C1", 100, "USD"), cash("C2", 100, "USD")),
                    "COUPON_COMBINATION_NOT_ALLOWED", "C2");
        }

        @Test
        void cashAndDiscountCouponOnOneOrderReportsTheLaterCouponWhateverTheInputOrder() {
            assertThatPricingFails(() -> price(ONE_USD_100, null, percentCoupon("Z", 1000), cash("A", 100, "USD")),
                    "COUPON_COMBINATION_NOT_ALLOWED", "Z");
            assertThatPricingFails(() -> price(ONE_USD_100, null, cash("A", 100, "USD"), percentCoupon("Z", 1000)),
                    "COUPON_COMBINATION_NOT_ALLOWED", "Z");
        }

        @Test
        void twoDiscountCouponsOnOneOrder() {
            assertThatPricingFails(() -> price(ONE_USD_100, null, percentCoupon("P1", 500), percentCoupon("P2", 500)),
                    "COUPON_COMBINATION_NOT_ALLOWED", "P2");
        }

        @Test
        void overlapOnOneOrderOfManyIsEnough() {
            var orders = List.of(order("A", EC2, NEW, "USD", 100), order("B", EBS, NEW, "USD", 100),
                    order("C", RDS, NEW, "USD", 100));

            assertThatPricingFails(() -> price(orders, null, percentCoupon("K3", 1000).services(EC2, RDS),
                            percentCoupon("K2", 1000).services(EBS), cash("K1", 10, "USD").services(RDS)),
                    "COUPON_COMBINATION_NOT_ALLOWED", "K3");
        }

        /** Contract §5 rule 2: at most one cash coupon per request, even on orders that do not overlap. */
        @Test
        void twoCashCouponsOnDifferentOrdersAreRefused() {
            var orders = List.of(order("A", EC2, NEW, "USD", 10_000), order("B", EBS, NEW, "USD", 4_000));

            PricingException e = assertThatPricingFails(() -> price(orders, null,
                            cash("C2", 500, "USD").services(EBS), cash("C1", 500, "USD").services(EC2)),
                    "COUPON_COMBINATION_NOT_ALLOWED", "C2");

            assertThat(e.getMessage()).contains("C1", "C2", "one cash coupon");
        }

        @Test
        void aSecondCashCouponIsRefusedBeforeItsOwnChecks() {
            // C9 would also be in the wrong currency; the combination rule is reported first, for any input order
            assertThatPricingFails(() -> price(ONE_USD_100, null, cash("C9", 100, "EUR"), cash("C1", 100, "USD")),
                    "COUPON_COMBINATION_NOT_ALLOWED", "C9");
            assertThatPricingFails(() -> price(ONE_USD_100, null, cash("C1", 100, "USD"), cash("C9", 100, "EUR")),
                    "COUPON_COMBINATION_NOT_ALLOWED", "C9");
        }

        @Test
        void nonStackableCouponOnADiscountedOrder() {
            PricingException e = assertThatPricingFails(
                    () -> price(ONE_USD_100, discount("D10", 1000), cash("C", 100, "USD").notStackable()),
                    "COUPON_DISCOUNT_CONFLICT", "C");

            assertThat(e.discountId()).isEqualTo("D10");
        }

        @Test
        void nonStackableCouponIsFineWhereTheDiscountDoesNotApply() {
            var orders = List.of(order("A", EC2, NEW, "USD", 1_000), order("B", EBS, NEW, "USD", 1_000));

            PriceBreakdown result = price(orders, discount("D10", 1000).services(EC2),
                    cash("C", 100, "USD").services(EBS).notStackable());

            assertThat(result.orders()).containsExactly(
                    new OrderPrice("A", 1_000, 100, 0, 900), new OrderPrice("B", 1_000, 0, 100, 900));
        }

        @Test
        void moreThanThreeCoupons() {
            var orders = List.of(order("A", "USD", 1), order("B", "USD", 1), order("C", "USD", 1),
                    order("D", "USD", 1));
            PricingException e = assertThatPricingFails(() -> price(orders, null,
                    cash("C1", 1, "USD"), cash("C2", 1, "USD"), cash("C3", 1, "USD"), cash("C4", 1, "USD")),
                    "VALIDATION_FAILED", null);

            assertThat(e.field()).isEqualTo("coupon_ids");
        }

        @Test
        void repeatedCoupon() {
            PricingException e = assertThatPricingFails(
                    () -> price(ONE_USD_100, null, cash("C1", 1, "USD"), cash("C1", 1, "USD")),
                    "VALIDATION_FAILED", null);

            assertThat(e.getMessage()).contains("C1");
        }

        @Test
        void callerPreconditionsAreAsserted() {
            assertThatIllegalArgumentException().isThrownBy(() -> Pricer.price(List.of(), null, List.of(), NOW));
            var tooMany = new ArrayList<PricedOrderInput>();
            IntStream.range(0, 31).forEach(i -> tooMany.add(order("O" + i, "USD", 1)));
            assertThatIllegalArgumentException().isThrownBy(() -> Pricer.price(tooMany, null, List.of(), NOW));
            assertThatIllegalArgumentException().isThrownBy(() -> Pricer.price(
                    List.of(order("A", "USD", 1), order("B", "EUR", 1)), null, List.of(), NOW));
            assertThatIllegalArgumentException().isThrownBy(() -> Pricer.price(
                    List.of(order("A", "USD", 1), order("A", "USD", 2)), null, List.of(), NOW));
        }
    }

    @Nested
    class Terms {

        @Test
        void couponTermsMustDescribeTheirType() {
            assertInvalid(cash("C", -1, "USD"));
            assertInvalid(cash("C", 1, null));
            assertInvalid(cash("C", 1, "USD").percent(100));
            assertInvalid(cash("C", 1, "USD").maxDeduction(1L));
            assertInvalid(cash("C", 1, "USD").minSpend(-1));
            assertInvalid(percentCoupon("P", 0));
            assertInvalid(percentCoupon("P", 10_001));
            assertInvalid(percentCoupon("P", 100).balance(5));
            assertInvalid(percentCoupon("P", 100).minSpend(1));
            assertInvalid(percentCoupon("P", 100).maxDeduction(1L));
            assertInvalid(percentCoupon("P", 100).currency("USD").maxDeduction(-1L));
            assertInvalid(percentCoupon("P", 100).currency("XXX"));
        }

        @Test
        void discountPercentMustBeInRange() {
            assertInvalid(discount("D", 0));
            assertInvalid(discount("D", 10_001));
        }

        @Test
        void orderAmountIsBoundedByTheContract() {
            assertThatIllegalArgumentException().isThrownBy(() -> order("A", "USD", -1));
            assertThatIllegalArgumentException().isThrownBy(
                    () -> order("A", "USD", MinorUnits.maxOrderAmount("USD") + 1));
            assertThatIllegalArgumentException().isThrownBy(() -> order("A", "XXX", 1));
        }

        @Test
        void orderPriceMustAddUp() {
            assertThatIllegalArgumentException().isThrownBy(() -> new OrderPrice("A", 100, 10, 10, 81));
            assertThatIllegalArgumentException().isThrownBy(() -> new OrderPrice("A", 100, 60, 60, -20));
        }

        private void assertInvalid(CouponBuilder coupon) {
            assertThatIllegalArgumentException().isThrownBy(coupon::build);
        }

        private void assertInvalid(DiscountBuilder discount) {
            assertThatIllegalArgumentException().isThrownBy(discount::build);
        }
    }

    private static PricingException assertThatPricingFails(ThrowingCallable call, String code, String couponId) {
        PricingException e = catchThrowableOfType(PricingException.class, call);
        assertThat(e).as("expected %s", code).isNotNull();
        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.couponId()).isEqualTo(couponId);
        assertThat(e.getMessage()).isNotBlank();
        return e;
    }
}
