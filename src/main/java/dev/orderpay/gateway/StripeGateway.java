package dev.orderpay.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The {@link PaymentGateway} the application injects: Stripe's API over the Quarkus REST client
 * (form-encoded, {@code Authorization: Bearer <payments.gateway.api-key>},
 * {@code Idempotency-Key} on every POST, {@code Stripe-Version} pinned), each call under the
 * fault-tolerance policy of {@link StripeTransport}.
 *
 * <p>Failures: {@link GatewayRejectedException} for a 4xx (never retried, never counted by the
 * breaker); {@link GatewayUnavailableException} for everything else once the policy gave up
 * (timeouts, 5xx, connection errors, unreadable answers), when the breaker is open (no HTTP call
 * is made) or the bulkhead full, and when {@code payments.gateway.api-key} is not set. A
 * request that is invalid on our side (null key, non-positive amount) fails with
 * {@link IllegalArgumentException}.
 *
 * <p>The returned {@code Uni}s are lazy and emit on the caller's Vert.x context when there is one
 * (retry delays and timeouts otherwise continue on other threads), so a caller may open a
 * Hibernate Reactive transaction right after; still, never call the gateway inside one.
 */
@ApplicationScoped
public class StripeGateway implements PaymentGateway {

    private static final Logger LOG = Logger.getLogger(StripeGateway.class);
    static final String STRIPE_API = "https://api.stripe.com";
    static final List<String> EXPAND = List.of("latest_charge", "payment_method");

    private final GatewayConfig.Gateway config;
    private final boolean sandboxEnabled;
    private final LocalServer localServer;
    private final StripeTransport transport;
    private final MeterRegistry meters;
    private volatile StripeApi api;

    public StripeGateway(GatewayConfig config, LocalServer localServer, StripeTransport transport, MeterRegistry meters) {
        this.config = config.gateway();
        this.sandboxEnabled = config.sandbox().enabled();
        this.localServer = localServer;
        this.transport = transport;
        this.meters = meters;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.apiKey().filter(k -> !k.isBlank()).isEmpty()) {
            LOG.warn("payments.gateway.api-key is not set: every gateway call will fail with GATEWAY_UNAVAILABLE");
        }
    }

    @PreDestroy
    void close() {
        StripeApi client = api;
        if (client instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                LOG.debug("closing the Stripe client", e);
            }
        }
    }

    /** Where calls go: {@code payments.gateway.base-url}, else the sandbox when enabled, else Stripe. */
    public String baseUrl() {
        String configured = config.baseUrl().filter(u -> !u.isBlank()).orElse(null);
        if (configured != null) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        return sandboxEnabled ? localServer.baseUrl() + "/sandbox/stripe" : STRIPE_API;
    }

    @Override
    public Uni<CheckoutSession> createCheckoutSession(CreateCheckout r) {
        if (r == null || r.amount() <= 0 || r.currency() == null || r.expiresAt() == null) {
            return invalid("a checkout needs a positive amount, a currency and expires_at");
        }
        return withKey(r.idempotencyKey(), () -> {
            StripeForm form = new StripeForm()
                    .add("mode", "payment")
                    .add("payment_method_types[0]", "card")
                    .add("line_items[0][price_data][currency]", StripeJson.lower(r.currency()))
                    .add("line_items[0][price_data][unit_amount]", r.amount())
                    .add("line_items[0][price_data][product_data][name]",
                            r.description() != null && !r.description().isBlank() ? r.description() : "Payment " + r.clientReferenceId())
                    .add("line_items[0][quantity]", 1)
                    .add("payment_intent_data[capture_method]", "manual")
                    .add("payment_intent_data[description]", r.description())
                    .metadata("payment_intent_data[metadata]", r.metadata())
                    .add("expires_at", r.expiresAt().getEpochSecond())
                    .add("client_reference_id", r.clientReferenceId())
                    .add("success_url", r.successUrl())
                    .add("cancel_url", r.cancelUrl())
                    .add("customer_email", r.customerEmail())
                    .metadata("metadata", r.metadata());
            return call("create_checkout_session", api -> api.createCheckoutSession(r.idempotencyKey(), form.map()),
                    StripeGateway::checkoutSession);
        });
    }

    @Override
    public Uni<CheckoutSession> retrieveCheckoutSession(String sessionId) {
        if (blank(sessionId)) {
            return invalid("sessionId is required");
        }
        return call("retrieve_checkout_session", api -> api.retrieveCheckoutSession(sessionId), StripeGateway::checkoutSession);
    }

    @Override
    public Uni<CheckoutSession> expireCheckoutSession(String sessionId, String idempotencyKey) {
        if (blank(sessionId)) {
            return invalid("sessionId is required");
        }
        return withKey(idempotencyKey, () -> call("expire_checkout_session",
                api -> api.expireCheckoutSession(sessionId, idempotencyKey, new StripeForm().map()),
                StripeGateway::checkoutSession));
    }

    @Override
    public Uni<PaymentIntent> retrievePaymentIntent(String paymentIntentId) {
        if (blank(paymentIntentId)) {
            return invalid("paymentIntentId is required");
        }
        return call("retrieve_payment_intent", api -> api.retrievePaymentIntent(paymentIntentId, EXPAND),
                StripeGateway::paymentIntent);
    }

    @Override
    public Uni<PaymentIntent> capturePaymentIntent(String paymentIntentId, String idempotencyKey) {
        if (blank(paymentIntentId)) {
            return invalid("paymentIntentId is required");
        }
        return withKey(idempotencyKey, () -> call("capture_payment_intent",
                api -> api.capturePaymentIntent(paymentIntentId, idempotencyKey, new StripeForm().expand(EXPAND).map()),
                StripeGateway::paymentIntent));
    }

    @Override
    public Uni<PaymentIntent> cancelPaymentIntent(String paymentIntentId, String idempotencyKey) {
        if (blank(paymentIntentId)) {
            return invalid("paymentIntentId is required");
        }
        return withKey(idempotencyKey, () -> call("cancel_payment_intent",
                api -> api.cancelPaymentIntent(paymentIntentId, idempotencyKey, new StripeForm().expand(EXPAND).map()),
                StripeGateway::paymentIntent));
    }

    @Override
    public Uni<Refund> createRefund(String paymentIntentId, String idempotencyKey, Map<String, String> metadata) {
        if (blank(paymentIntentId)) {
            return invalid("paymentIntentId is required");
        }
        return withKey(idempotencyKey, () -> {
            StripeForm form = new StripeForm().add("payment_intent", paymentIntentId).metadata("metadata", metadata);
            return call("create_refund", api -> api.createRefund(idempotencyKey, form.map()), StripeGateway::refund);
        });
    }

    @Override
    public Uni<PaymentIntent> createOffSessionPaymentIntent(OffSessionCharge c) {
        if (c == null || c.amount() <= 0 || c.currency() == null || blank(c.gatewayCustomerId()) || blank(c.paymentMethod())) {
            return invalid("an off-session charge needs a positive amount, a currency, a customer and a payment method");
        }
        return withKey(c.idempotencyKey(), () -> {
            StripeForm form = new StripeForm()
                    .add("amount", c.amount())
                    .add("currency", StripeJson.lower(c.currency()))
                    .add("customer", c.gatewayCustomerId())
                    .add("payment_method", c.paymentMethod())
                    .add("payment_method_types[0]", "card")
                    .add("confirm", true)
                    .add("off_session", true)
                    .add("description", c.description())
                    .metadata("metadata", c.metadata())
                    .expand(EXPAND);
            return call("create_payment_intent", api -> api.createPaymentIntent(c.idempotencyKey(), form.map()),
                    StripeGateway::paymentIntent);
        });
    }

    // --- plumbing ------------------------------------------------------------------

    private <T> Uni<T> call(String operation, Function<StripeApi, Uni<Response>> http, Function<JsonNode, T> mapper) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            StripeApi client;
            try {
                client = api();
            } catch (RuntimeException e) {
                count(operation, "unavailable");
                return Uni.createFrom().failure(new GatewayUnavailableException(operation + ": " + e.getMessage(), e));
            }
            Uni<T> result = transport.send(operation, () -> http.apply(client), mapper)
                    .onFailure(f -> !(f instanceof GatewayRejectedException || f instanceof GatewayUnavailableException))
                    .transform(f -> new GatewayUnavailableException(operation + ": " + describe(f), f))
                    .onItemOrFailure().invoke((item, failure) -> count(operation,
                            failure == null ? "ok" : failure instanceof GatewayRejectedException ? "rejected" : "unavailable"));
            return caller == null ? result : result.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    private static String describe(Throwable f) {
        if (f instanceof CircuitBreakerOpenException) {
            return "circuit breaker is open";
        }
        if (f instanceof TimeoutException) {
            return "timed out";
        }
        if (f instanceof BulkheadException) {
            return "too many concurrent calls";
        }
        return f.getMessage() != null ? f.getMessage() : f.getClass().getSimpleName();
    }

    private void count(String operation, String outcome) {
        // with a description, so /q/metrics has a HELP line for orderpay_gateway_calls_total (issue #14 item 12)
        Counter.builder("orderpay.gateway.calls")
                .description("Calls to the payment gateway, by operation and outcome")
                .tags("operation", operation, "outcome", outcome).register(meters).increment();
    }

    private StripeApi api() {
        StripeApi client = api;
        if (client == null) {
            synchronized (this) {
                client = api;
                if (client == null) {
                    String key = config.apiKey().filter(k -> !k.isBlank())
                            .orElseThrow(() -> new IllegalStateException("payments.gateway.api-key is not set"));
                    String base = baseUrl();
                    client = QuarkusRestClientBuilder.newBuilder()
                            .baseUri(URI.create(base))
                            .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .disableDefaultMapper(true)
                            .followRedirects(false)
                            .register(new StripeHeaders(key, config.apiVersion()))
                            .build(StripeApi.class);
                    LOG.infof("Stripe client -> %s", base);
                    api = client;
                }
            }
        }
        return client;
    }

    private static <T> Uni<T> withKey(String idempotencyKey, Supplier<Uni<T>> call) {
        if (blank(idempotencyKey)) {
            return invalid("every POST to the gateway needs an idempotency key");
        }
        return call.get();
    }

    private static <T> Uni<T> invalid(String message) {
        return Uni.createFrom().failure(new IllegalArgumentException(message));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    // --- Stripe JSON -> our records ---------------------------------------------------

    static CheckoutSession checkoutSession(JsonNode n) {
        return new CheckoutSession(StripeJson.required(n, "id"), StripeJson.text(n, "url"), StripeJson.text(n, "status"),
                StripeJson.text(n, "payment_status"), StripeJson.idOf(n, "payment_intent"),
                StripeJson.text(n, "client_reference_id"), n.path("amount_total").asLong(),
                StripeJson.upper(StripeJson.text(n, "currency")), StripeJson.epoch(n, "expires_at"));
    }

    static PaymentIntent paymentIntent(JsonNode n) {
        JsonNode card = n.path("latest_charge").path("payment_method_details").path("card");
        if (!card.isObject()) {
            card = n.path("payment_method").path("card");
        }
        return new PaymentIntent(StripeJson.required(n, "id"), StripeJson.required(n, "status"), n.path("amount").asLong(),
                n.path("amount_capturable").asLong(), n.path("amount_received").asLong(),
                StripeJson.upper(StripeJson.text(n, "currency")), StripeJson.text(card, "brand"), StripeJson.text(card, "funding"),
                StripeJson.text(n.path("last_payment_error"), "code"), StripeJson.stringMap(n.path("metadata")),
                n.path("latest_charge").path("captured").asBoolean(false) ? n.path("latest_charge").path("amount_refunded").asLong() : 0);
    }

    static Refund refund(JsonNode n) {
        return new Refund(StripeJson.required(n, "id"), StripeJson.text(n, "status"), StripeJson.idOf(n, "payment_intent"),
                n.path("amount").asLong());
    }

    /** Adds the secret key and the pinned API version to every request. */
    static final class StripeHeaders implements ClientRequestFilter {
        private final String authorization;
        private final String version;

        StripeHeaders(String apiKey, String version) {
            this.authorization = "Bearer " + apiKey;
            this.version = version;
        }

        @Override
        public void filter(ClientRequestContext context) {
            context.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, authorization);
            context.getHeaders().putSingle("Stripe-Version", version);
        }
    }

    /** A form in Stripe's bracket notation; null values are left out. */
    static final class StripeForm {
        private final MultivaluedMap<String, String> map = new MultivaluedHashMap<>();

        StripeForm add(String key, Object value) {
            if (value != null) {
                map.add(key, String.valueOf(value));
            }
            return this;
        }

        /** {@code prefix[key]=value} for each entry (Stripe metadata: at most 50 keys, 40/500 characters). */
        StripeForm metadata(String prefix, Map<String, String> metadata) {
            if (metadata != null) {
                metadata.forEach((k, v) -> add(prefix + "[" + k + "]", v));
            }
            return this;
        }

        StripeForm expand(List<String> fields) {
            fields.forEach(f -> map.add("expand[]", f));
            return this;
        }

        MultivaluedMap<String, String> map() {
            return map;
        }
    }
}
