package dev.orderpay.payment;

import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.Violations;
import dev.orderpay.platform.WireEnum;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Request validation of the payment endpoints (contract §6, §9); all failures are 400 and store nothing. */
final class PaymentValidation {

    static final int MAX_ORDERS = 30;
    static final int MAX_COUPONS = 3;
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,16}(\\.\\d{1,3})?");

    private PaymentValidation() {
    }

    /**
     * Checks the body of a payment or quote.
     *
     * @throws ApiException 400 TOO_MANY_ORDERS, DUPLICATE_ORDER_ID or VALIDATION_FAILED
     */
    static void validateBody(PaymentRequest req, boolean isPayment) {
        Violations v = new Violations();
        if (req == null) {
            v.add("body", "is required").throwIfAny();
        }
        List<String> ids = req.orderIds();
        if (ids == null || ids.isEmpty()) {
            v.add("order_ids", "must hold 1 to 30 order IDs");
        } else {
            if (ids.size() > MAX_ORDERS) {
                throw ApiException.badRequest("TOO_MANY_ORDERS",
                        "at most " + MAX_ORDERS + " orders can be paid together; got " + ids.size());
            }
            for (int i = 0; i < ids.size(); i++) {
                v.identifier("order_ids[" + i + "]", ids.get(i), true);
            }
            v.throwIfAny();
            Set<String> seen = new HashSet<>();
            for (String id : ids) {
                if (!seen.add(id)) {
                    throw ApiException.badRequest("DUPLICATE_ORDER_ID", "order " + id + " appears more than once")
                            .with("order_id", id);
                }
            }
        }
        if (isPayment) {
            if (req.method() == null) {
                v.add("method", "is required");
            } else if (WireEnum.parse(PaymentMethod.class, req.method()).isEmpty()) {
                v.add("method", "unknown value '" + req.method() + "' (online or monthly_settlement)");
            }
        } else if (req.method() != null && WireEnum.parse(PaymentMethod.class, req.method()).isEmpty()) {
            v.add("method", "unknown value '" + req.method() + "' (online or monthly_settlement)");
        }
        v.identifier("discount_id", req.discountId(), false);
        List<String> coupons = req.couponIdsOrEmpty();
        if (coupons.size() > MAX_COUPONS) {
            v.add("coupon_ids", "at most " + MAX_COUPONS + " coupons per payment");
        }
        Set<String> seenCoupons = new HashSet<>();
        for (int i = 0; i < coupons.size(); i++) {
            v.identifier("coupon_ids[" + i + "]", coupons.get(i), true);
            if (coupons.get(i) != null && !seenCoupons.add(coupons.get(i))) {
                v.add("coupon_ids[" + i + "]", "is repeated");
            }
        }
        if (req.expectedTotalPayable() != null && !DECIMAL.matcher(req.expectedTotalPayable()).matches()) {
            v.add("expected_total_payable", "must be a decimal string such as \"120.00\"");
        }
        if (req.returnUrl() != null) {
            try {
                URI u = URI.create(req.returnUrl());
                if (req.returnUrl().length() > 2000 || u.getHost() == null
                        || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
                    v.add("return_url", "must be an absolute http(s) URL of at most 2000 characters");
                }
            } catch (IllegalArgumentException e) {
                v.add("return_url", "must be an absolute http(s) URL of at most 2000 characters");
            }
        }
        v.throwIfAny();
    }

    /** Validates the Idempotency-Key header and the body of {@code POST /v1/payments}. */
    static void validatePayment(String idempotencyKey, PaymentRequest req) {
        if (idempotencyKey == null || idempotencyKey.isEmpty()) {
            throw ApiException.badRequest("IDEMPOTENCY_KEY_REQUIRED", "the Idempotency-Key header is required");
        }
        if (idempotencyKey.length() > 255 || !idempotencyKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiException.validation("Idempotency-Key", "must be 1-255 printable ASCII characters");
        }
        validateBody(req, true);
    }

    static PaymentMethod method(PaymentRequest req) {
        return WireEnum.require(PaymentMethod.class, "method", req.method());
    }
}
