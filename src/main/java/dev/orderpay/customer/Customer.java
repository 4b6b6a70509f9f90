package dev.orderpay.customer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A cloud customer's billing settings (contract §8). Created on first order or by an admin. */
@Entity
@Table(name = "customer")
public class Customer extends PanacheEntityBase {

    @Id
    public String customerId;
    public String name;
    public String email;
    public String phone;
    public boolean monthlySettlementEnabled;
    /** The customer's ID at the payment gateway (Stripe {@code cus_...}). */
    public String gatewayCustomerId;
    /** The card on file at the gateway (Stripe {@code pm_...}), charged for monthly bills. */
    public String defaultPaymentMethod;
    public Instant createdAt;
    public Instant updatedAt;
}
