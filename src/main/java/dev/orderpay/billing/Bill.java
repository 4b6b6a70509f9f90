package dev.orderpay.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A customer's monthly settlement bill for one currency and month (contract §8): the sum of
 * its items in minor units, issued on the 3rd of the next month (billing zone) and deducted
 * from the card on file. Status issued → paid, or overdue (retried daily) → paid.
 */
@Entity
@Table(name = "bill")
public class Bill extends PanacheEntityBase {

    @Id
    public String billId;
    public String customerId;
    public String currency;
    /** {@code yyyy-MM} in the billing zone. */
    public String billingMonth;
    public long total;
    /** issued, paid or overdue. */
    public String status;
    public Instant issuedAt;
    public LocalDate dueDate;
    public Instant paidAt;
    /** The off-session Stripe PaymentIntent that paid it. */
    public String paymentIntentId;
    /** Deduction attempts made. */
    public int attempts;
    /** Stripe's error code of the last failed deduction (e.g. card_declined), or no_payment_method. */
    public String lastError;
    /** No deduction before this time (next daily retry, or a lease while one instance charges). */
    public Instant chargeAfter;
    public Instant updatedAt;
}
