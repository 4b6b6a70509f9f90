package dev.orderpay.function;

import dev.orderpay.payment.PaymentRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Input of {@code pay-order} (contract §10): the body of {@code POST /v1/payments} for one
 * order, with the idempotency key in the body instead of the {@code Idempotency-Key} header.
 * Money ({@code expected_total_payable}) is a decimal string in the orders' currency.
 */
@RegisterForReflection
public record PayOrderInput(String orderId, String method, String discountId, List<String> couponIds,
                            Boolean contractIndependenceConfirmed, String expectedTotalPayable, String returnUrl,
                            String idempotencyKey) {

    /** The equivalent REST payment body: same fingerprint, so the same key replays across both. */
    public PaymentRequest toRequest() {
        return new PaymentRequest(List.of(orderId), method, discountId, couponIds, contractIndependenceConfirmed,
                expectedTotalPayable, returnUrl);
    }
}
