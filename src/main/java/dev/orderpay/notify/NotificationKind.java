package dev.orderpay.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderpay.platform.WireEnum;
import dev.orderpay.platform.WireEnumConverter;
import jakarta.persistence.Converter;

/** Why the customer is notified (contract §4.2): orders approved and payable, or rejected. */
public enum NotificationKind implements WireEnum {
    ORDERS_APPROVED("orders_approved"),
    ORDERS_REJECTED("orders_rejected");

    private final String wire;

    NotificationKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    /** JPA mapping to the contract spelling. */
    @Converter(autoApply = true)
    public static class JpaConverter extends WireEnumConverter<NotificationKind> {
        public JpaConverter() {
            super(NotificationKind.class);
        }
    }
}
