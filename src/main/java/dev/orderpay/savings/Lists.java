package dev.orderpay.savings;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Comma-separated storage of short code lists (service types, order types). */
final class Lists {

    private Lists() {
    }

    static Set<String> set(String stored) {
        if (stored == null || stored.isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(stored.split(",")).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    static String join(Collection<String> values) {
        return values == null ? "" : String.join(",", values);
    }
}
