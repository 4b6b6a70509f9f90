package dev.orderpay.order;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One line of an order (contract §4): money in minor units of the order's currency. */
@Entity
@Table(name = "order_line_item")
public class LineItem extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "line_item_seq")
    @SequenceGenerator(name = "line_item_seq", sequenceName = "line_item_seq", allocationSize = 50)
    public Long id;
    public String orderId;
    public int lineNo;
    public String productId;
    public String description;
    public int quantity;
    public long unitPrice;
    public long amount;
    public String region;
}
