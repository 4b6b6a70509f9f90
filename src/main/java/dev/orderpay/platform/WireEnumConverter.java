package dev.orderpay.platform;

import jakarta.persistence.AttributeConverter;

/**
 * JPA mapping of a {@link WireEnum} to its contract spelling (e.g. {@code pending_payment}).
 * Each enum declares a one-line subclass annotated {@code @Converter(autoApply = true)}.
 *
 * @throws java.util.NoSuchElementException when the database holds a spelling the enum does not know
 */
public abstract class WireEnumConverter<E extends Enum<E> & WireEnum> implements AttributeConverter<E, String> {

    private final Class<E> type;

    protected WireEnumConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
        return value == null ? null : value.wire();
    }

    @Override
    public E convertToEntityAttribute(String wire) {
        return wire == null ? null : WireEnum.parse(type, wire).orElseThrow();
    }
}
