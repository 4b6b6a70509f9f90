package dev.orderpay.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderpay.platform.WireEnum;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** A delivery channel of a notification (contract §11): email over SMTP, SMS over the HTTP provider. */
public enum Channel implements WireEnum {
    EMAIL("email"),
    SMS("sms");

    private final String wire;

    Channel(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    /** JPA mapping to the wire spelling. */
    @Converter(autoApply = true)
    public static class JpaConverter implements AttributeConverter<Channel, String> {
        @Override
        public String convertToDatabaseColumn(Channel v) {
            return v == null ? null : v.wire;
        }

        @Override
        public Channel convertToEntityAttribute(String s) {
            return s == null ? null : WireEnum.parse(Channel.class, s).orElseThrow();
        }
    }
}
