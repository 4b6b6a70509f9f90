package dev.orderpay.pricing;

import java.util.Currency;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Money and percentage conventions of the contract (§2): amounts are JSON strings with exactly the
 * currency's ISO 4217 minor digits, held in code as a {@code long} count of minor units; percentages
 * are held as basis points (hundredths of a percent).
 */
public final class MinorUnits {

    /** Currencies the service accepts (contract §2): 2 digits, JPY/KRW 0 digits, KWD/BHD 3 digits. */
    public static final Set<String> SUPPORTED =
            Set.of("USD", "EUR", "CNY", "HKD", "SGD", "GBP", "JPY", "KRW", "KWD", "BHD");

    /** Largest per-order amount in major units (contract §2). */
    public static final long MAX_ORDER_AMOUNT_MAJOR = 1_000_000_000L;

    /** 100.00 % in basis points. */
    public static final long FULL_PERCENT_BP = 10_000L;

    // ASCII digits only: java.util.regex's \d does not match other scripts' digits unless asked to.
    private static final Pattern DECIMAL = Pattern.compile("(\\d+)(?:\\.(\\d+))?");
    private static final Pattern PERCENT = Pattern.compile("(\\d+)(?:\\.(\\d{1,2}))?");
    private static final int MAX_ECHO = 40;

    private MinorUnits() {
    }

    /**
     * Number of minor digits of a supported currency (e.g. USD 2, JPY 0, KWD 3).
     *
     * @throws IllegalArgumentException if {@code currency} is null or not in {@link #SUPPORTED}
     */
    public static int digits(String currency) {
        if (currency == null || !SUPPORTED.contains(currency)) {
            throw new IllegalArgumentException("Unsupported currency '" + echo(currency)
                    + "'; supported: " + String.join(", ", new TreeSet<>(SUPPORTED)));
        }
        return Currency.getInstance(currency).getDefaultFractionDigits();
    }

    /**
     * Largest allowed per-order amount in minor units: 10^9 major units (contract §2).
     *
     * @throws IllegalArgumentException for an unsupported currency
     */
    public static long maxOrderAmount(String currency) {
        return MAX_ORDER_AMOUNT_MAJOR * pow10(digits(currency));
    }

    /**
     * Parses a contract money string into minor units, strictly: ASCII digits, optionally a point and
     * exactly the currency's minor digits ({@code "120.00"} USD, {@code "500"} JPY, {@code "5.000"} KWD).
     * No sign, exponent, grouping or whitespace.
     *
     * @return the amount in minor units, never negative
     * @throws IllegalArgumentException if the text is malformed, has the wrong number of decimals,
     *     does not fit a {@code long}, or the currency is unsupported
     */
    public static long parse(String decimal, String currency) {
        int digits = digits(currency);
        Matcher m = decimal == null ? null : DECIMAL.matcher(decimal);
        if (m == null || !m.matches()) {
            throw badAmount(decimal, currency, digits);
        }
        String fraction = m.group(2) == null ? "" : m.group(2);
        if (fraction.length() != digits) {
            throw badAmount(decimal, currency, digits);
        }
        try {
            // integer digits followed by exactly `digits` fraction digits spell the minor units
            return Long.parseLong(m.group(1) + fraction);
        } catch (NumberFormatException tooLong) {
            throw new IllegalArgumentException(
                    "Amount '" + echo(decimal) + "' " + currency + " is too large", tooLong);
        }
    }

    /**
     * Formats minor units as a contract money string with exactly the currency's minor digits
     * (12000 USD → {@code "120.00"}, 500 JPY → {@code "500"}, 5000 KWD → {@code "5.000"}).
     *
     * @throws IllegalArgumentException if {@code minor} is negative (money is never negative,
     *     contract §5 rule 6) or the currency is unsupported
     */
    public static String format(long minor, String currency) {
        int digits = digits(currency);
        if (minor < 0) {
            throw new IllegalArgumentException("Negative amount " + minor + " " + currency);
        }
        return pointed(minor, digits);
    }

    /**
     * Parses a percentage ({@code "15.00"}, {@code "15.5"} or {@code "15"}) into basis points
     * ({@code 1500}). At most two decimals; the value must be in (0, 100.00].
     *
     * @throws IllegalArgumentException if malformed or out of range
     */
    public static long parsePercent(String percent) {
        Matcher m = percent == null ? null : PERCENT.matcher(percent);
        if (m == null || !m.matches()) {
            throw badPercent(percent);
        }
        String fraction = m.group(2) == null ? "00" : (m.group(2) + "0").substring(0, 2);
        long bp;
        try {
            bp = Long.parseLong(m.group(1) + fraction);
        } catch (NumberFormatException tooLong) {
            throw badPercent(percent);
        }
        if (bp <= 0 || bp > FULL_PERCENT_BP) {
            throw badPercent(percent);
        }
        return bp;
    }

    /**
     * Formats basis points as a percentage with two decimals (1500 → {@code "15.00"}).
     *
     * @throws IllegalArgumentException if {@code bp} is not in (0, 10000]
     */
    public static String formatPercent(long bp) {
        if (bp <= 0 || bp > FULL_PERCENT_BP) {
            throw new IllegalArgumentException("Percentage " + bp + " bp is not in (0, 100.00]");
        }
        return pointed(bp, 2);
    }

    static long pow10(int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= 10;
        }
        return result;
    }

    private static String pointed(long value, int digits) {
        String plain = Long.toString(value);
        if (digits == 0) {
            return plain;
        }
        if (plain.length() <= digits) {
            plain = "0".repeat(digits + 1 - plain.length()) + plain;
        }
        int point = plain.length() - digits;
        return plain.substring(0, point) + "." + plain.substring(point);
    }

    private static IllegalArgumentException badAmount(String decimal, String currency, int digits) {
        String example = pointed(12 * pow10(digits), digits);
        String decimals = digits == 0 ? "no decimal point" : "exactly " + digits + " digit"
                + (digits == 1 ? "" : "s") + " after the point";
        return new IllegalArgumentException("Invalid " + currency + " amount '" + echo(decimal)
                + "': expected a non-negative decimal string with " + decimals + ", e.g. \"" + example + "\"");
    }

    private static IllegalArgumentException badPercent(String percent) {
        return new IllegalArgumentException("Invalid percentage '" + echo(percent)
                + "': expected a decimal in (0, 100] with at most 2 decimals, e.g. \"15.00\"");
    }

    // Input is echoed into messages that may reach clients: keep it short.
    private static String echo(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "…";
    }
}
