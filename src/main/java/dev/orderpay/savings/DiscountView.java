package dev.orderpay.savings;

import dev.orderpay.pricing.MinorUnits;
import java.time.Instant;
import java.util.List;

/**
 * A discount as contract §5 shows it ({@code GET /v1/discounts}, a grant's 201 answer, a quote's
 * {@code available_discounts}); fields render in this order, nulls written out.
 * {@code percent_off} is a percentage string such as {@code "15.00"}; times are UTC;
 * {@code status} is active, not_yet_valid or expired at the time of the answer.
 */
public record DiscountView(String discountId, String type, String percentOff, List<String> serviceTypes,
                           List<String> orderTypes, Instant validFrom, Instant validUntil, String status) {

    /** The discount as seen at {@code now}. */
    public static DiscountView of(Discount d, Instant now) {
        return new DiscountView(d.discountId, d.type, MinorUnits.formatPercent(d.percentOffBp),
                List.copyOf(Lists.set(d.serviceTypes)), List.copyOf(Lists.set(d.orderTypes)), d.validFrom, d.validUntil,
                d.status(now));
    }

    /** The answer of {@code GET /v1/discounts}: {@code {"discounts": [...]}}. */
    public record Discounts(List<DiscountView> discounts) {
    }
}
