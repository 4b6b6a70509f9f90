package dev.orderpay.sandbox;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The sandbox's Stripe API, {@code /sandbox/stripe/v1/...}: the endpoints and shapes of
 * Stripe's API that {@link dev.orderpay.gateway.StripeGateway} uses (form-encoded in, Stripe
 * JSON and Stripe errors out, {@code Authorization: Bearer <payments.gateway.api-key>},
 * {@code Idempotency-Key} honoured). 404 when {@code payments.sandbox.enabled} is false.
 */
@Path("/sandbox/stripe/v1")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class SandboxStripeResource {

    private static final String KEY = "Idempotency-Key";

    private final SandboxStripe stripe;

    public SandboxStripeResource(SandboxStripe stripe) {
        this.stripe = stripe;
    }

    @POST
    @Path("/checkout/sessions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createCheckoutSession(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(KEY) String key,
                                          MultivaluedMap<String, String> form) {
        return run(auth, key, "POST /v1/checkout/sessions", form, StripeParams.SESSION, SandboxTransitions::createSession);
    }

    @GET
    @Path("/checkout/sessions/{id}")
    public Response retrieveCheckoutSession(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id) {
        return run(auth, null, "GET", null, List.of(), (t, p) -> t.retrieveSession(id));
    }

    @POST
    @Path("/checkout/sessions/{id}/expire")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response expireCheckoutSession(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(KEY) String key,
                                          @PathParam("id") String id, MultivaluedMap<String, String> form) {
        return run(auth, key, "POST /v1/checkout/sessions/" + id + "/expire", form, StripeParams.EXPAND,
                (t, p) -> t.expireSession(id));
    }

    @GET
    @Path("/payment_intents/{id}")
    public Response retrievePaymentIntent(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id,
                                          @QueryParam("expand[]") List<String> expand) {
        return run(auth, null, "GET", null, List.of(), (t, p) -> t.retrieveIntent(id, expand == null ? List.of() : expand));
    }

    @POST
    @Path("/payment_intents")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createPaymentIntent(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(KEY) String key,
                                        MultivaluedMap<String, String> form) {
        return run(auth, key, "POST /v1/payment_intents", form, StripeParams.INTENT, SandboxTransitions::createIntent);
    }

    @POST
    @Path("/payment_intents/{id}/capture")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response capturePaymentIntent(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(KEY) String key,
                                         @PathParam("id") String id, MultivaluedMap<String, String> form) {
        return run(auth, key, "POST /v1/payment_intents/" + id + "/capture", form, StripeParams.CAPTURE,
                (t, p) -> t.capture(id, p));
    }

    @POST
    @Path("/payment_intents/{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancelPaymentIntent(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(KEY) String key,
                                        @PathParam("id") String id, MultivaluedMap<String, String> form) {
        return run(auth, key, "POST /v1/payment_intents/" + id + "/cancel", form, StripeParams.CANCEL,
                (t, p) -> t.cancel(id, p));
    }

    @POST
    @Path("/refunds")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createRefund(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(KEY) String key,
                                 MultivaluedMap<String, String> form) {
        return run(auth, key, "POST /v1/refunds", form, StripeParams.REFUND, SandboxTransitions::createRefund);
    }

    private Response run(String auth, String key, String route, MultivaluedMap<String, String> form, List<String> allowed,
                         SandboxStripe.Operation operation) {
        stripe.requireEnabled();
        // GETs are never stored under an idempotency key (Stripe ignores the header on them too)
        IdempotencyReplay.Reply reply = stripe.handle(auth, route.startsWith("GET") ? null : key, route,
                form == null ? new MultivaluedHashMap<>() : form, allowed, operation);
        Response.ResponseBuilder rb = Response.status(reply.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(reply.body().toString())
                .header("Request-Id", "req_" + SandboxRecords.random(14));
        if (key != null && !route.startsWith("GET")) {
            rb.header(KEY, key);
        }
        if (reply.replayed()) {
            rb.header("Idempotent-Replayed", "true");
        }
        return rb.build();
    }
}
