package dev.orderpay.pricing;

import static dev.orderpay.pricing.Fixtures.EBS;
import static dev.orderpay.pricing.Fixtures.EC2;
import static dev.orderpay.pricing.Fixtures.NEW;
import static dev.orderpay.pricing.Fixtures.NOW;
import static dev.orderpay.pricing.Fixtures.RDS;
import static dev.orderpay.pricing.Fixtures.RENEWAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import dev.orderpay.support.PropertyCheck;
import dev.orderpay.support.PropertyCheck.Gen;
import dev.orderpay.support.PropertyCheck.Stats;
import org.junit.jupiter.api.Test;

/**
 * Contract §5 invariants over random payments: 1–30 orders of 1 minor unit to 10^9 major units, every
 * supported currency, one discount and up to three coupons. Expected figures come from independent
 * oracles (BigDecimal / BigInteger), not from the code under test. Each property runs on
 * {@link PropertyCheck#tries()} seeded random inputs ({@code -Dproperty.tries}, {@code -Dproperty.seed}).
 */
class PricerPropertiesTest {

    private static final List<String> SERVICES = List.of(EC2, EBS, RDS, "hws.service.type.obs",
            "hws.service.type.vpc");
    private static final List<String> ORDER_TYPES = List.of(NEW, RENEWAL, "change");
    private static final long YEAR_SECONDS = 366L * 24 * 3600;
    /** In a fixed order, so that a seed makes the same input on every JVM. */
    private static final List<String> CURRENCIES = List.copyOf(new TreeSet<>(MinorUnits.SUPPORTED));
    private static final String BRANCHES = "coupon allocation";

    record Scenario(String currency, List<PricedOrderInput> orders, DiscountTerms discount,
                    List<CouponTerms> coupons) {
    }

    // ---- properties over valid payments ----

    @Test
    void everyFigureMatchesTheContractRules() {
        Stats stats = PropertyCheck.forAllWithStats(PricerPropertiesTest::validPayment, PricerPropertiesTest::checkEveryFigure);
        // the generator must keep reaching every allocation branch, or the checks prove little
        for (String branch : List.of("cash: balance runs out", "cash: covers all", "percent: cap binds",
                "percent: per order")) {
            stats.assertPercentAbove(BRANCHES, branch, 3);
        }
    }

    private static void checkEveryFigure(Scenario s, Stats stats) {
        PriceBreakdown result = Pricer.price(s.orders(), s.discount(), s.coupons(), NOW);

        Map<String, PricedOrderInput> input = new HashMap<>();
        s.orders().forEach(o -> input.put(o.orderId(), o));
        assertThat(result.currency()).isEqualTo(s.currency());
        assertThat(result.orders()).extracting(OrderPrice::orderId)
                .containsExactlyElementsOf(input.keySet().stream().sorted().toList());
        for (OrderPrice p : result.orders()) {
            PricedOrderInput order = input.get(p.orderId());
            assertThat(p.amount()).isEqualTo(order.amount());
            assertThat(p.discountAmount()).isEqualTo(expectedDiscount(s.discount(), order));
            assertThat(p.couponAmount()).isBetween(0L, p.amount() - p.discountAmount());
            assertThat(p.payableAmount()).isNotNegative()
                    .isEqualTo(p.amount() - p.discountAmount() - p.couponAmount());
        }
        assertTotalsAreSums(result);

        Map<String, Long> couponOfOrder = new HashMap<>();
        assertThat(result.couponUsage().keySet())
                .containsExactlyInAnyOrderElementsOf(s.coupons().stream().map(CouponTerms::couponId).toList());
        for (CouponTerms coupon : s.coupons()) {
            Map<String, Long> shares = result.couponShares().get(coupon.couponId());
            List<OrderPrice> eligible = result.orders().stream()
                    .filter(p -> covers(coupon.serviceTypes(), coupon.orderTypes(), input.get(p.orderId())))
                    .toList();
            assertThat(shares.keySet()).containsExactlyInAnyOrderElementsOf(
                    eligible.stream().map(OrderPrice::orderId).toList());
            long used = shares.values().stream().mapToLong(Long::longValue).sum();
            assertThat(result.couponUsage().get(coupon.couponId())).isEqualTo(used);
            shares.forEach((orderId, share) ->
                    assertThat(couponOfOrder.put(orderId, share)).as("second coupon on %s", orderId).isNull());
            assertCouponShares(coupon, eligible, shares, used, stats);
        }
        for (OrderPrice p : result.orders()) {
            assertThat(p.couponAmount()).isEqualTo(couponOfOrder.getOrDefault(p.orderId(), 0L));
        }
    }

    /** A payment and a random source for shuffling it. */
    record Shuffled(Scenario scenario, Random random) {
    }

    @Test
    void resultDoesNotDependOnInputOrder() {
        PropertyCheck.forAll(g -> new Shuffled(validPayment(g), new Random(g.random().nextLong())), in -> {
            Scenario s = in.scenario();
            PriceBreakdown expected = Pricer.price(s.orders(), s.discount(), s.coupons(), NOW);

            assertThat(Pricer.price(shuffled(s.orders(), in.random()), s.discount(),
                    shuffled(s.coupons(), in.random()), NOW)).isEqualTo(expected);
        });
    }

    // ---- properties over arbitrary (often invalid) savings choices ----

    @Test
    void outcomeAndErrorDoNotDependOnInputOrder() {
        Stats stats = PropertyCheck.forAllWithStats(g -> new Shuffled(anyPayment(g), new Random(g.random().nextLong())),
                (in, st) -> {
                    Scenario s = in.scenario();
                    Object expected = outcome(s.orders(), s.discount(), s.coupons());

                    assertThat(outcome(shuffled(s.orders(), in.random()), s.discount(),
                            shuffled(s.coupons(), in.random()))).isEqualTo(expected);
                    st.collect("outcome", expected instanceof PriceBreakdown ? "priced" : ((List<?>) expected).get(0));
                });
        stats.assertPercentAbove("outcome", "priced", 5);
        for (PricingException.Code code : PricingException.Code.values()) {
            stats.assertPercentAbove("outcome", code.name(), 1);
        }
    }

    @Test
    void whateverIsAcceptedIsConsistent() {
        PropertyCheck.forAll(PricerPropertiesTest::anyPayment, PricerPropertiesTest::checkAccepted);
    }

    private static void checkAccepted(Scenario s) {
        PriceBreakdown result;
        try {
            result = Pricer.price(s.orders(), s.discount(), s.coupons(), NOW);
        } catch (PricingException rejected) {
            return;
        }
        assertTotalsAreSums(result);
        for (CouponTerms coupon : s.coupons()) {
            long used = result.couponUsage().get(coupon.couponId());
            assertThat(result.couponShares().get(coupon.couponId()).values().stream().mapToLong(Long::longValue)
                    .sum()).isEqualTo(used);
            if (coupon.type() == CouponType.CASH) {
                assertThat(used).isLessThanOrEqualTo(coupon.balance());
            } else if (coupon.maxDeduction() != null) {
                assertThat(used).isLessThanOrEqualTo(coupon.maxDeduction());
            }
        }
    }

    // ---- oracles ----

    private static long expectedDiscount(DiscountTerms discount, PricedOrderInput order) {
        boolean applies = discount != null && covers(discount.serviceTypes(), discount.orderTypes(), order);
        return applies ? halfUpPercent(order.amount(), discount.percentOffBp()) : 0;
    }

    private static long halfUpPercent(long minor, long bp) {
        return BigDecimal.valueOf(minor).multiply(BigDecimal.valueOf(bp)).movePointLeft(4)
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static void assertCouponShares(CouponTerms coupon, List<OrderPrice> eligible, Map<String, Long> shares,
                                           long used, Stats stats) {
        long remainingSum = eligible.stream().mapToLong(PricerPropertiesTest::afterDiscount).sum();
        if (coupon.type() == CouponType.CASH) {
            stats.collect(BRANCHES, coupon.balance() < remainingSum ? "cash: balance runs out" : "cash: covers all");
            assertThat(used).isLessThanOrEqualTo(coupon.balance()).isEqualTo(Math.min(coupon.balance(), remainingSum));
            assertProportional(eligible, shares, used, remainingSum);
            return;
        }
        long uncapped = eligible.stream().mapToLong(p -> halfUpPercent(afterDiscount(p), coupon.percentOffBp())).sum();
        boolean capBinds = coupon.maxDeduction() != null && uncapped > coupon.maxDeduction();
        stats.collect(BRANCHES, capBinds ? "percent: cap binds" : "percent: per order");
        if (!capBinds) {
            for (OrderPrice p : eligible) {
                assertThat(shares.get(p.orderId())).isEqualTo(halfUpPercent(afterDiscount(p), coupon.percentOffBp()));
            }
        } else {
            assertThat(used).isEqualTo(coupon.maxDeduction());
            assertProportional(eligible, shares, used, remainingSum);
        }
    }

    /** Each share is within one minor unit of its exact proportional part: |share − used·r/R| < 1. */
    private static void assertProportional(List<OrderPrice> eligible, Map<String, Long> shares, long used,
                                           long remainingSum) {
        for (OrderPrice p : eligible) {
            long share = shares.get(p.orderId());
            assertThat(share).isBetween(0L, afterDiscount(p));
            if (remainingSum == 0) {
                assertThat(share).isZero();
                continue;
            }
            BigInteger gap = BigInteger.valueOf(share).multiply(BigInteger.valueOf(remainingSum))
                    .subtract(BigInteger.valueOf(used).multiply(BigInteger.valueOf(afterDiscount(p)))).abs();
            assertThat(gap).isLessThan(BigInteger.valueOf(remainingSum));
        }
    }

    private static long afterDiscount(OrderPrice p) {
        return p.amount() - p.discountAmount();
    }

    private static void assertTotalsAreSums(PriceBreakdown result) {
        assertThat(result.totalAmount()).isEqualTo(sum(result, OrderPrice::amount));
        assertThat(result.totalDiscount()).isEqualTo(sum(result, OrderPrice::discountAmount));
        assertThat(result.totalCoupon()).isEqualTo(sum(result, OrderPrice::couponAmount))
                .isEqualTo(result.couponUsage().values().stream().mapToLong(Long::longValue).sum());
        assertThat(result.totalPayable()).isNotNegative().isEqualTo(sum(result, OrderPrice::payableAmount))
                .isEqualTo(result.totalAmount() - result.totalDiscount() - result.totalCoupon());
    }

    private static long sum(PriceBreakdown result, ToLongFunction<OrderPrice> figure) {
        return result.orders().stream().mapToLong(figure).sum();
    }

    private static boolean covers(Set<String> serviceTypes, Set<String> orderTypes, PricedOrderInput order) {
        return (serviceTypes.isEmpty() || serviceTypes.contains(order.serviceType()))
                && (orderTypes.isEmpty() || orderTypes.contains(order.orderType()));
    }

    private static Object outcome(List<PricedOrderInput> orders, DiscountTerms discount, List<CouponTerms> coupons) {
        try {
            return Pricer.price(orders, discount, coupons, NOW);
        } catch (PricingException e) {
            return List.of(e.errorCode(), String.valueOf(e.couponId()), String.valueOf(e.discountId()),
                    e.getMessage());
        }
    }

    private static <T> List<T> shuffled(List<T> values, Random random) {
        List<T> copy = new ArrayList<>(values);
        Collections.shuffle(copy, random);
        return copy;
    }

    // ---- generators ----
    // Savings depend on the generated orders: fixed-shape seeds are generated first and turned into a
    // payment by plain code.

    record OrderSeed(String id, String serviceType, String orderType, long rawAmount) {
        PricedOrderInput toOrder(String currency) {
            long max = MinorUnits.maxOrderAmount(currency);
            return new PricedOrderInput(id, serviceType, orderType, currency, 1 + (rawAmount - 1) % max);
        }
    }

    record Window(Instant from, Instant until) {
    }

    record DiscountSeed(long bp, TypeFilter services, TypeFilter orderTypes, int anchor, Window window) {
    }

    /** Money knobs: a balance or cap, small or scaled to the orders; min_spend 0, at its bound, or below. */
    record Knobs(boolean smallMoney, long money, int spendMode, long spend, boolean capped, boolean anyCurrency,
                 boolean stackable) {
        long money(long amounts) {
            return smallMoney ? money % 1_001 : money % (2 * amounts + 1);
        }

        long minSpend(long bound) {
            return switch (spendMode) {
                case 0 -> 0;
                case 1 -> bound;
                default -> spend % (bound + 1);
            };
        }
    }

    record CouponSeed(boolean cash, long bp, TypeFilter services, TypeFilter orderTypes, int anchor,
                      int currencyPick, Knobs knobs, Window window) {
        CouponTerms toCoupon(String id, Set<String> serviceTypes, Set<String> orderTypes, String currency,
                             long amounts, long spendBound, boolean stackable) {
            long money = knobs.money(amounts);
            long minSpend = knobs.minSpend(spendBound);
            if (cash) {
                return new CouponTerms(id, CouponType.CASH, money, 0, minSpend, null, currency, serviceTypes,
                        orderTypes, window.from(), window.until(), stackable);
            }
            // without a currency a discount coupon can have neither min_spend nor a cap
            return knobs.anyCurrency()
                    ? new CouponTerms(id, CouponType.DISCOUNT, 0, bp, 0, null, null, serviceTypes, orderTypes,
                    window.from(), window.until(), stackable)
                    : new CouponTerms(id, CouponType.DISCOUNT, 0, bp, minSpend, knobs.capped() ? money : null,
                    currency, serviceTypes, orderTypes, window.from(), window.until(), stackable);
        }
    }

    /** Payments pricing must accept: coupons on distinct service types, min_spend reachable, windows open. */
    static Scenario validPayment(Gen g) {
        return validPayment(g.of(CURRENCIES), orderSeeds(g), g.orNull(0.3, x -> discountSeed(x, openWindow(x))),
                g.shuffled(SERVICES), g.uniqueList(Pricer.MAX_COUPONS, Pricer.MAX_COUPONS, PricerPropertiesTest::couponId, id -> id),
                g.list(0, Pricer.MAX_COUPONS, x -> couponSeed(x, openWindow(x))));
    }

    private static Scenario validPayment(String currency, List<OrderSeed> orderSeeds, DiscountSeed discountSeed,
                                         List<String> serviceOrder, List<String> couponIds,
                                         List<CouponSeed> couponSeeds) {
        List<PricedOrderInput> orders = orderSeeds.stream().map(seed -> seed.toOrder(currency)).toList();
        DiscountTerms discount = null;
        if (discountSeed != null) {
            // covers at least its anchor order, so it always applies
            PricedOrderInput anchor = orders.get(discountSeed.anchor() % orders.size());
            discount = new DiscountTerms("D-" + discountSeed.bp(), discountSeed.bp(),
                    discountSeed.services().covering(anchor.serviceType()),
                    discountSeed.orderTypes().covering(anchor.orderType()),
                    discountSeed.window().from(), discountSeed.window().until());
        }
        // one service type per coupon: coupons never share an order
        List<String> present = serviceOrder.stream()
                .filter(type -> orders.stream().anyMatch(o -> o.serviceType().equals(type))).toList();
        List<CouponTerms> coupons = new ArrayList<>();
        boolean cashTaken = false;
        for (int j = 0; j < Math.min(couponSeeds.size(), present.size()); j++) {
            CouponSeed seed = couponSeeds.get(j);
            if (seed.cash() && cashTaken) {
                // contract §5 rule 2: at most one cash coupon per request
                seed = new CouponSeed(false, seed.bp(), seed.services(), seed.orderTypes(), seed.anchor(),
                        seed.currencyPick(), seed.knobs(), seed.window());
            }
            cashTaken |= seed.cash();
            coupons.add(validCoupon(couponIds.get(j), present.get(j), seed, currency, orders, discount));
        }
        return new Scenario(currency, orders, discount, coupons);
    }

    private static CouponTerms validCoupon(String id, String serviceType, CouponSeed seed, String currency,
                                           List<PricedOrderInput> orders, DiscountTerms discount) {
        List<PricedOrderInput> inService = orders.stream().filter(o -> o.serviceType().equals(serviceType)).toList();
        PricedOrderInput anchor = inService.get(seed.anchor() % inService.size());
        Set<String> orderTypes = seed.orderTypes().covering(anchor.orderType());
        List<PricedOrderInput> eligible = inService.stream().filter(o -> covers(Set.of(), orderTypes, o)).toList();
        boolean discounted = discount != null
                && eligible.stream().anyMatch(o -> covers(discount.serviceTypes(), discount.orderTypes(), o));
        long amounts = eligible.stream().mapToLong(PricedOrderInput::amount).sum();
        // a lower bound of the amount after discount that does not reuse the rounding under test
        long spendBound = eligible.stream().mapToLong(o -> discount == null ? o.amount()
                : o.amount() - ceilPercent(o.amount(), discount.percentOffBp())).sum();
        return seed.toCoupon(id, Set.of(serviceType), orderTypes, currency, amounts, spendBound,
                discounted || seed.knobs().stackable());
    }

    private static long ceilPercent(long minor, long bp) {
        return (minor * bp + MinorUnits.FULL_PERCENT_BP - 1) / MinorUnits.FULL_PERCENT_BP;
    }

    /** Payments with savings chosen at random: overlapping, expired, foreign-currency, too many coupons … */
    static Scenario anyPayment(Gen g) {
        return anyPayment(g.of(CURRENCIES), orderSeeds(g), g.orNull(0.4, x -> discountSeed(x, anyWindow(x))),
                g.list(Pricer.MAX_COUPONS + 1, Pricer.MAX_COUPONS + 1, PricerPropertiesTest::couponId),
                g.list(0, Pricer.MAX_COUPONS + 1, x -> couponSeed(x, anyWindow(x))));
    }

    private static Scenario anyPayment(String currency, List<OrderSeed> orderSeeds, DiscountSeed discountSeed,
                                       List<String> couponIds, List<CouponSeed> couponSeeds) {
        List<PricedOrderInput> orders = orderSeeds.stream().map(seed -> seed.toOrder(currency)).toList();
        DiscountTerms discount = discountSeed == null ? null
                : new DiscountTerms("D-" + discountSeed.bp(), discountSeed.bp(), discountSeed.services().some(),
                discountSeed.orderTypes().some(), discountSeed.window().from(), discountSeed.window().until());
        long amounts = orders.stream().mapToLong(PricedOrderInput::amount).sum();
        List<String> currencies = List.of(currency, currency, "EUR", "JPY");
        List<CouponTerms> coupons = new ArrayList<>();
        for (int j = 0; j < couponSeeds.size(); j++) {
            CouponSeed seed = couponSeeds.get(j);
            coupons.add(seed.toCoupon(couponIds.get(j), seed.services().some(), seed.orderTypes().some(),
                    currencies.get(seed.currencyPick()), amounts, amounts / 2, seed.knobs().stackable()));
        }
        return new Scenario(currency, orders, discount, coupons);
    }

    // ---- building blocks ----

    private static List<OrderSeed> orderSeeds(Gen g) {
        return g.uniqueList(1, Pricer.MAX_ORDERS, x -> new OrderSeed(x.string('A', 'Z', 1, 4), x.of(SERVICES),
                x.of(ORDER_TYPES), switch (x.between(0, 2)) {
                    case 0 -> x.between(1L, 10_000L);
                    case 1 -> x.between(1L, Long.MAX_VALUE);
                    default -> MinorUnits.maxOrderAmount("KWD"); // maps to every currency's maximum
                }), OrderSeed::id);
    }

    private static DiscountSeed discountSeed(Gen g, Window window) {
        return new DiscountSeed(percent(g), typeFilter(g, SERVICES), typeFilter(g, ORDER_TYPES),
                g.between(0, Pricer.MAX_ORDERS - 1), window);
    }

    private static CouponSeed couponSeed(Gen g, Window window) {
        Knobs knobs = new Knobs(g.bool(), g.between(0L, Long.MAX_VALUE), g.between(0, 2), g.between(0L, Long.MAX_VALUE),
                g.bool(), g.bool(), g.bool());
        return new CouponSeed(g.bool(), percent(g), typeFilter(g, SERVICES), typeFilter(g, ORDER_TYPES),
                g.between(0, Pricer.MAX_ORDERS - 1), g.between(0, 3), knobs, window);
    }

    private static String couponId(Gen g) {
        return g.string('a', 'e', 1, 2);
    }

    private static long percent(Gen g) {
        return g.bool() ? g.between(1L, 10_000L) : g.of(1L, 1_500L, 3_333L, 5_000L, 9_999L, 10_000L);
    }

    /** Windows open at {@code NOW}: bounds null or up to a year away. */
    private static Window openWindow(Gen g) {
        return new Window(g.orNull(0.5, x -> NOW.minusSeconds(x.between(0L, YEAR_SECONDS))),
                g.orNull(0.5, x -> NOW.plusSeconds(x.between(1L, YEAR_SECONDS))));
    }

    /** Mostly open windows (3 in 4), some starting after {@code NOW} or ending at or before it. */
    private static Window anyWindow(Gen g) {
        if (g.between(0, 3) < 3) {
            return openWindow(g);
        }
        return g.of(new Window(NOW.plusSeconds(1), null), new Window(null, NOW),
                new Window(NOW.minusSeconds(YEAR_SECONDS), NOW.minusSeconds(1)), new Window(NOW, NOW.plusNanos(1)));
    }

    /** A type list: "all" (empty) or some values; {@link #covering} adds the value that must match. */
    record TypeFilter(boolean all, Set<String> values) {
        Set<String> covering(String value) {
            if (all) {
                return Set.of();
            }
            Set<String> with = new HashSet<>(values);
            with.add(value);
            return with;
        }

        Set<String> some() {
            return all ? Set.of() : values;
        }
    }

    private static TypeFilter typeFilter(Gen g, List<String> universe) {
        return new TypeFilter(g.bool(), g.subsetOf(universe));
    }
}
