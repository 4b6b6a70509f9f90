package dev.orderpay.order;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderpay.platform.WireEnum;
import dev.orderpay.platform.WireEnumConverter;
import jakarta.persistence.Converter;
import java.util.EnumSet;
import java.util.Set;

/** Order status (contract §4). Unpaid = pending_approval, pending_payment, payment_in_progress. */
public enum OrderStatus implements WireEnum {
    PENDING_APPROVAL("pending_approval"),
    PENDING_PAYMENT("pending_payment"),
    PAYMENT_IN_PROGRESS("payment_in_progress"),
    PAID("paid"),
    CANCELLED("cancelled"),
    EXPIRED("expired");

    /** The statuses the Unpaid Orders page shows. */
    public static final Set<OrderStatus> UNPAID = EnumSet.of(PENDING_APPROVAL, PENDING_PAYMENT, PAYMENT_IN_PROGRESS);

    private final String wire;

    OrderStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    public boolean unpaid() {
        return UNPAID.contains(this);
    }

    /** JPA mapping to the contract spelling. */
    @Converter(autoApply = true)
    public static class JpaConverter extends WireEnumConverter<OrderStatus> {
        public JpaConverter() {
            super(OrderStatus.class);
        }
    }
}
