package dev.orderpay.gateway;

import java.util.Optional;
import java.util.Set;

/**
 * The gateway's documented per-payment amount rules that do not depend on the account
 * (Stripe docs, "Supported currencies": "Minimum and maximum charge amounts" and "Three-decimal
 * currencies"), checked before asking the gateway so a payment it would refuse for ever is
 * answered 422 {@code AMOUNT_NOT_SUPPORTED_BY_GATEWAY} instead of "unavailable, retry"
 * (issue #10 item 5):
 *
 * <ul>
 * <li>an amount is at most 8 digits in minor units: {@value #MAX_AMOUNT} (e.g. USD 999,999.99,
 *     JPY 99,999,999, KWD 99,999.999);</li>
 * <li>three-decimal currencies (BHD, JOD, KWD, OMR, TND) need the last minor digit to be 0
 *     (amounts rounded to the nearest ten), for compatibility with Stripe's card partners.</li>
 * </ul>
 *
 * <p>Stripe's minimum charge depends on the account's settlement currency (e.g. USD 0.50), so it
 * is not checked here; the gateway's own refusal ({@code amount_too_small}) ends as the same 422.
 */
public final class GatewayLimits {

    /** Stripe's largest amount of one payment, in minor units of any currency. */
    public static final long MAX_AMOUNT = 99_999_999L;
    /** Stripe's three-decimal currencies (upper-case ISO 4217). */
    public static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");
    /** Stripe error codes that refuse the amount itself. */
    public static final Set<String> AMOUNT_CODES = Set.of("amount_too_large", "amount_too_small");

    private GatewayLimits() {
    }

    /**
     * Why the gateway would refuse {@code amount} (minor units, positive) in {@code currency}
     * (upper-case), or empty when it is within the documented limits.
     */
    public static Optional<String> refusal(long amount, String currency) {
        if (amount > MAX_AMOUNT) {
            return Optional.of("the payment gateway accepts at most " + MAX_AMOUNT + " minor units per payment; this payment is "
                    + amount + " minor units of " + currency + ": pay fewer orders at once");
        }
        if (currency != null && THREE_DECIMAL.contains(currency) && amount % 10 != 0) {
            return Optional.of("the payment gateway needs " + currency + " amounts rounded to the nearest 0.010 (last minor digit 0); "
                    + "this payment is " + amount + " minor units");
        }
        return Optional.empty();
    }
}
