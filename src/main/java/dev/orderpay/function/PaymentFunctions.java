package dev.orderpay.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderpay.payment.PaymentQuote;
import dev.orderpay.payment.PaymentRequest;
import dev.orderpay.payment.PaymentService;
import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.Caller;
import dev.orderpay.platform.Violations;
import io.quarkus.funqy.Funq;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The payment functions of contract §10, thin adapters over {@link PaymentService} with the
 * same JWT (role {@code customer}), validation, error codes and HTTP statuses as
 * {@code POST /v1/payments} and {@code POST /v1/payments/quote}. Each input is bound with the
 * application's JSON rules by {@link FunctionInputs}; failures become problem+json in
 * {@link FunctionHttp}.
 */
@ApplicationScoped
@RolesAllowed("customer")
public class PaymentFunctions {

    private final PaymentService payments;
    private final Caller caller;
    private final FunctionInputs inputs;
    private final FunctionHttp http;

    public PaymentFunctions(PaymentService payments, Caller caller, FunctionInputs inputs, FunctionHttp http) {
        this.payments = payments;
        this.caller = caller;
        this.inputs = inputs;
        this.http = http;
    }

    /**
     * {@code pay-order}: a single payment ({@link PayOrderInput}); answers 201 and the payment
     * object, or the stored answer when {@code idempotency_key} was used before with the same body.
     *
     * @throws ApiException 400 VALIDATION_FAILED (also for {@code order_ids} instead of {@code order_id}),
     *                      IDEMPOTENCY_KEY_REQUIRED, and every error of {@code POST /v1/payments} (contract §6, §9)
     */
    @Funq(FunctionNames.PAY_ORDER)
    public JsonNode payOrder(JsonNode input) {
        PayOrderInput in = inputs.bind(input, PayOrderInput.class);
        new Violations().identifier("order_id", in.orderId(), true).throwIfAny();
        return pay(in.idempotencyKey(), in.toRequest());
    }

    /**
     * {@code combine-payments}: a combined payment of 2–30 orders ({@link CombinePaymentsInput});
     * answers like {@code pay-order}.
     *
     * @throws ApiException 400 VALIDATION_FAILED for fewer than 2 orders, TOO_MANY_ORDERS for more than 30,
     *                      and every error of {@code POST /v1/payments}
     */
    @Funq(FunctionNames.COMBINE_PAYMENTS)
    public JsonNode combinePayments(JsonNode input) {
        CombinePaymentsInput in = inputs.bind(input, CombinePaymentsInput.class);
        if (in.orderIds() == null || in.orderIds().size() < 2) {
            throw ApiException.validation("order_ids", "must hold 2 to 30 order IDs (pay-order pays one)");
        }
        return pay(in.idempotencyKey(), in.toRequest());
    }

    /**
     * {@code quote-payment}: the body of {@code POST /v1/payments/quote}; answers 200 and the quote.
     * Changes nothing.
     *
     * @throws ApiException the errors of {@code POST /v1/payments/quote}
     */
    @Funq(FunctionNames.QUOTE_PAYMENT)
    public PaymentQuote quotePayment(JsonNode input) {
        PaymentRequest req = inputs.bind(input, PaymentRequest.class);
        String customerId = caller.customerId();
        return FunctionInputs.await(() -> payments.quote(customerId, req));
    }

    private JsonNode pay(String idempotencyKey, PaymentRequest req) {
        if (idempotencyKey == null || idempotencyKey.isEmpty()) {
            throw ApiException.badRequest("IDEMPOTENCY_KEY_REQUIRED", "idempotency_key is required");
        }
        String customerId = caller.customerId();
        PaymentService.PaymentResult paid = FunctionInputs.await(() -> payments.pay(customerId, idempotencyKey, req));
        http.status(201);
        return inputs.tree(paid.paymentJson());
    }
}
