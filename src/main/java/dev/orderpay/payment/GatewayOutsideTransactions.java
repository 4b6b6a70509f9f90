package dev.orderpay.payment;

import dev.orderpay.gateway.PaymentGateway;
import io.quarkus.hibernate.orm.runtime.PersistenceUnitUtil;
import io.quarkus.hibernate.reactive.panache.common.runtime.SessionOperations;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Enforces "never call the gateway inside a database transaction" (contract, engineering
 * guide §4): every call of the {@link PaymentGateway} bean goes through this decorator,
 * which refuses it with {@link IllegalStateException} while the caller's Vert.x context
 * holds a Hibernate Reactive session with an open transaction. The payment flows commit
 * their reservation first, call the gateway, then record the result in a second
 * transaction; a test proves the guard fires.
 */
@Decorator
@Priority(10)
public abstract class GatewayOutsideTransactions implements PaymentGateway {

    @Inject
    @Delegate
    PaymentGateway delegate;

    /** Whether the current context has an open database transaction. */
    static boolean inTransaction() {
        try {
            Mutiny.Session session = SessionOperations.getCurrentSession(PersistenceUnitUtil.DEFAULT_PERSISTENCE_UNIT_NAME);
            return session != null && session.isOpen() && session.currentTransaction() != null;
        } catch (RuntimeException noVertxContext) {
            return false;
        }
    }

    private static <T> Uni<T> guarded(Supplier<Uni<T>> call) {
        if (inTransaction()) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "the payment gateway must not be called inside a database transaction"));
        }
        return call.get();
    }

    @Override
    public Uni<CheckoutSession> createCheckoutSession(CreateCheckout request) {
        return guarded(() -> delegate.createCheckoutSession(request));
    }

    @Override
    public Uni<CheckoutSession> retrieveCheckoutSession(String sessionId) {
        return guarded(() -> delegate.retrieveCheckoutSession(sessionId));
    }

    @Override
    public Uni<CheckoutSession> expireCheckoutSession(String sessionId, String idempotencyKey) {
        return guarded(() -> delegate.expireCheckoutSession(sessionId, idempotencyKey));
    }

    @Override
    public Uni<PaymentIntent> retrievePaymentIntent(String paymentIntentId) {
        return guarded(() -> delegate.retrievePaymentIntent(paymentIntentId));
    }

    @Override
    public Uni<PaymentIntent> capturePaymentIntent(String paymentIntentId, String idempotencyKey) {
        return guarded(() -> delegate.capturePaymentIntent(paymentIntentId, idempotencyKey));
    }

    @Override
    public Uni<PaymentIntent> cancelPaymentIntent(String paymentIntentId, String idempotencyKey) {
        return guarded(() -> delegate.cancelPaymentIntent(paymentIntentId, idempotencyKey));
    }

    @Override
    public Uni<Refund> createRefund(String paymentIntentId, String idempotencyKey, Map<String, String> metadata) {
        return guarded(() -> delegate.createRefund(paymentIntentId, idempotencyKey, metadata));
    }

    @Override
    public Uni<PaymentIntent> createOffSessionPaymentIntent(OffSessionCharge charge) {
        return guarded(() -> delegate.createOffSessionPaymentIntent(charge));
    }
}
