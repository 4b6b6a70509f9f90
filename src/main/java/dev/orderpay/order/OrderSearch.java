package dev.orderpay.order;

import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.Violations;
import dev.orderpay.platform.WireEnum;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A validated search of the caller's unpaid orders (contract §4.2).
 *
 * @param orderIdPrefix case-insensitive prefix of the order No., upper-cased; null for none
 * @param serviceTypes  empty = all
 * @param orderTypes    empty = all
 * @param statuses      unpaid statuses to include; never empty
 * @param sort          one of the four sorts; ties by ascending {@code order_id}
 * @param limit         1–100
 * @param after         keyset cursor (position after which the page starts) or null for the first page
 */
public record OrderSearch(String orderIdPrefix, Set<String> serviceTypes, Set<OrderType> orderTypes,
                          Set<OrderStatus> statuses, Sort sort, int limit, Cursor after) {

    /** The sorts of §4.2. */
    public enum Sort {
        CREATED_AT_DESC("-created_at", "createdAt", true),
        CREATED_AT_ASC("created_at", "createdAt", false),
        EXPIRES_AT_DESC("-expires_at", "expiresAt", true),
        EXPIRES_AT_ASC("expires_at", "expiresAt", false);

        final String wire;
        final String field;
        final boolean descending;

        Sort(String wire, String field, boolean descending) {
            this.wire = wire;
            this.field = field;
            this.descending = descending;
        }

        static Sort parse(String s) {
            for (Sort v : values()) {
                if (v.wire.equals(s)) {
                    return v;
                }
            }
            return null;
        }

        Instant keyOf(Order o) {
            return "createdAt".equals(field) ? o.createdAt : o.expiresAt;
        }
    }

    /** Keyset position: the sort key and order ID of the last row of the previous page. */
    public record Cursor(Sort sort, Instant key, String orderId) {

        /** Opaque, URL-safe token. */
        public String encode() {
            String raw = "v1|" + sort.wire + "|" + key.getEpochSecond() + "|" + key.getNano() + "|" + orderId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String token, Sort expected) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                String[] p = raw.split("\\|", -1);
                if (p.length != 5 || !"v1".equals(p[0]) || !expected.wire.equals(p[1])
                        || !Violations.IDENTIFIER.matcher(p[4]).matches()) {
                    return null;
                }
                return new Cursor(expected, Instant.ofEpochSecond(Long.parseLong(p[2]), Long.parseLong(p[3])), p[4]);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * Parses the query parameters of {@code GET /v1/orders/unpaid} (each list may repeat).
     *
     * @throws ApiException 400 VALIDATION_FAILED for an unknown enumerated value, a bad limit or page token
     */
    public static OrderSearch parse(Map<String, List<String>> params, Set<String> knownServiceTypes) {
        Violations v = new Violations();
        Set<String> allowed = Set.of("order_id", "service_type", "order_type", "status", "sort", "limit", "page_token");
        for (String name : params.keySet()) {
            if (!allowed.contains(name)) {
                v.add(name, "unknown query parameter");
            }
        }
        String prefix = single(params, "order_id", v);
        if (prefix != null && !prefix.isEmpty() && !Violations.IDENTIFIER.matcher(prefix).matches()) {
            v.add("order_id", "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }
        Set<String> serviceTypes = new LinkedHashSet<>();
        for (String s : multi(params, "service_type")) {
            if (!knownServiceTypes.contains(s)) {
                v.add("service_type", "unknown value '" + s + "'");
            }
            serviceTypes.add(s);
        }
        Set<OrderType> orderTypes = new LinkedHashSet<>();
        for (String s : multi(params, "order_type")) {
            WireEnum.parse(OrderType.class, s).ifPresentOrElse(orderTypes::add,
                    () -> v.add("order_type", "unknown value '" + s + "'"));
        }
        Set<OrderStatus> statuses = new LinkedHashSet<>();
        for (String s : multi(params, "status")) {
            WireEnum.parse(OrderStatus.class, s).filter(OrderStatus::unpaid).ifPresentOrElse(statuses::add,
                    () -> v.add("status", "unknown value '" + s + "' (unpaid statuses only)"));
        }
        String sortParam = single(params, "sort", v);
        Sort sort = sortParam == null ? Sort.CREATED_AT_DESC : Sort.parse(sortParam);
        if (sort == null) {
            v.add("sort", "unknown value '" + sortParam + "'");
        }
        int limit = v.limit("limit", single(params, "limit", v));
        String token = single(params, "page_token", v);
        Cursor cursor = null;
        if (token != null && sort != null) {
            cursor = Cursor.decode(token, sort);
            if (cursor == null) {
                v.add("page_token", "is not a page token of this search");
            }
        }
        v.throwIfAny();
        return new OrderSearch(prefix == null || prefix.isEmpty() ? null : prefix.toUpperCase(Locale.ROOT),
                serviceTypes, orderTypes, statuses.isEmpty() ? OrderStatus.UNPAID : statuses, sort, limit, cursor);
    }

    private static String single(Map<String, List<String>> params, String name, Violations v) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            v.add(name, "may be given once");
        }
        return values.get(0);
    }

    private static List<String> multi(Map<String, List<String>> params, String name) {
        List<String> out = new ArrayList<>();
        for (String value : params.getOrDefault(name, List.of())) {
            // Accept both repetition (?status=a&status=b) and comma lists (?status=a,b).
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
