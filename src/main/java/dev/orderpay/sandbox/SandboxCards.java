package dev.orderpay.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stripe's public test cards and test PaymentMethods that the sandbox knows (Stripe docs,
 * "Testing"), contract §7. A card with a {@code declineCode} is declined with
 * {@code card_declined}.
 */
public final class SandboxCards {

    /**
     * A test card.
     *
     * @param brand       Stripe's brand name: visa, mastercard, amex
     * @param funding     credit, debit, prepaid
     * @param last4       last four digits
     * @param declineCode null when it authorises, else Stripe's decline code (generic_decline, insufficient_funds)
     * @param label       for the checkout page
     */
    public record Card(String number, String brand, String funding, String last4, String declineCode, String label) {
        public boolean declines() {
            return declineCode != null;
        }
    }

    /** Card numbers for the hosted checkout, in display order. */
    public static final Map<String, Card> BY_NUMBER = new LinkedHashMap<>();
    /** Saved-card PaymentMethod IDs for off-session charges. */
    public static final Map<String, Card> BY_PAYMENT_METHOD = new LinkedHashMap<>();

    static {
        card("4242424242424242", "visa", "credit", null, "Visa credit — succeeds");
        card("5555555555554444", "mastercard", "credit", null, "Mastercard credit — succeeds");
        card("4000056655665556", "visa", "debit", null, "Visa debit — authorises (debit)");
        card("5200828282828210", "mastercard", "debit", null, "Mastercard debit — authorises (debit)");
        card("5105105105105100", "mastercard", "prepaid", null, "Mastercard prepaid — authorises (prepaid)");
        card("378282246310005", "amex", "credit", null, "American Express credit — authorises");
        card("4000000000000002", "visa", "credit", "generic_decline", "Declined (card_declined)");
        card("4000000000009995", "visa", "credit", "insufficient_funds", "Declined, insufficient funds");

        pm("pm_card_visa", "4242424242424242");
        pm("pm_card_mastercard", "5555555555554444");
        pm("pm_card_visa_debit", "4000056655665556");
        pm("pm_card_mastercard_debit", "5200828282828210");
        pm("pm_card_mastercard_prepaid", "5105105105105100");
        pm("pm_card_amex", "378282246310005");
        pm("pm_card_chargeDeclined", "4000000000000002");
        pm("pm_card_chargeDeclinedInsufficientFunds", "4000000000009995");
        // sandbox only: an off-session charge that stays processing until /sandbox/control finishes it
        pm("pm_sandbox_processing", "4242424242424242");
    }

    /**
     * Saved card whose off-session PaymentIntent stays {@code processing} (like Stripe's delayed
     * payment methods) until {@code POST /sandbox/control/payment_intents/{id}/finish} settles it.
     */
    public static final String PROCESSING_PAYMENT_METHOD = "pm_sandbox_processing";

    private SandboxCards() {
    }

    private static void card(String number, String brand, String funding, String declineCode, String label) {
        BY_NUMBER.put(number, new Card(number, brand, funding, number.substring(number.length() - 4), declineCode, label));
    }

    private static void pm(String id, String number) {
        BY_PAYMENT_METHOD.put(id, BY_NUMBER.get(number));
    }

    /** The card for a number typed by a person (spaces and dashes ignored), or null. */
    public static Card byNumber(String typed) {
        return typed == null ? null : BY_NUMBER.get(typed.replaceAll("[\\s-]", ""));
    }
}
