package dev.orderpay.savings;

import dev.orderpay.pricing.DiscountTerms;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A reusable percentage discount granted to one customer (contract §5). Never consumed.
 * Empty type lists mean "all"; lists are stored comma-separated.
 */
@Entity
@Table(name = "discount")
public class Discount extends PanacheEntityBase {

    @Id
    public String discountId;
    public String customerId;
    /** commercial, promotion, partner or contract. */
    public String type;
    /** Hundredths of a percent: 1500 = 15.00 %. */
    public long percentOffBp;
    public String serviceTypes = "";
    public String orderTypes = "";
    public Instant validFrom;
    public Instant validUntil;
    public Instant createdAt;

    /** The pricing view of this discount. */
    public DiscountTerms terms() {
        return new DiscountTerms(discountId, percentOffBp, Lists.set(serviceTypes), Lists.set(orderTypes), validFrom,
                validUntil);
    }

    /** active, not_yet_valid or expired at {@code now}. */
    public String status(Instant now) {
        if (validFrom != null && now.isBefore(validFrom)) {
            return "not_yet_valid";
        }
        if (validUntil != null && !now.isBefore(validUntil)) {
            return "expired";
        }
        return "active";
    }
}
