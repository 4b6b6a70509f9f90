package dev.orderpay.savings;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Loads and stores discounts (issue #12 item 8): the only class that reaches {@link Discount}
 * through Panache. Callers provide the session or transaction.
 */
@ApplicationScoped
public class DiscountRepository implements PanacheRepositoryBase<Discount, String> {

    /** The customer's discount {@code discountId}, or null when unknown or another customer's. */
    public Uni<Discount> ofCustomer(String customerId, String discountId) {
        return find("discountId = ?1 and customerId = ?2", discountId, customerId).firstResult();
    }

    /** All the customer's discounts, by discount_id. */
    public Uni<List<Discount>> ofCustomer(String customerId) {
        return find("customerId = ?1 order by discountId", customerId).list();
    }
}
