package dev.orderpay.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderpay.platform.WireEnum;
import dev.orderpay.platform.WireEnumConverter;
import jakarta.persistence.Converter;

/** Delivery state of one outbox row: {@code pending} (due at next_attempt_at), {@code sending} (claimed, leased), {@code sent}, {@code failed} (gave up; an operator looks), {@code skipped} (the customer has no address for the channel). */
public enum MessageStatus implements WireEnum {
    PENDING("pending"),
    SENDING("sending"),
    SENT("sent"),
    FAILED("failed"),
    SKIPPED("skipped");

    private final String wire;

    MessageStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    /** JPA mapping to the contract spelling. */
    @Converter(autoApply = true)
    public static class JpaConverter extends WireEnumConverter<MessageStatus> {
        public JpaConverter() {
            super(MessageStatus.class);
        }
    }
}
