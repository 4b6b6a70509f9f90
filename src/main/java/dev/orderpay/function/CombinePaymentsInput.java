package dev.orderpay.function;

import dev.orderpay.payment.PaymentRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Input of {@code combine-payments} (contract §10): the body of {@code POST /v1/payments} with
 * 2–30 {@code order_ids}, and the idempotency key in the body.
 */
@RegisterForReflection
public record CombinePaymentsInput(List<String> orderIds, String method, String discountId, List<String> couponIds,
                                   Boolean contractIndependenceConfirmed, String expectedTotalPayable, String returnUrl,
                                   String idempotencyKey) {

    /** The equivalent REST payment body. */
    public PaymentRequest toRequest() {
        return new PaymentRequest(orderIds, method, discountId, couponIds, contractIndependenceConfirmed,
                expectedTotalPayable, returnUrl);
    }
}
