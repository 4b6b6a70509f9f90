package dev.orderpay.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One monthly-settled order on its customer's bill (contract §8): {@code amount} is the
 * order's payable in minor units of {@code currency}; {@code billingMonth} ({@code yyyy-MM})
 * is the month of {@code paidAt} in {@code payments.billing.zone}. {@code billId} is set
 * when the bill is issued. IDs come from sequence {@code bill_item_seq}, 50 at a time, so the
 * bill items of one payment are inserted as one statement batch (issue #13; an IDENTITY column
 * made Hibernate send one insert per item to read each ID back).
 */
@Entity
@Table(name = "bill_item")
public class BillItem extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "bill_item_seq")
    @SequenceGenerator(name = "bill_item_seq", sequenceName = "bill_item_seq", allocationSize = 50)
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
