package dev.orderpay.savings;

import dev.orderpay.pricing.MinorUnits;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of discounts and coupons (contract §5): money as decimal strings, percentages as "15.00". */
public final class SavingsViews {

    private SavingsViews() {
    }

    /** {discount_id, type, percent_off, service_types, order_types, valid_from, valid_until, status}. */
    public static Map<String, Object> discount(Discount d, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("discount_id", d.discountId);
        m.put("type", d.type);
        m.put("percent_off", MinorUnits.formatPercent(d.percentOffBp));
        m.put("service_types", List.copyOf(Lists.set(d.serviceTypes)));
        m.put("order_types", List.copyOf(Lists.set(d.orderTypes)));
        m.put("valid_from", d.validFrom);
        m.put("valid_until", d.validUntil);
        m.put("status", d.status(now));
        return m;
    }

    /** The coupon object of contract §5; cash-only and discount-only members are null for the other type. */
    public static Map<String, Object> coupon(Coupon c, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        String cur = c.currency;
        m.put("coupon_id", c.couponId);
        m.put("type", c.type);
        m.put("face_value", c.cash() ? MinorUnits.format(c.faceValue, cur) : null);
        m.put("balance", c.cash() ? MinorUnits.format(c.balance, cur) : null);
        m.put("percent_off", c.cash() ? null : MinorUnits.formatPercent(c.percentOffBp));
        m.put("min_spend", cur == null ? "0" : MinorUnits.format(c.minSpend, cur));
        m.put("max_deduction", c.maxDeduction == null ? null : MinorUnits.format(c.maxDeduction, cur));
        m.put("currency", cur);
        m.put("service_types", List.copyOf(Lists.set(c.serviceTypes)));
        m.put("order_types", List.copyOf(Lists.set(c.orderTypes)));
        m.put("valid_from", c.validFrom);
        m.put("valid_until", c.validUntil);
        m.put("stackable_with_discount", c.stackableWithDiscount);
        m.put("status", c.status(now).wire());
        return m;
    }
}
