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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/gateway/webhooks}: the payment callback (contract §7). Not JWT-protected:
 * authenticated by its {@code Stripe-Signature} over the raw body (bad, missing, stale or
 * future: 400 INVALID_SIGNATURE, nothing changes). Answers 200 {@code {"received": true}}.
 */
@Tag(name = "Payment callback")
@Path("/v1/gateway/webhooks")
@PermitAll
public class WebhookResource {

    private final WebhookVerifier verifier;
    private final WebhookService webhooks;

    public WebhookResource(WebhookVerifier verifier, WebhookService webhooks) {
        this.verifier = verifier;
        this.webhooks = webhooks;
    }

    @Operation(summary = "Payment gateway webhook, authenticated by its signature (contract §7)")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "400", description = "error_code: INVALID_SIGNATURE, VALIDATION_FAILED")
    @APIResponse(responseCode = "409", description = "error_code: SETTLEMENT_IN_PROGRESS")
    @APIResponse(responseCode = "503", description = "error_code: GATEWAY_UNAVAILABLE")
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
