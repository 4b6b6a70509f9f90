package dev.orderpay.pricing;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Set;

/** Placeholder until the pricing package lands. */
public final class MinorUnits {
    public static final Set<String> SUPPORTED = Set.of("USD", "EUR", "CNY", "HKD", "SGD", "GBP", "JPY", "KRW", "KWD", "BHD");

    private MinorUnits() {
    }

    public static int digits(String currency) {
        if (currency == null || !SUPPORTED.contains(currency)) {
            throw new IllegalArgumentException("unsupported currency " + currency);
        }
        return Currency.getInstance(currency).getDefaultFractionDigits();
    }

    public static long parse(String decimal, String currency) {
        int d = digits(currency);
        String re = d == 0 ? "\\d{1,16}" : "\\d{1,16}\\.\\d{" + d + "}";
        if (decimal == null || !decimal.matches(re)) {
            throw new IllegalArgumentException("must be a decimal string with exactly " + d + " fraction digits");
        }
        return new BigDecimal(decimal).movePointRight(d).longValueExact();
    }

    public static String format(long minor, String currency) {
        return BigDecimal.valueOf(minor, digits(currency)).toPlainString();
    }
}
