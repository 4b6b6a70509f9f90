package dev.orderpay.savings;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderpay.platform.WireEnum;
import dev.orderpay.platform.WireEnumConverter;
import jakarta.persistence.Converter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Coupon status (contract §5): {@code available}, {@code reserved} (an online checkout holds
 * it), {@code used}; {@code expired} is never stored, it is derived from {@code valid_until}
 * ({@link Coupon#status(java.time.Instant)}). {@link Coupon} checks every change against {@link #ALLOWED}.
 */
public enum CouponStatus implements WireEnum {
    AVAILABLE("available"),
    RESERVED("reserved"),
    USED("used"),
    /** Shown only: an available coupon past its {@code valid_until}. */
    EXPIRED("expired");

    /**
     * The allowed changes of the stored status (contract §5 rule 7): a checkout reserves an
     * available coupon (available → reserved) and its end consumes (→ used, or available while
     * a cash balance remains) or releases it (→ available, balance restored); a monthly
     * settlement or a free payment consumes at once (available → used, or stays available with
     * a smaller cash balance). used is final.
     */
    public static final Map<CouponStatus, Set<CouponStatus>> ALLOWED;

    static {
        Map<CouponStatus, Set<CouponStatus>> m = new EnumMap<>(CouponStatus.class);
        m.put(AVAILABLE, EnumSet.of(RESERVED, USED, AVAILABLE));
        m.put(RESERVED, EnumSet.of(USED, AVAILABLE));
        m.put(USED, EnumSet.noneOf(CouponStatus.class));
        m.put(EXPIRED, EnumSet.noneOf(CouponStatus.class));
        ALLOWED = Collections.unmodifiableMap(m);
    }

    private final String wire;

    CouponStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    /** Whether {@link #ALLOWED} lets a coupon move from this status to {@code next}. */
    public boolean canBecome(CouponStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** JPA mapping to the contract spelling. */
    @Converter(autoApply = true)
    public static class JpaConverter extends WireEnumConverter<CouponStatus> {
        public JpaConverter() {
            super(CouponStatus.class);
        }
    }
}
