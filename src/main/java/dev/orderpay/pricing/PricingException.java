package dev.orderpay.pricing;

import java.util.Objects;

/**
 * A payment's savings break a rule of contract §5. Maps to 422 (400 for {@link Code#VALIDATION_FAILED})
 * with {@code error_code} = {@link #errorCode()} and, when set, {@code coupon_id} / {@code discount_id}
 * (contract §9). The message is written for the customer.
 */
public final class PricingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The contract error codes pricing can raise (contract §9). */
    public enum Code {
        DISCOUNT_NOT_APPLICABLE,
        COUPON_NOT_APPLICABLE,
        COUPON_DISCOUNT_CONFLICT,
        COUPON_COMBINATION_NOT_ALLOWED,
        VALIDATION_FAILED
    }

    private final Code code;
    private final String couponId;
    private final String discountId;
    private final String field;

    private PricingException(Code code, String couponId, String discountId, String field, String message) {
        super(message);
        this.code = Objects.requireNonNull(code);
        this.couponId = couponId;
        this.discountId = discountId;
        this.field = field;
    }

    static PricingException discount(Code code, String discountId, String message) {
        return new PricingException(code, null, discountId, null, message);
    }

    static PricingException coupon(Code code, String couponId, String discountId, String message) {
        return new PricingException(code, couponId, discountId, null, message);
    }

    static PricingException validation(String field, String message) {
        return new PricingException(Code.VALIDATION_FAILED, null, null, field, message);
    }

    /** The contract error code, e.g. {@code "COUPON_NOT_APPLICABLE"}. */
    public String errorCode() {
        return code.name();
    }

    /** The error code as an enum, for exhaustive mapping. */
    public Code code() {
        return code;
    }

    /** The coupon at fault, or null. */
    public String couponId() {
        return couponId;
    }

    /** The discount at fault (or the one a coupon conflicts with), or null. */
    public String discountId() {
        return discountId;
    }

    /** For {@code VALIDATION_FAILED}: the request field at fault (e.g. {@code coupon_ids}), else null. */
    public String field() {
        return field;
    }
}
