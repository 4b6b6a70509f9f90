package dev.orderpay.sandbox;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The form-encoded parameters of one sandbox Stripe API request, in Stripe's bracket notation
 * ({@code line_items[0][price_data][currency]}, {@code metadata[key]}, {@code expand[]}), read
 * with Stripe's validation errors (400 {@code parameter_missing}, {@code parameter_invalid},
 * {@code parameter_unknown}; Stripe docs, "Errors"). Amounts are minor units ({@code long}).
 */
final class StripeParams {

    /** Allowed keys (regular expressions) of POST /v1/checkout/sessions. */
    static final List<String> SESSION = List.of("mode", "payment_method_types\\[\\d*\\]",
            "line_items\\[\\d+\\]\\[price_data\\]\\[(currency|unit_amount)\\]",
            "line_items\\[\\d+\\]\\[price_data\\]\\[product_data\\]\\[(name|description)\\]",
            "line_items\\[\\d+\\]\\[quantity\\]", "payment_intent_data\\[(capture_method|description)\\]",
            "payment_intent_data\\[metadata\\]\\[[^\\[\\]]+\\]", "expires_at", "client_reference_id", "success_url",
            "cancel_url", "customer_email", "customer", "metadata\\[[^\\[\\]]+\\]", "expand\\[\\d*\\]");
    /** Allowed keys of POST /v1/checkout/sessions/{id}/expire. */
    static final List<String> EXPAND = List.of("expand\\[\\d*\\]");
    /** Allowed keys of POST /v1/payment_intents. */
    static final List<String> INTENT = List.of("amount", "currency", "customer", "payment_method",
            "payment_method_types\\[\\d*\\]", "confirm", "off_session", "description", "capture_method",
            "metadata\\[[^\\[\\]]+\\]", "expand\\[\\d*\\]");
    /** Allowed keys of POST /v1/payment_intents/{id}/capture. */
    static final List<String> CAPTURE = List.of("amount_to_capture", "metadata\\[[^\\[\\]]+\\]", "expand\\[\\d*\\]");
    /** Allowed keys of POST /v1/payment_intents/{id}/cancel. */
    static final List<String> CANCEL = List.of("cancellation_reason", "expand\\[\\d*\\]");
    /** Allowed keys of POST /v1/refunds. */
    static final List<String> REFUND = List.of("payment_intent", "charge", "amount", "reason",
            "metadata\\[[^\\[\\]]+\\]", "expand\\[\\d*\\]");

    /** Stripe's per-payment maximum in minor units (8 digits). */
    static final long MAX_AMOUNT = 99_999_999L;

    private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");
    private final MultivaluedMap<String, String> form;

    /** @param form the request's form, or null for none (a GET) */
    StripeParams(MultivaluedMap<String, String> form) {
        this.form = form;
    }

    /** @throws SandboxStripeException 400 {@code parameter_unknown} for a key no pattern of {@code patterns} matches */
    void onlyAllowed(List<String> patterns) {
        if (form == null) {
            return;
        }
        for (String key : form.keySet()) {
            if (patterns.stream().noneMatch(key::matches)) {
                SandboxStripeException e = new SandboxStripeException(400, "invalid_request_error", "parameter_unknown",
                        "Received unknown parameter: " + key);
                e.error.put("param", key);
                throw e;
            }
        }
    }

    boolean has(String key) {
        return string(key) != null;
    }

    /** The first value of {@code key}, or null when absent or empty. */
    String string(String key) {
        if (form == null) {
            return null;
        }
        String v = form.getFirst(key);
        return v == null || v.isEmpty() ? null : v;
    }

    /** @throws SandboxStripeException 400 {@code parameter_missing} */
    String required(String key) {
        String v = string(key);
        if (v == null) {
            throw SandboxStripeException.missing(key);
        }
        return v;
    }

    /** @throws SandboxStripeException 400 missing, or {@code parameter_invalid} unless a positive integer */
    long positiveLong(String key) {
        String v = required(key);
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw SandboxStripeException.invalid(key, "Invalid positive integer: " + key);
    }

    /** A lower-case ISO 4217 code, as Stripe takes it. @throws SandboxStripeException 400 missing or invalid */
    String currency(String key) {
        String v = required(key);
        if (!CURRENCY.matcher(v).matches()) {
            throw SandboxStripeException.invalid(key, "Invalid currency: " + v
                    + ". The sandbox expects a lower-case ISO 4217 code, as Stripe documents.");
        }
        return v;
    }

    /** {@code automatic} (the default) or {@code manual}. @throws SandboxStripeException 400 otherwise */
    String captureMethod(String key) {
        String v = string(key);
        if (v == null) {
            return "automatic";
        }
        if (!v.equals("manual") && !v.equals("automatic")) {
            throw SandboxStripeException.invalid(key, "Invalid " + key + ": must be one of automatic, manual");
        }
        return v;
    }

    /** Every value of a list parameter {@code name[]}, also sent as {@code name[0]}, {@code name[1]}, … */
    List<String> list(String key) {
        if (form == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        form.forEach((k, v) -> {
            if (k.equals(key) || k.matches(Pattern.quote(key.substring(0, key.length() - 2)) + "\\[\\d+\\]")) {
                values.addAll(v);
            }
        });
        return values;
    }

    /** The {@code prefix[key]=value} pairs, in key order. */
    Map<String, String> metadata(String prefix) {
        Map<String, String> m = new LinkedHashMap<>();
        if (form == null) {
            return m;
        }
        Pattern p = Pattern.compile(Pattern.quote(prefix) + "\\[([^\\[\\]]+)\\]");
        new TreeMap<>(form).forEach((k, v) -> {
            Matcher matcher = p.matcher(k);
            if (matcher.matches() && !v.isEmpty()) {
                m.put(matcher.group(1), v.get(0));
            }
        });
        return m;
    }

    /** Stripe's per-payment maximum: {@code amount} itself, or 400 {@code amount_too_large} above 99,999,999 minor units. */
    static long maxAmount(long amount) {
        if (amount > MAX_AMOUNT) {
            throw new SandboxStripeException(400, "invalid_request_error", "amount_too_large",
                    "Amount must be no more than 99999999 minor units.");
        }
        return amount;
    }
}
