package dev.orderpay.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderpay.billing.BillingService;
import dev.orderpay.customer.CustomerService;
import dev.orderpay.order.Order;
import dev.orderpay.order.OrderRepository;
import dev.orderpay.gateway.GatewayLimits;
import dev.orderpay.gateway.GatewayRejectedException;
import dev.orderpay.gateway.GatewayUnavailableException;
import dev.orderpay.gateway.PaymentGateway;
import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.FaultPoints;
import dev.orderpay.platform.Hashing;
import dev.orderpay.platform.Ids;
import dev.orderpay.pricing.MinorUnits;
import dev.orderpay.pricing.OrderPrice;
import dev.orderpay.pricing.PriceBreakdown;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The pay use cases (contract §6): single and combined payment by monthly settlement
 * or online checkout, with idempotency keys. Owns the transactions; never calls the
 * gateway inside one.
 */
@ApplicationScoped
public class PaymentService {

    /** How much later than our own checkout deadline the gateway's session expires. */
    static final Duration GATEWAY_EXPIRY_MARGIN = Duration.ofMinutes(2);

    private final OrderRepository orders;
    private final PaymentRepository payments;
    private final IdempotencyStore idempotency;
    private final SavingsApplier savings;
    private final CustomerService customers;
    private final BillingService billing;
    private final AppClock clock;
    private final ObjectMapper json;
    private final PaymentGateway gateway;
    private final PaymentTransitions transitions;
    private final CheckoutSettler settler;
    private final PaymentConfig config;
    private final FaultPoints faults;

    public PaymentService(OrderRepository orders, PaymentRepository payments, IdempotencyStore idempotency,
                          SavingsApplier savings, CustomerService customers, BillingService billing, AppClock clock,
                          ObjectMapper json, PaymentGateway gateway, PaymentTransitions transitions, CheckoutSettler settler,
                          PaymentConfig config, FaultPoints faults) {
        this.faults = faults;
        this.gateway = gateway;
        this.transitions = transitions;
        this.settler = settler;
        this.config = config;
        this.orders = orders;
        this.payments = payments;
        this.idempotency = idempotency;
        this.savings = savings;
        this.customers = customers;
        this.billing = billing;
        this.clock = clock;
        this.json = json;
    }

    /**
     * The payment a pay request made, as the payment object of contract §6 in JSON: rendered once by
     * {@link #render} when the payment is made, stored under the Idempotency-Key in the same transaction,
     * and for a repeated key returned verbatim from the store, so a replay is
     * byte-identical to the first answer. The adapters answer it as 201 Created, the body as is.
     */
    public record PaymentResult(String paymentJson) {
    }

    /**
     * {@code POST /v1/payments}: validates, claims the idempotency key, runs checks 1–8 of
     * contract §6 on the locked orders and pays them. Monthly settlement completes in one
     * transaction (orders {@code paid}, bill items written, the payment's JSON stored under the key).
     *
     * @throws ApiException any §9 error of §6; on error the key is released and nothing changed
     */
    public Uni<PaymentResult> pay(String customerId, String idempotencyKey, PaymentRequest req) {
        PaymentValidation.validatePayment(idempotencyKey, req);
        String hash = fingerprint(req);
        Instant now = clock.now();
        return idempotency.claim(customerId, idempotencyKey, hash, now).flatMap(claim -> {
            if (claim.replay().isPresent()) {
                return Uni.createFrom().item(new PaymentResult(claim.replay().get()));
            }
            PaymentMethod method = PaymentValidation.method(req);
            // A first attempt under this key that died after recording its payment: resume that payment.
            Uni<PaymentResult> work = claim.pendingPaymentId() != null
                    ? resumeOnline(customerId, claim.held(), claim.pendingPaymentId(), req)
                    : switch (method) {
                        case MONTHLY_SETTLEMENT -> payMonthly(customerId, claim.held(), req);
                        case ONLINE -> payOnline(customerId, claim.held(), req);
                    };
            return work.onFailure().call(e -> idempotency.release(claim.held()));
        });
    }

    private Uni<PaymentResult> payMonthly(String customerId, IdempotencyStore.HeldKey key, PaymentRequest req) {
        return Panache.withTransaction(() -> {
            Instant now = clock.now();
            return evaluate(customerId, req, now, true).flatMap(ev -> {
                if (!ev.account().monthlySettlementEnabled()) {
                    return Uni.createFrom().failure(ApiException.unprocessable("MONTHLY_SETTLEMENT_NOT_ENABLED",
                            "monthly settlement is not enabled for this account"));
                }
                Payment p = newPayment(customerId, PaymentMethod.MONTHLY_SETTLEMENT, PaymentStatus.SUCCEEDED, req, ev, now);
                List<BillingService.SettledOrder> settled = new ArrayList<>();
                for (Order o : ev.checked().payable()) {
                    o.markPaid(p.paymentId, now);
                    settled.add(new BillingService.SettledOrder(o.orderId,
                            p.items.stream().filter(i -> i.orderId.equals(o.orderId)).findFirst().orElseThrow().payableAmount));
                }
                String body = render(p);
                return payments.insert(p)
                        .flatMap(x -> billing.recordBillItems(customerId, p.currency, p.paymentId, settled, now))
                        .flatMap(x -> savings.consumeNow(p.paymentId, ev.priced(), now))
                        .flatMap(x -> idempotency.complete(key, body, p.paymentId))
                        .map(x -> new PaymentResult(body));
            });
        });
    }

    /**
     * Online payment (contract §6): transaction 1 holds the orders ({@code payment_in_progress}),
     * reserves the coupons and records the payment ({@code requires_action}); then, outside any
     * transaction, the gateway creates the Checkout Session (idempotency key = payment ID);
     * transaction 2 records its URL and the response. If the gateway cannot be reached, a
     * third transaction releases everything (payment {@code failed}/{@code gateway_error})
     * and the answer is 503 GATEWAY_UNAVAILABLE; if it refuses the request, the same release
     * and 422. An amount outside the gateway's documented limits ({@link GatewayLimits}) is 422
     * AMOUNT_NOT_SUPPORTED_BY_GATEWAY before anything is reserved. A total payable of 0 succeeds at once.
     */
    private Uni<PaymentResult> payOnline(String customerId, IdempotencyStore.HeldKey key, PaymentRequest req) {
        Uni<Payment> reserved = Panache.withTransaction(() -> {
            Instant now = clock.now();
            return evaluate(customerId, req, now, true).flatMap(ev -> {
                boolean free = ev.breakdown().totalPayable() == 0;
                Optional<String> refusal = free ? Optional.empty()
                        : GatewayLimits.refusal(ev.breakdown().totalPayable(), ev.breakdown().currency());
                if (refusal.isPresent()) {
                    // the gateway would refuse it for ever: say so now, before anything is reserved
                    return Uni.createFrom().failure(ApiException.unprocessable("AMOUNT_NOT_SUPPORTED_BY_GATEWAY", refusal.get()));
                }
                Payment p = newPayment(customerId, PaymentMethod.ONLINE,
                        free ? PaymentStatus.SUCCEEDED : PaymentStatus.REQUIRES_ACTION, req, ev, now);
                if (!free) {
                    p.checkoutExpiresAt = now.plus(config.checkout().ttl());
                    p.reconcileAfter = p.checkoutExpiresAt;
                }
                for (Order o : ev.checked().payable()) {
                    if (free) {
                        o.markPaid(p.paymentId, now);
                    } else {
                        o.holdForCheckout(p.paymentId, now);
                    }
                }
                Uni<Void> coupons = free ? savings.consumeNow(p.paymentId, ev.priced(), now)
                        : savings.reserve(p.paymentId, ev.priced(), now);
                Uni<Void> response = free
                        ? idempotency.complete(key, render(p), p.paymentId)
                        // links the key to the payment, so a retry after a crash resumes it (issue #10 item 7)
                        : idempotency.linkPayment(key, p.paymentId);
                return payments.insert(p).flatMap(x -> coupons)
                        .flatMap(x -> response).replaceWith(p);
            });
        });
        return reserved.flatMap(p -> {
            if (p.status == PaymentStatus.SUCCEEDED) {
                return Uni.createFrom().item(new PaymentResult(render(p)));
            }
            faults.reached(FaultPoints.Point.RESERVED);
            return checkout(customerId, key, p, req);
        });
    }

    /**
     * Outside any transaction: creates (or, under the same gateway idempotency key = payment ID,
     * finds) the payment's Checkout Session, then records its URL and the key's response. A
     * gateway that cannot be reached ends the payment ({@code failed}/{@code gateway_error},
     * everything released) with 503; a gateway that refuses the request (4xx) ends it the same
     * way with 422 (issue #10 item 5), since asking again would be refused again.
     */
    private Uni<PaymentResult> checkout(String customerId, IdempotencyStore.HeldKey key, Payment p, PaymentRequest req) {
        return gateway.createCheckoutSession(checkoutRequest(p, req))
                .onFailure().recoverWithUni(e -> transitions.fail(p.paymentId, PaymentStatus.FAILED, "gateway_error")
                        .flatMap(x -> Uni.createFrom().failure(checkoutFailure(e))))
                .invoke(session -> faults.reached(FaultPoints.Point.CHECKOUT_CREATED))
                .flatMap(session -> Panache.withTransaction(() -> transitions.attachCheckout(p.paymentId, session.id(), session.url())
                        .flatMap(attached -> payments.withItems(List.of(attached)).flatMap(list -> {
                            String body = render(list.get(0));
                            return idempotency.complete(key, body, p.paymentId)
                                    .replaceWith(new PaymentResult(body));
                        }))));
    }

    /**
     * A retry under an Idempotency-Key whose first request recorded payment {@code paymentId}
     * but never answered (the process died between its first transaction and recording the
     * checkout; issue #10 item 7): answers as the first request would have. A payment still
     * waiting for its checkout gets it created or found under the same gateway idempotency key;
     * any other payment is answered as it is now.
     */
    private Uni<PaymentResult> resumeOnline(String customerId, IdempotencyStore.HeldKey key, String paymentId, PaymentRequest req) {
        return Panache.withSession(() -> payments.findOwned(customerId, paymentId)
                        .flatMap(p -> p == null ? Uni.createFrom().<List<Payment>>nullItem() : payments.withItems(List.of(p))))
                .flatMap(list -> {
                    if (list == null) {
                        return payOnline(customerId, key, req);
                    }
                    Payment p = list.get(0);
                    if (p.status == PaymentStatus.REQUIRES_ACTION && p.checkoutSessionId == null) {
                        return checkout(customerId, key, p, req);
                    }
                    String body = render(p);
                    return Panache.withTransaction(() -> idempotency.complete(key, body, p.paymentId))
                            .replaceWith(new PaymentResult(body));
                });
    }

    private PaymentGateway.CreateCheckout checkoutRequest(Payment p, PaymentRequest req) {
        String ids = p.items.stream().map(i -> i.orderId).sorted().collect(Collectors.joining(", "));
        String back = req.returnUrl() != null ? req.returnUrl() : config.checkout().defaultReturnUrl();
        return new PaymentGateway.CreateCheckout(p.paymentId, p.paymentId, p.totalPayable, p.currency,
                // Stripe wants expires_at at least 30 minutes ahead; our own deadline ends the session first.
                (p.items.size() == 1 ? "Order " : "Orders ") + ids, p.checkoutExpiresAt.plus(GATEWAY_EXPIRY_MARGIN),
                back, back, null, Map.of("payment_id", p.paymentId, "customer_id", p.customerId));
    }

    /**
     * What the client hears when the Checkout Session could not be created: 422
     * AMOUNT_NOT_SUPPORTED_BY_GATEWAY when the gateway refused the amount, 422 GATEWAY_REFUSED
     * for any other refusal (4xx), else 503 GATEWAY_UNAVAILABLE. A 401/403 means our own API key
     * is wrong: not the client's doing, and fixed by an operator, so it stays 503.
     */
    private static ApiException checkoutFailure(Throwable cause) {
        if (cause instanceof GatewayRejectedException r && r.httpStatus() != 401 && r.httpStatus() != 403) {
            if (r.code() != null && GatewayLimits.AMOUNT_CODES.contains(r.code())) {
                return ApiException.unprocessable("AMOUNT_NOT_SUPPORTED_BY_GATEWAY",
                        "the payment gateway refused the amount of this payment (" + r.code() + "); nothing was charged or reserved");
            }
            return ApiException.unprocessable("GATEWAY_REFUSED", "the payment gateway refused this payment"
                    + (r.code() != null ? " (" + r.code() + ")" : "") + "; nothing was charged or reserved, and asking again "
                    + "with the same orders would be refused again");
        }
        return gatewayUnavailable(cause);
    }

    private static ApiException gatewayUnavailable(Throwable cause) {
        if (cause instanceof ApiException api) {
            return api;
        }
        return new ApiException(503, "GATEWAY_UNAVAILABLE", "Payment gateway unavailable",
                "the payment gateway cannot be reached; nothing was charged or reserved, retry later")
                .header("Retry-After", "30");
    }

    /**
     * {@code POST /v1/payments/{payment_id}/cancel}: abandons an online checkout that has not
     * completed. The checkout is ended at the gateway first; if the customer completed it
     * meanwhile, the payment is settled instead and 409 PAYMENT_NOT_CANCELLABLE is returned.
     *
     * @throws ApiException 404 PAYMENT_NOT_FOUND, 409 PAYMENT_NOT_CANCELLABLE, 503 GATEWAY_UNAVAILABLE
     */
    public Uni<PaymentView> cancel(String customerId, String paymentId) {
        return Panache.withSession(() -> payments.findOwned(customerId, paymentId)).flatMap(p -> {
            if (p == null) {
                return Uni.createFrom().failure(ApiException.notFound("PAYMENT_NOT_FOUND",
                        "payment " + paymentId + " was not found"));
            }
            if (p.status != PaymentStatus.REQUIRES_ACTION) {
                return Uni.createFrom().failure(notCancellable(p));
            }
            Uni<Boolean> ended = p.checkoutSessionId == null ? Uni.createFrom().item(true)
                    : gateway.expireCheckoutSession(p.checkoutSessionId, p.paymentId + ":expire")
                            .map(s -> "expired".equals(s.status()))
                            .onFailure(GatewayRejectedException.class).recoverWithItem(false);
            return ended.onFailure(GatewayUnavailableException.class)
                    .transform(PaymentService::gatewayUnavailable)
                    .flatMap(expired -> expired
                            ? transitions.fail(p.paymentId, PaymentStatus.CANCELLED, null).replaceWith(p.paymentId)
                            : settler.settle(p.paymentId).flatMap(s -> Uni.createFrom().failure(notCancellable(p))))
                    .flatMap(x -> get(customerId, paymentId));
        });
    }

    private static ApiException notCancellable(Payment p) {
        return ApiException.conflict("PAYMENT_NOT_CANCELLABLE",
                "payment " + p.paymentId + " is " + p.status.wire() + "; only a checkout waiting for the customer can be cancelled");
    }

    /** The result of checks 1–8 before anything is written. */
    record Evaluation(CustomerService.AccountView account, PaymentRules.Checked checked, SavingsApplier.Priced priced) {
        PriceBreakdown breakdown() {
            return priced.breakdown();
        }
    }

    /**
     * Loads (and with {@code lock}, row-locks) the request's orders and applies the checks
     * of contract §6 and the savings of §5. Changes nothing.
     */
    Uni<Evaluation> evaluate(String customerId, PaymentRequest req, Instant now, boolean lock) {
        Uni<List<Order>> load = lock ? orders.lockWithCombinedPurchases(customerId, req.orderIds())
                : orders.loadWithCombinedPurchases(customerId, req.orderIds());
        return load.flatMap(loaded -> {
            PaymentRules.Checked checked = PaymentRules.check(req.orderIds(), loaded, req.confirmed(), now);
            return savings.price(customerId, checked, req, now, lock).flatMap(priced -> {
                PriceBreakdown breakdown = priced.breakdown();
                if (lock && req.expectedTotalPayable() != null) {
                    String total = MinorUnits.format(breakdown.totalPayable(), breakdown.currency());
                    long expected;
                    try {
                        expected = MinorUnits.parse(req.expectedTotalPayable(), breakdown.currency());
                    } catch (IllegalArgumentException e) {
                        return Uni.createFrom().failure(ApiException.validation("expected_total_payable",
                                "must have exactly the minor digits of " + breakdown.currency() + ", e.g. \"" + total + "\""));
                    }
                    if (expected != breakdown.totalPayable()) {
                        return savings.quote(customerId, checked, priced, now).flatMap(q -> Uni.createFrom().failure(
                                ApiException.conflict("TOTAL_CHANGED", "the total payable is now " + total
                                        + " " + breakdown.currency() + "; review the quote and pay again").with("quote", q)));
                    }
                }
                return customers.account(customerId)
                        .map(account -> new Evaluation(account, checked, priced));
            });
        });
    }

    private Payment newPayment(String customerId, PaymentMethod method, PaymentStatus status, PaymentRequest req,
                               Evaluation ev, Instant now) {
        PriceBreakdown b = ev.breakdown();
        Payment p = new Payment();
        p.paymentId = Ids.paymentId();
        p.customerId = customerId;
        p.start(status);
        p.method = method;
        p.currency = b.currency();
        p.totalAmount = b.totalAmount();
        p.totalDiscount = b.totalDiscount();
        p.totalCoupon = b.totalCoupon();
        p.totalPayable = b.totalPayable();
        p.discountId = req.discountId();
        p.couponIds = String.join(",", req.couponIdsOrEmpty());
        p.skippedOrders = write(ev.checked().skipped());
        p.createdAt = now;
        p.updatedAt = now;
        List<PaymentItem> items = new ArrayList<>();
        for (OrderPrice op : b.orders()) {
            PaymentItem i = new PaymentItem();
            i.paymentId = p.paymentId;
            i.orderId = op.orderId();
            i.amount = op.amount();
            i.discountAmount = op.discountAmount();
            i.couponAmount = op.couponAmount();
            i.payableAmount = op.payableAmount();
            items.add(i);
        }
        p.items = items;
        return p;
    }

    /**
     * {@code POST /v1/payments/quote}: the breakdown a payment with this body would have now,
     * plus usable savings (contract §5). Changes nothing, takes no lock.
     *
     * @throws ApiException the §6 and §5 errors a payment would get (but TOTAL_CHANGED and method checks)
     */
    @WithSession
    public Uni<PaymentQuote> quote(String customerId, PaymentRequest req) {
        PaymentValidation.validateBody(req, false);
        Instant now = clock.now();
        return evaluate(customerId, req, now, false)
                .flatMap(ev -> savings.quote(customerId, ev.checked(), ev.priced(), now));
    }

    /** {@code GET /v1/payments/{payment_id}}. @throws ApiException 404 PAYMENT_NOT_FOUND (also for another customer's) */
    @WithSession
    public Uni<PaymentView> get(String customerId, String paymentId) {
        return payments.findOwned(customerId, paymentId)
                .flatMap(p -> {
                    if (p == null) {
                        return Uni.createFrom().failure(ApiException.notFound("PAYMENT_NOT_FOUND",
                                "payment " + paymentId + " was not found"));
                    }
                    return payments.withItems(List.of(p)).map(l -> PaymentView.of(l.get(0), json));
                });
    }

    /** A page of payments: newest first. */
    public record PaymentPage(List<PaymentView> payments, String nextPageToken) {
    }

    /**
     * {@code GET /v1/payments?limit=&page_token=}: the caller's payments, newest first, keyset paged
     * ({@code page} parsed by the adapter with {@link PaymentPageRequest#parse}). {@code next_page_token}
     * is null on the last page.
     */
    @WithSession
    public Uni<PaymentPage> list(String customerId, PaymentPageRequest page) {
        return payments.pageOf(customerId, page.after(), page.limit()).flatMap(rows -> {
            boolean more = rows.size() > page.limit();
            List<Payment> shown = more ? rows.subList(0, page.limit()) : rows;
            return payments.withItems(List.copyOf(shown)).map(list -> {
                String next = null;
                if (more) {
                    Payment last = list.get(list.size() - 1);
                    next = new PaymentPageRequest.Cursor(last.createdAt, last.paymentId).encode();
                }
                return new PaymentPage(list.stream().map(p -> PaymentView.of(p, json)).toList(), next);
            });
        });
    }

    /** SHA-256 of the request's canonical JSON: the same body in any whitespace or field order matches. */
    String fingerprint(PaymentRequest req) {
        return Hashing.sha256(write(req));
    }

    /**
     * The one rendering of a payment answered to a pay request: {@link PaymentView} through the
     * application's {@link ObjectMapper}, exactly as Quarkus REST renders it for {@code GET /v1/payments/{id}}.
     * The result is what the key stores and replays.
     */
    private String render(Payment p) {
        return write(PaymentView.of(p, json));
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
