package dev.orderpay.payment;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderpay.platform.WireEnum;
import dev.orderpay.platform.WireEnumConverter;
import jakarta.persistence.Converter;

/** How a payment is paid (contract §6): card checkout, or the monthly bill. */
public enum PaymentMethod implements WireEnum {
    ONLINE("online"),
    MONTHLY_SETTLEMENT("monthly_settlement");

    private final String wire;

    PaymentMethod(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    /** JPA mapping to the contract spelling. */
    @Converter(autoApply = true)
    public static class JpaConverter extends WireEnumConverter<PaymentMethod> {
        public JpaConverter() {
            super(PaymentMethod.class);
        }
    }
}
