package dev.orderpay.billing;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Loads and stores bills and bill items (issue #12 item 8): the only class that reaches
 * {@link Bill} and {@link BillItem} through Panache. Callers provide the session or transaction
 * ({@link BillingService}). Issuing bills (native SQL under an advisory lock, joining the
 * caller's transaction) and claiming bills to deduct (a {@code SKIP LOCKED} statement of its own)
 * stay in {@link BillingService}.
 */
@ApplicationScoped
public class BillRepository implements PanacheRepositoryBase<Bill, String> {

    /** Stores new bill items (contract §8) in the caller's transaction. */
    public Uni<Void> addItems(List<BillItem> items) {
        return BillItem.persist(items);
    }

    /**
     * The customer's issued bills: of {@code month} ({@code yyyy-MM}) by currency, or, when
     * {@code month} is null, all of them, newest month first, then by currency.
     */
    public Uni<List<Bill>> billsOf(String customerId, String month) {
        return month == null
                ? find("customerId = ?1 order by billingMonth desc, currency", customerId).list()
                : find("customerId = ?1 and billingMonth = ?2 order by currency", customerId, month).list();
    }

    /** The customer's bill {@code billId}, or null when unknown or another customer's. */
    public Uni<Bill> billOf(String customerId, String billId) {
        return find("billId = ?1 and customerId = ?2", billId, customerId).firstResult();
    }

    /**
     * The customer's items not yet on an issued bill: of {@code month} by currency, or, when
     * {@code month} is null, all of them, newest month first, then by currency; each group by
     * {@code paidAt}.
     */
    public Uni<List<BillItem>> unbilledItemsOf(String customerId, String month) {
        return month == null
                ? BillItem.<BillItem>find("customerId = ?1 and billId is null order by billingMonth desc, currency, paidAt",
                        customerId).list()
                : BillItem.<BillItem>find("customerId = ?1 and billId is null and billingMonth = ?2 order by currency, paidAt",
                        customerId, month).list();
    }

    /** The items of the bills {@code billIds}, by {@code paidAt}, then order ID. */
    public Uni<List<BillItem>> itemsOf(List<String> billIds) {
        return BillItem.<BillItem>find("billId in ?1 order by paidAt, orderId", billIds).list();
    }
}
