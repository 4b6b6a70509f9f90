package dev.orderpay.payment;

import java.util.List;

/**
 * Body of {@code POST /v1/payments} and {@code POST /v1/payments/quote} (contract §6).
 * A client never sets an amount, status or discount: {@code expected_total_payable} is
 * only compared with the server's computation.
 */
public record PaymentRequest(List<String> orderIds, String method, String discountId, List<String> couponIds,
                             Boolean contractIndependenceConfirmed, String expectedTotalPayable, String returnUrl) {

    public List<String> couponIdsOrEmpty() {
        return couponIds == null ? List.of() : couponIds;
    }

    public boolean confirmed() {
        return Boolean.TRUE.equals(contractIndependenceConfirmed);
    }
}
