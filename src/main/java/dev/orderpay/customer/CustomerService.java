package dev.orderpay.customer;

import dev.orderpay.platform.AppClock;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Customer settings (contract §8): admin upsert, lookup. */
@ApplicationScoped
public class CustomerService {

    private final AppClock clock;
    private final CustomerRepository customers;

    public CustomerService(AppClock clock, CustomerRepository customers) {
        this.clock = clock;
        this.customers = customers;
    }

    /** Settings an admin may set; nulls mean "not set". */
    public record CustomerSettings(String name, String email, String phone, Boolean monthlySettlementEnabled,
                                   String gatewayCustomerId, String defaultPaymentMethod) {
    }

    /** Creates or replaces the customer's settings; returns the stored customer. */
    @WithTransaction
    public Uni<Customer> upsert(String customerId, CustomerSettings s) {
        return customers.findById(customerId).flatMap(existing -> {
            Instant now = clock.now();
            Customer c = existing != null ? existing : newCustomer(customerId, now);
            c.name = s.name();
            c.email = s.email();
            c.phone = s.phone();
            c.monthlySettlementEnabled = Boolean.TRUE.equals(s.monthlySettlementEnabled());
            c.gatewayCustomerId = s.gatewayCustomerId();
            c.defaultPaymentMethod = s.defaultPaymentMethod();
            c.updatedAt = now;
            return existing != null ? Uni.createFrom().item(c) : customers.persist(c);
        });
    }

    /** The caller's account: customer ID, name, email and phone for notifications, monthly settlement. */
    public record AccountView(String customerId, String name, String email, String phone,
                              boolean monthlySettlementEnabled) {
    }

    /**
     * The customer's own settings as {@code GET /v1/account} shows them (no gateway identifiers);
     * a customer with no settings yet reads as monthly settlement off and null name, email, phone.
     */
    @WithSession
    public Uni<AccountView> account(String customerId) {
        return customers.findById(customerId).map(c -> c == null
                ? new AccountView(customerId, null, null, null, false)
                : new AccountView(customerId, c.name, c.email, c.phone, c.monthlySettlementEnabled));
    }

    /** Whether the customer exists. */
    @WithSession
    public Uni<Boolean> exists(String customerId) {
        return customers.findById(customerId).map(c -> c != null);
    }

    /** The customer, or null when unknown. Call inside a session or transaction (it joins the caller's). */
    public Uni<Customer> find(String customerId) {
        return customers.findById(customerId);
    }

    /** The customer, creating an empty record when the ordering system names a new one. Call inside a transaction. */
    public Uni<Customer> ensure(String customerId) {
        return customers.findById(customerId).flatMap(existing -> existing != null
                ? Uni.createFrom().item(existing)
                : customers.persist(newCustomer(customerId, clock.now())));
    }

    private static Customer newCustomer(String id, Instant now) {
        Customer c = new Customer();
        c.customerId = id;
        c.createdAt = now;
        c.updatedAt = now;
        return c;
    }
}
