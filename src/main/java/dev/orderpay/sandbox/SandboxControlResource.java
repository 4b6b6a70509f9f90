package dev.orderpay.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Test controls of the sandbox gateway, {@code /sandbox/control/...} (JSON; 404 when the sandbox
 * is off). The customer's side without HTML, failing saved cards, and webhook delivery:
 *
 * <ul>
 * <li>{@code POST /checkout/{session_id}/pay} {@code {"card_number": "4242424242424242"}}: 200
 *     {@code {outcome: "succeeded", session, payment_intent, redirect_url}}; 402 {@code declined}
 *     (same shape, plus {@code decline_code}); 402 {@code incorrect_number} for a card the sandbox
 *     does not know, 409 when the session is not open, 404 unknown session (Stripe error shape).</li>
 * <li>{@code POST /customers/{customer}/fail-charges?enabled=true|false}: off-session charges of
 *     that customer's saved cards are declined (402 {@code card_declined}).</li>
 * <li>{@code GET /webhooks}: settings, queued event IDs, events with their delivery attempts;
 *     {@code GET /webhooks/{event_id}}: one, with the delivered {@code event} JSON.</li>
 * <li>{@code POST /webhooks/pause}; {@code POST /webhooks/release?reverse=true|false};
 *     {@code POST /webhooks/drop}; {@code POST /webhooks/{event_id}/redeliver};
 *     {@code PUT /webhooks/settings} {@code {"delay_ms": 0, "deliver_twice": false}}.</li>
 * <li>{@code POST /payment_intents/{id}/finish?succeed=true|false}: settles a {@code processing}
 *     PaymentIntent (saved card {@code pm_sandbox_processing}); {@code GET /customers/{customer}/payment_intents}:
 *     the IDs of that gateway customer's PaymentIntents, oldest first; {@code GET /payment_intents}: every
 *     PaymentIntent with its amounts (minor units), status, metadata, Checkout Session and refunds.</li>
 * <li>{@code POST /reset}: delivery back to normal (queued events dropped), no failing customers.</li>
 * </ul>
 */
@Path("/sandbox/control")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class SandboxControlResource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SandboxStripe stripe;
    private final SandboxWebhooks webhooks;

    public SandboxControlResource(SandboxStripe stripe, SandboxWebhooks webhooks) {
        this.stripe = stripe;
        this.webhooks = webhooks;
    }

    /** Body of {@code pay}. */
    public record PayRequest(String cardNumber) {
    }

    /** Body of {@code PUT /webhooks/settings}; absent fields stay as they are. */
    public record WebhookSettings(Long delayMs, Boolean deliverTwice) {
    }

    @POST
    @Path("/checkout/{session_id}/pay")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response pay(@PathParam("session_id") String sessionId, PayRequest body) {
        stripe.requireEnabled();
        try {
            SandboxTransitions.PayResult r = stripe.pay(sessionId, body == null ? null : body.cardNumber());
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("outcome", r.outcome());
            out.put("message", r.message());
            out.put("decline_code", r.declineCode());
            out.put("redirect_url", r.redirectUrl());
            out.set("session", r.session());
            out.set("payment_intent", r.paymentIntent());
            return Response.status("succeeded".equals(r.outcome()) ? 200 : 402).entity(out.toString()).build();
        } catch (SandboxStripeException e) {
            return Response.status(e.status).entity(e.body().toString()).build();
        }
    }

    @POST
    @Path("/customers/{customer}/fail-charges")
    public Response failCharges(@PathParam("customer") String customer, @QueryParam("enabled") @DefaultValue("true") boolean enabled) {
        stripe.requireEnabled();
        stripe.failCharges(customer, enabled);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("customer", customer);
        out.put("fail_charges", enabled);
        return Response.ok(out.toString()).build();
    }

    @POST
    @Path("/payment_intents/{id}/finish")
    public Response finish(@PathParam("id") String id, @QueryParam("succeed") @DefaultValue("true") boolean succeed) {
        stripe.requireEnabled();
        try {
            return Response.ok(stripe.finishProcessing(id, succeed).toString()).build();
        } catch (SandboxStripeException e) {
            return Response.status(e.status).entity(e.body().toString()).build();
        }
    }

    @GET
    @Path("/payment_intents")
    public Response allPaymentIntents() {
        stripe.requireEnabled();
        return Response.ok(stripe.listIntents().toString()).build();
    }

    @GET
    @Path("/customers/{customer}/payment_intents")
    public List<String> paymentIntents(@PathParam("customer") String customer) {
        stripe.requireEnabled();
        return stripe.paymentIntentsOf(customer);
    }

    @GET
    @Path("/webhooks")
    public SandboxWebhooks.State webhooks() {
        stripe.requireEnabled();
        return webhooks.state();
    }

    @GET
    @Path("/webhooks/{event_id}")
    public Response webhook(@PathParam("event_id") String eventId) {
        stripe.requireEnabled();
        SandboxWebhooks.EventView view = webhooks.event(eventId);
        if (view == null) {
            throw new NotFoundException();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", view.id());
        out.put("type", view.type());
        out.put("state", view.state());
        out.put("attempts", view.attempts().size());
        try {
            out.set("event", MAPPER.readTree(webhooks.payload(eventId)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Response.ok(out.toString()).build();
    }

    @POST
    @Path("/webhooks/pause")
    public SandboxWebhooks.State pause() {
        stripe.requireEnabled();
        webhooks.pause();
        return webhooks.state();
    }

    @POST
    @Path("/webhooks/release")
    public SandboxWebhooks.State release(@QueryParam("reverse") @DefaultValue("false") boolean reverse) {
        stripe.requireEnabled();
        webhooks.release(reverse);
        return webhooks.state();
    }

    @POST
    @Path("/webhooks/drop")
    public List<String> drop() {
        stripe.requireEnabled();
        return webhooks.drop();
    }

    @POST
    @Path("/webhooks/{event_id}/redeliver")
    public SandboxWebhooks.EventView redeliver(@PathParam("event_id") String eventId) {
        stripe.requireEnabled();
        SandboxWebhooks.EventView view = webhooks.redeliver(eventId);
        if (view == null) {
            throw new NotFoundException();
        }
        return view;
    }

    @PUT
    @Path("/webhooks/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public SandboxWebhooks.State settings(WebhookSettings body) {
        stripe.requireEnabled();
        if (body != null) {
            webhooks.settings(body.delayMs(), body.deliverTwice());
        }
        return webhooks.state();
    }

    @POST
    @Path("/reset")
    public SandboxWebhooks.State reset() {
        stripe.requireEnabled();
        webhooks.reset();
        stripe.clearFailingCustomers();
        return webhooks.state();
    }
}
