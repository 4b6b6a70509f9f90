package dev.orderpay.payment;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderpay.platform.WireEnum;
import dev.orderpay.platform.WireEnumConverter;
import jakarta.persistence.Converter;

/**
 * Payment status (contract §6). Forward-only: {@code requires_action → processing →
 * succeeded → refunded}, or to {@code failed}/{@code cancelled} before success.
 */
public enum PaymentStatus implements WireEnum {
    REQUIRES_ACTION("requires_action"),
    PROCESSING("processing"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    CANCELLED("cancelled"),
    REFUNDED("refunded");

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

    /** JPA mapping to the contract spelling. */
    @Converter(autoApply = true)
    public static class JpaConverter extends WireEnumConverter<PaymentStatus> {
        public JpaConverter() {
            super(PaymentStatus.class);
        }
    }
}
