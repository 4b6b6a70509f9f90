package dev.orderpay.pricing;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Readable builders for pricing tests. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    static final String EC2 = "hws.service.type.ec2";
    static final String EBS = "hws.service.type.ebs";
    static final String RDS = "hws.service.type.rds";
    static final String NEW = "new_purchase";
    static final String RENEWAL = "renewal";

    private Fixtures() {
    }

    static PricedOrderInput order(String id, String currency, long amount) {
        return new PricedOrderInput(id, EC2, NEW, currency, amount);
    }

    static PricedOrderInput order(String id, String serviceType, String orderType, String currency, long amount) {
        return new PricedOrderInput(id, serviceType, orderType, currency, amount);
    }

    static DiscountBuilder discount(String id, long percentOffBp) {
        return new DiscountBuilder(id, percentOffBp);
    }

    static CouponBuilder cash(String id, long balance, String currency) {
        return new CouponBuilder(id, CouponType.CASH).balance(balance).currency(currency);
    }

    static CouponBuilder percentCoupon(String id, long percentOffBp) {
        return new CouponBuilder(id, CouponType.DISCOUNT).percent(percentOffBp);
    }

    static PriceBreakdown price(List<PricedOrderInput> orders, DiscountBuilder discount, CouponBuilder... coupons) {
        return Pricer.price(orders, discount == null ? null : discount.build(),
                Arrays.stream(coupons).map(CouponBuilder::build).toList(), NOW);
    }

    static final class DiscountBuilder {
        private final String id;
        private final long bp;
        private Set<String> serviceTypes = Set.of();
        private Set<String> orderTypes = Set.of();
        private Instant from;
        private Instant until;

        private DiscountBuilder(String id, long bp) {
            this.id = id;
            this.bp = bp;
        }

        DiscountBuilder services(String... types) {
            serviceTypes = Set.of(types);
            return this;
        }

        DiscountBuilder orderTypes(String... types) {
            orderTypes = Set.of(types);
            return this;
        }

        DiscountBuilder window(Instant validFrom, Instant validUntil) {
            from = validFrom;
            until = validUntil;
            return this;
        }

        DiscountTerms build() {
            return new DiscountTerms(id, bp, serviceTypes, orderTypes, from, until);
        }
    }

    static final class CouponBuilder {
        private final String id;
        private final CouponType type;
        private long balance;
        private long bp;
        private long minSpend;
        private Long maxDeduction;
        private String currency;
        private Set<String> serviceTypes = Set.of();
        private Set<String> orderTypes = Set.of();
        private Instant from;
        private Instant until;
        private boolean stackable = true;

        private CouponBuilder(String id, CouponType type) {
            this.id = id;
            this.type = type;
        }

        CouponBuilder balance(long minor) {
            balance = minor;
            return this;
        }

        CouponBuilder percent(long percentOffBp) {
            bp = percentOffBp;
            return this;
        }

        CouponBuilder minSpend(long minor) {
            minSpend = minor;
            return this;
        }

        CouponBuilder maxDeduction(Long minor) {
            maxDeduction = minor;
            return this;
        }

        CouponBuilder currency(String code) {
            currency = code;
            return this;
        }

        CouponBuilder services(String... types) {
            serviceTypes = Set.of(types);
            return this;
        }

        CouponBuilder orderTypes(String... types) {
            orderTypes = Set.of(types);
            return this;
        }

        CouponBuilder window(Instant validFrom, Instant validUntil) {
            from = validFrom;
            until = validUntil;
            return this;
        }

        CouponBuilder notStackable() {
            stackable = false;
            return this;
        }

        CouponTerms build() {
            return new CouponTerms(id, type, balance, bp, minSpend, maxDeduction, currency, serviceTypes, orderTypes,
                    from, until, stackable);
        }
    }
}
