package dev.orderpay.customer;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Loads and stores {@link Customer} rows (issue #12 item 8): the only class that reaches them
 * through Panache ({@code findById}, {@code persist}). Callers provide the session or transaction;
 * other capabilities ask {@link CustomerService}.
 */
@ApplicationScoped
public class CustomerRepository implements PanacheRepositoryBase<Customer, String> {
}
