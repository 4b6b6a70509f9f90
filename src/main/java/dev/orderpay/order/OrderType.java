package dev.orderpay.order;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderpay.platform.WireEnum;
import dev.orderpay.platform.WireEnumConverter;
import jakarta.persistence.Converter;

/** Order type (contract §4). */
public enum OrderType implements WireEnum {
    NEW_PURCHASE("new_purchase"),
    RENEWAL("renewal"),
    CHANGE("change"),
    TRIAL_TO_COMMERCIAL("trial_to_commercial"),
    PAY_PER_USE_TO_YEARLY_MONTHLY("pay_per_use_to_yearly_monthly");

    private final String wire;

    OrderType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    /** JPA mapping to the contract spelling. */
    @Converter(autoApply = true)
    public static class JpaConverter extends WireEnumConverter<OrderType> {
        public JpaConverter() {
            super(OrderType.class);
        }
    }
}
