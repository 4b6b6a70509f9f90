package dev.orderpay.order;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderpay.platform.WireEnum;
import dev.orderpay.platform.WireEnumConverter;
import jakarta.persistence.Converter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Order status (contract §4). Unpaid = pending_approval, pending_payment, payment_in_progress.
 * The one table of allowed moves is {@link #ALLOWED}; {@link Order} checks every change against it.
 */
public enum OrderStatus implements WireEnum {
    PENDING_APPROVAL("pending_approval"),
    PENDING_PAYMENT("pending_payment"),
    PAYMENT_IN_PROGRESS("payment_in_progress"),
    PAID("paid"),
    CANCELLED("cancelled"),
    EXPIRED("expired");

    /** The statuses the Unpaid Orders page shows. */
    public static final Set<OrderStatus> UNPAID = EnumSet.of(PENDING_APPROVAL, PENDING_PAYMENT, PAYMENT_IN_PROGRESS);

    /**
     * The allowed transitions (contract §4, §4.2, §6, §7): an order is created
     * {@code pending_approval} (needs review) or {@code pending_payment};
     * approval moves pending_approval → pending_payment; rejection or the customer's cancel →
     * cancelled; the deadline → expired (both unpaid statuses that no checkout holds);
     * an online checkout holds pending_payment → payment_in_progress, and either pays it
     * (→ paid) or releases it (→ pending_payment); monthly settlement and a free online payment
     * pay pending_payment → paid at once. paid, cancelled and expired are final.
     */
    public static final Map<OrderStatus, Set<OrderStatus>> ALLOWED;

    static {
        Map<OrderStatus, Set<OrderStatus>> m = new EnumMap<>(OrderStatus.class);
        m.put(PENDING_APPROVAL, EnumSet.of(PENDING_PAYMENT, CANCELLED, EXPIRED));
        m.put(PENDING_PAYMENT, EnumSet.of(PAYMENT_IN_PROGRESS, PAID, CANCELLED, EXPIRED));
        m.put(PAYMENT_IN_PROGRESS, EnumSet.of(PAID, PENDING_PAYMENT));
        m.put(PAID, EnumSet.noneOf(OrderStatus.class));
        m.put(CANCELLED, EnumSet.noneOf(OrderStatus.class));
        m.put(EXPIRED, EnumSet.noneOf(OrderStatus.class));
        ALLOWED = Collections.unmodifiableMap(m);
    }

    /** The statuses a new order may start in. */
    public static final Set<OrderStatus> INITIAL = EnumSet.of(PENDING_APPROVAL, PENDING_PAYMENT);

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

    /** Whether {@link #ALLOWED} lets an order move from this status to {@code next}. */
    public boolean canBecome(OrderStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** The statuses from which {@code target} may be reached, e.g. those the expiry statement selects. */
    public static Set<OrderStatus> sourcesOf(OrderStatus target) {
        Set<OrderStatus> from = EnumSet.noneOf(OrderStatus.class);
        ALLOWED.forEach((s, to) -> {
            if (to.contains(target)) {
                from.add(s);
            }
        });
        return from;
    }

    /** JPA mapping to the contract spelling. */
    @Converter(autoApply = true)
    public static class JpaConverter extends WireEnumConverter<OrderStatus> {
        public JpaConverter() {
            super(OrderStatus.class);
        }
    }
}
