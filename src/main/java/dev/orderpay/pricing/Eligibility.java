package dev.orderpay.pricing;

import java.time.Instant;
import java.util.Set;

/** Matching rules shared by discounts and coupons (contract §5: type lists, validity). */
final class Eligibility {

    private Eligibility() {
    }

    /** Empty lists mean "all" (contract §5). */
    static boolean matchesTypes(Set<String> serviceTypes, Set<String> orderTypes, PricedOrderInput order) {
        return (serviceTypes.isEmpty() || serviceTypes.contains(order.serviceType()))
                && (orderTypes.isEmpty() || orderTypes.contains(order.orderType()));
    }

    /** {@code validFrom} inclusive, {@code validUntil} exclusive, null = unbounded. */
    static boolean validAt(Instant validFrom, Instant validUntil, Instant now) {
        return !notYetValid(validFrom, now) && !expired(validUntil, now);
    }

    static boolean notYetValid(Instant validFrom, Instant now) {
        return validFrom != null && now.isBefore(validFrom);
    }

    static boolean expired(Instant validUntil, Instant now) {
        return validUntil != null && !now.isBefore(validUntil);
    }

    static Set<String> copy(Set<String> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }

    static void requirePercent(long bp, String what) {
        if (bp <= 0 || bp > MinorUnits.FULL_PERCENT_BP) {
            throw new IllegalArgumentException(what + ": percent off " + bp + " bp is not in (0, 10000]");
        }
    }
}
