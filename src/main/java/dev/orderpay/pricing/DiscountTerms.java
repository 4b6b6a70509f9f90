package dev.orderpay.pricing;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A customer's discount as pricing sees it (contract §5). Reusable, never consumed.
 *
 * @param discountId   the discount's ID
 * @param percentOffBp percent off in basis points (1500 = 15.00 %), in (0, 10000]
 * @param serviceTypes service types it covers; empty (or null) = all
 * @param orderTypes   order types it covers; empty (or null) = all
 * @param validFrom    first instant it applies (inclusive), null = unbounded
 * @param validUntil   instant it stops applying (exclusive), null = unbounded
 * @throws IllegalArgumentException if the ID is null or the percentage is out of range
 */
public record DiscountTerms(String discountId, long percentOffBp, Set<String> serviceTypes, Set<String> orderTypes,
                            Instant validFrom, Instant validUntil) {

    public DiscountTerms {
        Objects.requireNonNull(discountId, "discountId");
        Eligibility.requirePercent(percentOffBp, "Discount " + discountId);
        serviceTypes = Eligibility.copy(serviceTypes);
        orderTypes = Eligibility.copy(orderTypes);
    }
}
