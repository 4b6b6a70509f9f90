package dev.orderpay.platform;

import java.util.Arrays;
import java.util.Optional;

/**
 * An enum whose JSON and database spelling is a lower-case contract term
 * (e.g. {@code pending_payment}).
 */
public interface WireEnum {

    /** The contract spelling. */
    String wire();

    /** The constant spelled {@code wire}, if any. */
    static <E extends Enum<E> & WireEnum> Optional<E> parse(Class<E> type, String wire) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.wire().equals(wire)).findFirst();
    }

    /** @throws ApiException 400 VALIDATION_FAILED naming {@code field} when {@code wire} is not a value of {@code type} */
    static <E extends Enum<E> & WireEnum> E require(Class<E> type, String field, String wire) {
        return parse(type, wire).orElseThrow(() -> ApiException.validation(field, "unknown value '" + wire + "'"));
    }
}
