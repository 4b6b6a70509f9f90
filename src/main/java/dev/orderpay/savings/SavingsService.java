package dev.orderpay.savings;

import dev.orderpay.customer.CustomerService;
import dev.orderpay.order.OrderType;
import dev.orderpay.order.ServiceTypeCatalogue;
import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.Violations;
import dev.orderpay.platform.WireEnum;
import dev.orderpay.pricing.MinorUnits;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import com.github.f4b6a3.ulid.UlidCreator;

/** Grants (admin) and listings (customer) of discounts and coupons (contract §5). */
@ApplicationScoped
public class SavingsService {

    private static final Set<String> DISCOUNT_TYPES = Set.of("commercial", "promotion", "partner", "contract");

    private final CustomerService customers;
    private final ServiceTypeCatalogue catalogue;
    private final AppClock clock;
    private final DiscountRepository discounts;
    private final CouponRepository coupons;

    public SavingsService(CustomerService customers, ServiceTypeCatalogue catalogue, AppClock clock,
                          DiscountRepository discounts, CouponRepository coupons) {
        this.customers = customers;
        this.catalogue = catalogue;
        this.clock = clock;
        this.discounts = discounts;
        this.coupons = coupons;
    }

    /** Admin grant body of a discount. */
    public record DiscountGrant(String discountId, String type, String percentOff, List<String> serviceTypes,
                                List<String> orderTypes, Instant validFrom, Instant validUntil) {
    }

    /** Admin grant body of a coupon; money in {@code currency}. */
    public record CouponGrant(String couponId, String type, String faceValue, String percentOff, String minSpend,
                              String maxDeduction, String currency, List<String> serviceTypes,
                              List<String> orderTypes, Instant validFrom, Instant validUntil,
                              Boolean stackableWithDiscount) {
    }

    /**
     * Grants a discount. @throws ApiException 400 VALIDATION_FAILED, 409 ORDER_CONFLICT-like
     * {@code SAVINGS_CONFLICT} when the ID exists
     */
    @WithTransaction
    public Uni<DiscountView> grantDiscount(String customerId, DiscountGrant g) {
        return catalogue.names().flatMap(names -> {
            Violations v = new Violations().identifier("customer_id", customerId, true);
            if (g == null) {
                v.add("body", "is required").throwIfAny();
            }
            v.identifier("discount_id", g.discountId(), false);
            if (g.type() == null || !DISCOUNT_TYPES.contains(g.type())) {
                v.add("type", "must be commercial, promotion, partner or contract");
            }
            long bp = percent(v, "percent_off", g.percentOff(), true);
            types(v, g.serviceTypes(), g.orderTypes(), names.keySet());
            window(v, g.validFrom(), g.validUntil());
            v.throwIfAny();
            Discount d = new Discount();
            d.discountId = g.discountId() != null ? g.discountId() : "D-" + UlidCreator.getMonotonicUlid();
            d.customerId = customerId;
            d.type = g.type();
            d.percentOffBp = bp;
            d.serviceTypes = Lists.join(g.serviceTypes());
            d.orderTypes = Lists.join(g.orderTypes());
            d.validFrom = g.validFrom();
            d.validUntil = g.validUntil();
            d.createdAt = clock.now();
            return discounts.findById(d.discountId).flatMap(existing -> {
                if (existing != null) {
                    return Uni.createFrom().failure(ApiException.conflict("SAVINGS_CONFLICT",
                            "discount " + d.discountId + " already exists"));
                }
                return customers.ensure(customerId).flatMap(c -> discounts.persist(d)).map(x -> DiscountView.of(d, clock.now()));
            });
        });
    }

    /** Grants a coupon. @throws ApiException 400 VALIDATION_FAILED, 409 SAVINGS_CONFLICT when the ID exists */
    @WithTransaction
    public Uni<CouponView> grantCoupon(String customerId, CouponGrant g) {
        return catalogue.names().flatMap(names -> {
            Violations v = new Violations().identifier("customer_id", customerId, true);
            if (g == null) {
                v.add("body", "is required").throwIfAny();
            }
            v.identifier("coupon_id", g.couponId(), false);
            boolean cash = "cash".equals(g.type());
            if (!cash && !"discount".equals(g.type())) {
                v.add("type", "must be cash or discount");
            }
            String cur = g.currency();
            if (cur != null && !MinorUnits.SUPPORTED.contains(cur)) {
                v.add("currency", "unsupported currency '" + cur + "'");
                cur = null;
            }
            if (cash && g.currency() == null) {
                v.add("currency", "is required for a cash coupon");
            }
            Coupon c = new Coupon();
            if (cash) {
                c.faceValue = money(v, "face_value", g.faceValue(), cur, true);
                if (g.percentOff() != null) {
                    v.add("percent_off", "a cash coupon has a face_value, not a percent_off");
                }
                if (g.maxDeduction() != null) {
                    v.add("max_deduction", "only a discount coupon has a max_deduction");
                }
            } else {
                c.percentOffBp = percent(v, "percent_off", g.percentOff(), true);
                if (g.faceValue() != null) {
                    v.add("face_value", "a discount coupon has a percent_off, not a face_value");
                }
                if (cur == null && (g.minSpend() != null || g.maxDeduction() != null)) {
                    v.add("currency", "is required when min_spend or max_deduction is given");
                }
                c.maxDeduction = money(v, "max_deduction", g.maxDeduction(), cur, false);
            }
            Long minSpend = money(v, "min_spend", g.minSpend(), cur, false);
            types(v, g.serviceTypes(), g.orderTypes(), names.keySet());
            window(v, g.validFrom(), g.validUntil());
            v.throwIfAny();
            Instant now = clock.now();
            c.couponId = g.couponId() != null ? g.couponId() : "C-" + UlidCreator.getMonotonicUlid();
            c.customerId = customerId;
            c.type = g.type();
            c.minSpend = minSpend == null ? 0 : minSpend;
            c.currency = g.currency();
            c.serviceTypes = Lists.join(g.serviceTypes());
            c.orderTypes = Lists.join(g.orderTypes());
            c.validFrom = g.validFrom();
            c.validUntil = g.validUntil();
            c.stackableWithDiscount = !Boolean.FALSE.equals(g.stackableWithDiscount());
            c.issue(now);
            return coupons.findById(c.couponId).flatMap(existing -> {
                if (existing != null) {
                    return Uni.createFrom().failure(ApiException.conflict("SAVINGS_CONFLICT",
                            "coupon " + c.couponId + " already exists"));
                }
                return customers.ensure(customerId).flatMap(x -> coupons.persist(c)).map(x -> CouponView.of(c, now));
            });
        });
    }

    /**
     * The customer's discounts: by default the usable (active) ones; {@code status} one of
     * active, not_yet_valid, expired, all.
     */
    @WithSession
    public Uni<DiscountView.Discounts> discounts(String customerId, String status) {
        String wanted = status == null ? "active" : status;
        if (!Set.of("active", "not_yet_valid", "expired", "all").contains(wanted)) {
            throw ApiException.validation("status", "unknown value '" + status + "'");
        }
        Instant now = clock.now();
        return discounts.ofCustomer(customerId)
                .map(list -> new DiscountView.Discounts(list.stream()
                        .filter(d -> "all".equals(wanted) || d.status(now).equals(wanted))
                        .map(d -> DiscountView.of(d, now)).toList()));
    }

    /**
     * The customer's coupons: by default the usable ones (available and valid now);
     * {@code status} one of available, reserved, used, expired, all.
     */
    @WithSession
    public Uni<CouponView.Coupons> coupons(String customerId, String status) {
        String wanted = status == null ? "usable" : status;
        if (!Set.of("usable", "available", "reserved", "used", "expired", "all").contains(wanted)) {
            throw ApiException.validation("status", "unknown value '" + status + "'");
        }
        Instant now = clock.now();
        return coupons.ofCustomer(customerId)
                .map(list -> new CouponView.Coupons(list.stream()
                        .filter(c -> switch (wanted) {
                            case "all" -> true;
                            case "usable" -> c.status(now) == CouponStatus.AVAILABLE
                                    && (c.validFrom == null || !now.isBefore(c.validFrom));
                            default -> c.status(now).wire().equals(wanted);
                        })
                        .map(c -> CouponView.of(c, now)).toList()));
    }

    /**
     * The customer's discount {@code discountId} for a payment (contract §5), or null when
     * {@code discountId} is null. Runs inside the caller's session or transaction.
     *
     * @throws ApiException 422 DISCOUNT_NOT_APPLICABLE (as a failed Uni) for an unknown or another customer's discount
     */
    public Uni<Discount> discountForPayment(String customerId, String discountId) {
        if (discountId == null) {
            return Uni.createFrom().nullItem();
        }
        return discounts.ofCustomer(customerId, discountId).flatMap(d -> d != null ? Uni.createFrom().item(d)
                : Uni.createFrom().failure(ApiException.unprocessable("DISCOUNT_NOT_APPLICABLE",
                        "discount " + discountId + " is not available to this account").with("discount_id", discountId)));
    }

    /** All the customer's discounts, by discount_id (a quote's offer). Runs inside the caller's session or transaction. */
    public Uni<List<Discount>> discountsOf(String customerId) {
        return discounts.ofCustomer(customerId);
    }

    private static long percent(Violations v, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                v.add(field, "is required");
            }
            return 0;
        }
        try {
            return MinorUnits.parsePercent(value);
        } catch (IllegalArgumentException e) {
            v.add(field, "must be a percentage string above 0 and at most 100.00, such as \"15.00\"");
            return 0;
        }
    }

    private static Long money(Violations v, String field, String value, String currency, boolean required) {
        if (value == null) {
            if (required) {
                v.add(field, "is required");
            }
            return null;
        }
        if (currency == null) {
            return null;
        }
        try {
            return MinorUnits.parse(value, currency);
        } catch (IllegalArgumentException e) {
            v.add(field, e.getMessage());
            return null;
        }
    }

    private static void types(Violations v, List<String> serviceTypes, List<String> orderTypes, Set<String> known) {
        if (serviceTypes != null) {
            serviceTypes.forEach(s -> {
                if (s == null || !known.contains(s)) {
                    v.add("service_types", "unknown value '" + s + "'");
                }
            });
        }
        if (orderTypes != null) {
            orderTypes.forEach(s -> {
                if (s == null || WireEnum.parse(OrderType.class, s).isEmpty()) {
                    v.add("order_types", "unknown value '" + s + "'");
                }
            });
        }
    }

    private static void window(Violations v, Instant from, Instant until) {
        if (from != null && until != null && !until.isAfter(from)) {
            v.add("valid_until", "must be after valid_from");
        }
    }
}
