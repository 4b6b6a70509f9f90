package dev.orderpay.payment;

import dev.orderpay.gateway.GatewayUnavailableException;
import dev.orderpay.gateway.WebhookVerifier;
import dev.orderpay.platform.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code POST /v1/gateway/webhooks}: the payment callback (contract §7). Not JWT-protected:
 * authenticated by its {@code Stripe-Signature} over the raw body (bad, missing, stale or
 * future: 400 INVALID_SIGNATURE, nothing changes). Answers 200 {@code {"received": true}}.
 */
@Path("/v1/gateway/webhooks")
@PermitAll
public class WebhookResource {

    private final WebhookVerifier verifier;
    private final WebhookService webhooks;

    public WebhookResource(WebhookVerifier verifier, WebhookService webhooks) {
        this.verifier = verifier;
        this.webhooks = webhooks;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> receive(@HeaderParam(WebhookVerifier.HEADER) String signature, byte[] body) {
        return webhooks.handle(verifier.verify(body == null ? new byte[0] : body, signature))
                .map(result -> Map.<String, Object>of("received", true, "result", result.name().toLowerCase()))
                .onFailure(GatewayUnavailableException.class).transform(e -> new ApiException(503, "GATEWAY_UNAVAILABLE",
                        "Payment gateway unavailable", "the gateway cannot be asked now; deliver the event again later")
                        .header("Retry-After", "30"));
    }
}
