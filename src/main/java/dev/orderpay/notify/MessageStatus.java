package dev.orderpay.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderpay.platform.WireEnum;
import jakarta.persistence.AttributeConverter;
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

    /** JPA mapping to the wire spelling. */
    @Converter(autoApply = true)
    public static class JpaConverter implements AttributeConverter<MessageStatus, String> {
        @Override
        public String convertToDatabaseColumn(MessageStatus v) {
            return v == null ? null : v.wire;
        }

        @Override
        public MessageStatus convertToEntityAttribute(String s) {
            return s == null ? null : WireEnum.parse(MessageStatus.class, s).orElseThrow();
        }
    }
}
