package dev.orderpay.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The HTTP SMS provider's API (contract §11): {@code POST <payments.sms.url>} with JSON
 * {@code {to, text, idempotency_key}}; any 2xx means accepted. Built by {@link SmsSender}
 * (base URI = the configured URL) rather than injected.
 */
@Path("")
@RegisterRestClient(configKey = "sms-provider")
public interface SmsProviderClient {

    /** The JSON body. */
    record SmsRequest(@JsonProperty("to") String to, @JsonProperty("text") String text,
                      @JsonProperty("idempotency_key") String idempotencyKey) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> send(@HeaderParam("Idempotency-Key") String idempotencyKey,
                       @HeaderParam("Authorization") String authorization, SmsRequest body);
}
