package dev.orderpay.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderpay.platform.WireEnum;
import dev.orderpay.platform.WireEnumConverter;
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

    /** JPA mapping to the contract spelling. */
    @Converter(autoApply = true)
    public static class JpaConverter extends WireEnumConverter<Channel> {
        public JpaConverter() {
            super(Channel.class);
        }
    }
}
