package dev.orderpay.gateway;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The Stripe endpoints we call (Quarkus REST client, built programmatically by
 * {@link StripeGateway} because the sandbox's base URL is known only at runtime). Bodies are
 * {@code application/x-www-form-urlencoded} in Stripe's bracket notation; answers are read as
 * raw {@link Response}s (the default exception mapper is off) so {@link StripeTransport}
 * decides what an error status means. {@code Authorization} and {@code Stripe-Version} are
 * added by a request filter.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
interface StripeApi {

    String IDEMPOTENCY_KEY = "Idempotency-Key";

    @POST
    @Path("/checkout/sessions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<Response> createCheckoutSession(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                                        MultivaluedMap<String, String> form);

    @GET
    @Path("/checkout/sessions/{id}")
    Uni<Response> retrieveCheckoutSession(@PathParam("id") String id);

    @POST
    @Path("/checkout/sessions/{id}/expire")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<Response> expireCheckoutSession(@PathParam("id") String id,
                                        @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                                        MultivaluedMap<String, String> form);

    @GET
    @Path("/payment_intents/{id}")
    Uni<Response> retrievePaymentIntent(@PathParam("id") String id, @QueryParam("expand[]") List<String> expand);

    @POST
    @Path("/payment_intents")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<Response> createPaymentIntent(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                                      MultivaluedMap<String, String> form);

    @POST
    @Path("/payment_intents/{id}/capture")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<Response> capturePaymentIntent(@PathParam("id") String id,
                                       @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                                       MultivaluedMap<String, String> form);

    @POST
    @Path("/payment_intents/{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<Response> cancelPaymentIntent(@PathParam("id") String id,
                                      @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                                      MultivaluedMap<String, String> form);

    @POST
    @Path("/refunds")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<Response> createRefund(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                               MultivaluedMap<String, String> form);
}
