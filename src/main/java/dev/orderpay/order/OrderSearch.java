package dev.orderpay.order;

import dev.orderpay.platform.Violations;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * A validated search of the caller's unpaid orders (contract §4.2): the typed query
 * {@link OrderService#search} takes. The adapters build it from their raw parameters with
 * {@link OrderQueryParser}.
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
}
