package dev.orderpay.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One monthly-settled order on its customer's bill (contract §8): {@code amount} is the
 * order's payable in minor units of {@code currency}; {@code billingMonth} ({@code yyyy-MM})
 * is the month of {@code paidAt} in {@code payments.billing.zone}. {@code billId} is set
 * when the bill is issued.
 */
@Entity
@Table(name = "bill_item")
public class BillItem extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String customerId;
    public String currency;
    public String billingMonth;
    public String orderId;
    public String paymentId;
    public long amount;
    public Instant paidAt;
    public String billId;
}
