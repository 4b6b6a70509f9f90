package dev.orderpay.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects field violations of one request and throws them together as 400
 * {@code VALIDATION_FAILED} with {@code violations: [{field, message}]} (contract §9).
 * Field names are the request's snake_case names.
 */
public final class Violations {

    /** Identifiers: 1–64 of {@code [A-Za-z0-9_-]} (contract §2). */
    public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final List<Map<String, String>> items = new ArrayList<>();

    public Violations add(String field, String message) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("field", field);
        v.put("message", message);
        items.add(v);
        return this;
    }

    /** Adds a violation unless {@code value} is a valid identifier; null passes unless required. */
    public Violations identifier(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                add(field, "is required");
            }
        } else if (!IDENTIFIER.matcher(value).matches()) {
            add(field, "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }
        return this;
    }

    public Violations require(String field, Object value) {
        if (value == null) {
            add(field, "is required");
        }
        return this;
    }

    /**
     * A page size: absent → 10, else a whole number from 1 to 100 (contract §2), violation otherwise.
     *
     * @return the limit (10 when invalid, with a violation added)
     */
    public int limit(String field, String value) {
        if (value == null) {
            return 10;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= 100) {
                return limit;
            }
            add(field, "must be between 1 and 100");
        } catch (NumberFormatException e) {
            add(field, "must be a whole number between 1 and 100");
        }
        return 10;
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** @throws ApiException 400 VALIDATION_FAILED when any violation was added */
    public void throwIfAny() {
        if (!items.isEmpty()) {
            String detail = items.size() == 1
                    ? items.get(0).get("field") + ": " + items.get(0).get("message")
                    : items.size() + " fields are invalid";
            throw new ApiException(400, "VALIDATION_FAILED", "Validation failed", detail)
                    .with("violations", List.copyOf(items));
        }
    }
}
