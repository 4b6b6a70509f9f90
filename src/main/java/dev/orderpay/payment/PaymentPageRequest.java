package dev.orderpay.payment;

import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.Violations;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A validated page request of {@code GET /v1/payments} (contract §6): the typed query
 * {@link PaymentService#list} takes. The adapter builds it from the raw {@code limit} and
 * {@code page_token} with {@link #parse}, as {@code OrderQueryParser} builds an order search.
 *
 * @param limit 1–100 (default 10)
 * @param after keyset cursor (the last payment of the previous page) or null for the first page
 */
public record PaymentPageRequest(int limit, Cursor after) {

    /** Keyset position: {@code created_at} (UTC) and {@code payment_id} of the last payment of the previous page. */
    public record Cursor(Instant createdAt, String paymentId) {

        /** Opaque, URL-safe token ({@code next_page_token}). */
        public String encode() {
            String raw = "p1|" + createdAt.getEpochSecond() + "|" + createdAt.getNano() + "|" + paymentId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** @throws IllegalArgumentException when {@code token} is not one of {@link #encode}'s tokens */
        static Cursor decode(String token) {
            String[] p = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            if (p.length != 4 || !"p1".equals(p[0])) {
                throw new IllegalArgumentException();
            }
            return new Cursor(Instant.ofEpochSecond(Long.parseLong(p[1]), Long.parseLong(p[2])), p[3]);
        }
    }

    /**
     * Parses the raw query parameters; both absent is the first page of 10.
     *
     * @param limitParam the {@code limit} parameter as given, or null
     * @param pageToken  the {@code page_token} parameter as given, or null
     * @throws ApiException 400 VALIDATION_FAILED naming {@code limit} (not a whole number from 1 to 100) and/or
     *                      {@code page_token} (not a token of this listing), every violation at once
     */
    public static PaymentPageRequest parse(String limitParam, String pageToken) {
        Violations v = new Violations();
        int limit = v.limit("limit", limitParam);
        Cursor after = null;
        if (pageToken != null) {
            try {
                after = Cursor.decode(pageToken);
            } catch (RuntimeException e) {
                v.add("page_token", "is not a page token of this listing");
            }
        }
        v.throwIfAny();
        return new PaymentPageRequest(limit, after);
    }
}
