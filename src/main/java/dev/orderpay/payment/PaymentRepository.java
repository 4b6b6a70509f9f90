package dev.orderpay.payment;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Queries over payments and their items ({@link PaymentItem}, one per paid order), and the only
 * place that locks a payment row (issue #12 item 8). Callers provide the session or transaction
 * ({@code Panache.withSession} / {@code withTransaction}); no method opens one. The native
 * statements that join the caller's transaction (the settling lease of {@link CheckoutSettler},
 * idempotency records, webhook claims) stay with their owners.
 */
@ApplicationScoped
public class PaymentRepository implements PanacheRepositoryBase<Payment, String> {

    /** The customer's payment, or null: another customer's payment is indistinguishable from none (contract §3). */
    public Uni<Payment> findOwned(String customerId, String paymentId) {
        return find("paymentId = ?1 and customerId = ?2", paymentId, customerId).firstResult();
    }

    /**
     * The payment row locked {@code SELECT … FOR NO KEY UPDATE} ({@code PESSIMISTIC_WRITE} on PostgreSQL) until the caller's
     * transaction ends, or null. Every state change of an online payment starts here ({@link PaymentTransitions}).
     */
    public Uni<Payment> lock(String paymentId) {
        return find("paymentId", paymentId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /**
     * The payment of a gateway object: the one whose Checkout Session is {@code checkoutSessionId} or whose
     * PaymentIntent is {@code paymentIntentId} (either may be null, matching nothing), or null.
     */
    public Uni<Payment> findByGatewayIds(String checkoutSessionId, String paymentIntentId) {
        return find("checkoutSessionId = :object or paymentIntentId = :pi", Parameters
                .with("object", checkoutSessionId == null ? "" : checkoutSessionId)
                .and("pi", paymentIntentId == null ? "" : paymentIntentId)).firstResult();
    }

    /**
     * One keyset page of the customer's payments, newest first ({@code created_at} desc, then
     * {@code payment_id} desc), starting after {@code after} (null: the first page). Returns up to
     * {@code limit + 1} rows, so the caller knows whether another page follows. Items not loaded.
     */
    public Uni<List<Payment>> pageOf(String customerId, PaymentPageRequest.Cursor after, int limit) {
        String hql = "customerId = :c" + (after == null ? ""
                : " and (createdAt < :t or (createdAt = :t and paymentId < :id))") + " order by createdAt desc, paymentId desc";
        Parameters params = Parameters.with("c", customerId);
        if (after != null) {
            params.and("t", after.createdAt()).and("id", after.paymentId());
        }
        return find(hql, params).range(0, limit).list();
    }

    /**
     * The items of the payments {@code ?1} (one {@code varchar[]}), in no particular order (as before). Native SQL
     * binding the IDs as one array ({@code = any(?1)}): one text for any number of payments, never translated
     * by Hibernate (issue #13: HQL binding a collection is translated to SQL again on every call).
     */
    static final String ITEMS_OF = "select i.* from payment_order i where i.payment_id = any(?1)";

    /** The items of {@code payments}, loaded in one statement ({@link #ITEMS_OF}) and attached to each ({@link Payment#items}). */
    public Uni<List<Payment>> withItems(List<Payment> payments) {
        if (payments.isEmpty()) {
            return Uni.createFrom().item(payments);
        }
        String[] ids = payments.stream().map(p -> p.paymentId).toArray(String[]::new);
        return getSession().chain(s -> s.createNativeQuery(ITEMS_OF, PaymentItem.class).setParameter(1, ids).getResultList())
                .map(items -> {
                    Map<String, List<PaymentItem>> by = items.stream().collect(Collectors.groupingBy(i -> i.paymentId));
                    payments.forEach(p -> p.items = by.getOrDefault(p.paymentId, List.of()));
                    return payments;
                });
    }

    /** The items of one payment (not attached), e.g. to lock its orders. */
    public Uni<List<PaymentItem>> itemsOf(String paymentId) {
        return PaymentItem.<PaymentItem>find("paymentId", paymentId).list();
    }

    /** Persists a new payment and its {@link Payment#items}; written at the caller's flush (its commit). */
    public Uni<Void> insert(Payment p) {
        return persist(p).flatMap(x -> PaymentItem.persist(p.items));
    }
}
