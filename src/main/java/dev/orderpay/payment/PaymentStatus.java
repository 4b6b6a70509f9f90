package dev.orderpay.payment;

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
 * Payment status (contract §6, §7). Forward-only, as the table {@link #ALLOWED} states:
 * {@code requires_action → processing → succeeded → refunded}, or to {@code failed}/{@code
 * cancelled} before success; {@link Payment} checks every change against it.
 */
public enum PaymentStatus implements WireEnum {
    REQUIRES_ACTION("requires_action"),
    PROCESSING("processing"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    CANCELLED("cancelled"),
    REFUNDED("refunded");

    /**
     * The allowed transitions. An online payment starts {@code requires_action}; a monthly
     * settlement or a free online payment starts {@code succeeded} ({@link #INITIAL}).
     * <ul>
     * <li>requires_action → processing (authorised), succeeded (captured), failed, cancelled
     *     (checkout expired or abandoned), refunded (money that could not pay its orders was returned);</li>
     * <li>processing → succeeded, failed, cancelled, refunded (same reasons);</li>
     * <li>succeeded → refunded: the gateway reports the whole amount refunded (contract §7
     *     {@code charge.refunded}; README "Refunds made at the gateway"); a partial refund stays succeeded;</li>
     * <li>failed, cancelled → refunded: money arrived anyway for a checkout already ended here
     *     (e.g. the customer paid while it was being cancelled) and was returned (contract §7);</li>
     * <li>refunded is final.</li>
     * </ul>
     */
    public static final Map<PaymentStatus, Set<PaymentStatus>> ALLOWED;

    static {
        Map<PaymentStatus, Set<PaymentStatus>> m = new EnumMap<>(PaymentStatus.class);
        m.put(REQUIRES_ACTION, EnumSet.of(PROCESSING, SUCCEEDED, FAILED, CANCELLED, REFUNDED));
        m.put(PROCESSING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, REFUNDED));
        m.put(SUCCEEDED, EnumSet.of(REFUNDED));
        m.put(FAILED, EnumSet.of(REFUNDED));
        m.put(CANCELLED, EnumSet.of(REFUNDED));
        m.put(REFUNDED, EnumSet.noneOf(PaymentStatus.class));
        ALLOWED = Collections.unmodifiableMap(m);
    }

    /** The statuses a new payment may start in. */
    public static final Set<PaymentStatus> INITIAL = EnumSet.of(REQUIRES_ACTION, SUCCEEDED);

    private final String wire;

    PaymentStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    /** Whether the payment's outcome is still open (an online checkout holds its orders). */
    public boolean open() {
        return this == REQUIRES_ACTION || this == PROCESSING;
    }

    /** Whether {@link #ALLOWED} lets a payment move from this status to {@code next}. */
    public boolean canBecome(PaymentStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** JPA mapping to the contract spelling. */
    @Converter(autoApply = true)
    public static class JpaConverter extends WireEnumConverter<PaymentStatus> {
        public JpaConverter() {
            super(PaymentStatus.class);
        }
    }
}
