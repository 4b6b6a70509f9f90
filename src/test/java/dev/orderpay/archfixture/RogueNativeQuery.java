package dev.orderpay.archfixture;

import dev.orderpay.order.Order;
import dev.orderpay.order.OrderRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Deliberate breaches of two database rules, kept in the test sources so that
 * {@code ArchitectureTest} can show each rule catches them. Never called.
 * <ul>
 *   <li>native SQL through the Hibernate session in a class not named in {@code NATIVE_SESSION_SQL};</li>
 *   <li>HQL handed to a repository from outside it ({@code orders.find("…")}).</li>
 * </ul>
 */
public final class RogueNativeQuery {

    private RogueNativeQuery() {
    }

    static Uni<Integer> markAllPaid() {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("update customer_order set status = 'paid'")
                .executeUpdate());
    }

    static Uni<List<Order>> ownQuery(OrderRepository orders, String customerId) {
        return orders.find("customerId = ?1", customerId).list();
    }
}
