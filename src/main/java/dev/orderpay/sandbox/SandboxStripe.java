package dev.orderpay.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderpay.gateway.GatewayConfig;
import dev.orderpay.gateway.LocalServer;
import dev.orderpay.platform.AppClock;
import dev.orderpay.sandbox.IdempotencyReplay.Reply;
import dev.orderpay.sandbox.SandboxTransitions.PayResult;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The sandbox gateway, a fake Stripe <em>server</em> for dev, demo and tests: the subset of
 * Stripe's API that {@link dev.orderpay.gateway.StripeGateway} uses (Checkout Sessions,
 * PaymentIntents, Refunds), the customer's side of the hosted checkout with Stripe's test cards,
 * and the events it publishes to {@link SandboxWebhooks}. In memory, per process; one lock, this
 * bean's (the sandbox is for dev and test traffic only), around its parts:
 * {@link StripeParams} (request parsing), {@link IdempotencyReplay}, {@link SandboxTransitions}
 * (the state changes), {@link SandboxRecords} (the state) and {@link SandboxJson} (Stripe JSON).
 *
 * <p>Times come from {@link AppClock}, like the rest of the service, so moving the clock in a
 * test moves the sandbox too (session expiry, event {@code created}, webhook signatures).
 */
@ApplicationScoped
public class SandboxStripe {

    private static final Logger LOG = Logger.getLogger(SandboxStripe.class);

    /** One Stripe API operation on the sandbox's state, with the request's parameters. */
    @FunctionalInterface
    interface Operation {
        ObjectNode apply(SandboxTransitions transitions, StripeParams params);
    }

    private final SandboxConfig.Sandbox config;
    private final GatewayConfig.Gateway gateway;
    private final LocalServer localServer;
    private final AppClock clock;
    private final SandboxWebhooks webhooks;
    private final Vertx vertx;

    private final SandboxRecords records = new SandboxRecords();
    private final SandboxJson json = new SandboxJson(records, this::publicUrl);
    private final SandboxTransitions transitions = new SandboxTransitions(records, json, this::now, this::publish);
    private final IdempotencyReplay idempotency = new IdempotencyReplay();
    private long sweepTimer = -1;

    public SandboxStripe(SandboxConfig config, GatewayConfig gateway, LocalServer localServer, AppClock clock,
                         SandboxWebhooks webhooks, Vertx vertx) {
        this.config = config.sandbox();
        this.gateway = gateway.gateway();
        this.localServer = localServer;
        this.clock = clock;
        this.webhooks = webhooks;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event, LaunchMode mode) {
        if (!config.enabled()) {
            return;
        }
        if (mode == LaunchMode.NORMAL) {
            LOG.warn("payments.sandbox.enabled=true in production: the fake card gateway and its test controls "
                    + "are served under /sandbox. Turn it off unless this is a test environment.");
        }
        sweepTimer = vertx.setPeriodic(Math.max(100, config.expirySweep().toMillis()), id -> {
            try {
                sweepExpired();
            } catch (RuntimeException e) {
                LOG.warn("sandbox expiry sweep failed", e);
            }
        });
    }

    @PreDestroy
    void stop() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
    }

    /** @throws NotFoundException when {@code payments.sandbox.enabled} is false (every sandbox endpoint is then 404) */
    public void requireEnabled() {
        if (!config.enabled()) {
            throw new NotFoundException();
        }
    }

    // --- Stripe API ----------------------------------------------------------------------------

    /**
     * Runs one Stripe API request: checks the secret key (401), replays a stored answer for a known
     * {@code Idempotency-Key} (a different request under the same key is 400
     * {@code idempotency_error}), rejects unknown parameters (400 {@code parameter_unknown}),
     * runs {@code operation}, stores its answer (errors included, as Stripe does).
     *
     * @param allowedParams the keys (regular expressions) the route takes, {@link StripeParams#SESSION} etc.
     */
    synchronized Reply handle(String authorization, String idempotencyKey, String route, MultivaluedMap<String, String> params,
                              List<String> allowedParams, Operation operation) {
        String expected = gateway.apiKey().filter(k -> !k.isBlank()).map(k -> "Bearer " + k).orElse(null);
        boolean authorised = authorization != null
                && (expected == null ? authorization.startsWith("Bearer sk_test_") : expected.equals(authorization.trim()));
        if (!authorised) {
            SandboxStripeException e = new SandboxStripeException(401, "invalid_request_error", null,
                    "Invalid API Key provided. Use the Authorization: Bearer header with payments.gateway.api-key.");
            return new Reply(401, e.body(), false);
        }
        return idempotency.replayOrRun(idempotencyKey, route, params, () -> {
            try {
                StripeParams p = new StripeParams(params);
                p.onlyAllowed(allowedParams);
                return new Reply(200, operation.apply(transitions, p), false);
            } catch (SandboxStripeException e) {
                return new Reply(e.status, e.body(), false);
            }
        });
    }

    // --- the customer at the hosted checkout ---------------------------------------------------

    /** @see SandboxTransitions#pay */
    synchronized PayResult pay(String sessionId, String cardNumber) {
        return transitions.pay(sessionId, cardNumber);
    }

    /** @see SandboxTransitions#cancelUrl */
    synchronized String cancelUrl(String sessionId) {
        return transitions.cancelUrl(sessionId);
    }

    /** @see SandboxTransitions#view */
    synchronized CheckoutView view(String sessionId, String error) {
        return transitions.view(sessionId, error);
    }

    // --- sandbox controls ----------------------------------------------------------------------

    /** @see SandboxTransitions#finishProcessing */
    synchronized ObjectNode finishProcessing(String id, boolean succeed) {
        return transitions.finishProcessing(id, succeed);
    }

    /** IDs of the PaymentIntents created for gateway customer {@code customer}, oldest first (sandbox control). */
    synchronized List<String> paymentIntentsOf(String customer) {
        return records.intentsOldestFirst().stream().filter(pi -> customer.equals(pi.customer)).map(pi -> pi.id).toList();
    }

    /** @see SandboxJson#intentList */
    synchronized ArrayNode listIntents() {
        return json.intentList();
    }

    /** Makes every off-session charge of {@code customer} fail with {@code card_declined} (or stop doing so). */
    synchronized void failCharges(String customer, boolean enabled) {
        if (enabled) {
            records.failingCustomers.add(customer);
        } else {
            records.failingCustomers.remove(customer);
        }
    }

    synchronized Set<String> failingCustomers() {
        return Set.copyOf(records.failingCustomers);
    }

    synchronized void clearFailingCustomers() {
        records.failingCustomers.clear();
    }

    /** @see SandboxTransitions#sweepExpired */
    synchronized void sweepExpired() {
        transitions.sweepExpired();
    }

    private void publish(String type, ObjectNode object) {
        webhooks.publish(json.event(type, object, gateway.apiVersion(), now()));
    }

    private long now() {
        return clock.now().getEpochSecond();
    }

    private String publicUrl() {
        return config.publicUrl().filter(u -> !u.isBlank()).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .orElseGet(localServer::baseUrl);
    }
}
