package dev.orderpay.sandbox;

import java.util.List;

/**
 * What the sandbox's hosted checkout page shows.
 *
 * @param amount   major units in the currency's ISO 4217 digits, e.g. {@code 92.00}
 * @param currency upper case
 * @param status   open, complete, expired
 * @param error    a message for the customer (e.g. a decline), or null
 */
public record CheckoutView(String id, String name, String amount, String currency, String status, boolean open,
                           String error, List<TestCard> cards) {

    /** A test card offered on the page. */
        public record TestCard(String number, String label) {
    }
}
