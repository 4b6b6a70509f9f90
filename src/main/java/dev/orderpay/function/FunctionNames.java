package dev.orderpay.function;

import java.util.List;

/**
 * The Funqy function names of contract §10. Funqy serves each at {@code POST /<name>}; the
 * names never collide with the REST API, which lives under {@code /v1}.
 */
public final class FunctionNames {

    /** Search the caller's unpaid orders (contract §4.2 as a JSON object). */
    public static final String SEARCH_UNPAID_ORDERS = "search-unpaid-orders";
    /** Pay one order (a single payment, contract §6). */
    public static final String PAY_ORDER = "pay-order";
    /** Pay 2–30 orders together (a combined payment, contract §6). */
    public static final String COMBINE_PAYMENTS = "combine-payments";
    /** Quote a payment without changing anything (contract §5). */
    public static final String QUOTE_PAYMENT = "quote-payment";

    /** Every function, in contract order. */
    public static final List<String> ALL = List.of(SEARCH_UNPAID_ORDERS, PAY_ORDER, COMBINE_PAYMENTS, QUOTE_PAYMENT);

    private FunctionNames() {
    }
}
