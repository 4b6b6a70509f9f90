package dev.orderpay.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderpay.platform.WireEnum;
import jakarta.persistence.AttributeConverter;
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

    /** JPA mapping to the wire spelling. */
    @Converter(autoApply = true)
    public static class JpaConverter implements AttributeConverter<NotificationKind, String> {
        @Override
        public String convertToDatabaseColumn(NotificationKind v) {
            return v == null ? null : v.wire;
        }

        @Override
        public NotificationKind convertToEntityAttribute(String s) {
            return s == null ? null : WireEnum.parse(NotificationKind.class, s).orElseThrow();
        }
    }
}
