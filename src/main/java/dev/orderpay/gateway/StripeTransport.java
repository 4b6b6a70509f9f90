package dev.orderpay.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The fault-tolerance boundary of every Stripe call (contract §7): one attempt is one HTTP
 * exchange, and all operations share one timeout/retry/breaker/bulkhead policy, so the breaker
 * sees the gateway as a whole.
 *
 * <p>Defaults (ms): timeout 5000 per attempt; 2 retries, 200 ± 100 delay, never on
 * {@link GatewayRejectedException} (a 4xx is an outcome) nor on an open breaker or a full
 * bulkhead; breaker over a rolling window of 10 attempts, opens at 50 % failures, half-opens
 * after 10 000, no 4xx ever counts ({@code skipOn}: refusals, and 408/409/429 which are retried
 * as {@link GatewayBusyException}); bulkhead 20 concurrent + 50 waiting.
 * Retrying is safe because every POST carries an idempotency key and GETs change nothing.
 *
 * <p>Tune with the standard keys, e.g.
 * {@code quarkus.fault-tolerance."dev.orderpay.gateway.StripeTransport/send".timeout.value=3000}
 * or MicroProfile's {@code dev.orderpay.gateway.StripeTransport/send/Timeout/value=3000}
 * (likewise {@code retry.max-retries}/{@code Retry/maxRetries}, {@code circuit-breaker.delay}/
 * {@code CircuitBreaker/delay}, {@code bulkhead.value}/{@code Bulkhead/value}, ...).
 */
@ApplicationScoped
public class StripeTransport {

    /**
     * Performs {@code call} (one HTTP exchange) under the policy and maps a 2xx JSON answer with
     * {@code mapper}.
     *
     * @return the mapped answer; fails with {@link GatewayRejectedException} on a 4xx (other
     *         than 408/409/429), with {@link GatewayBusyException} on 408/409/429 (retried, never
     *         a breaker failure), with {@link GatewayFaultException} on a 5xx or an unreadable answer, or with the fault-tolerance exceptions (timeout, open breaker,
     *         full bulkhead) or the I/O failure of the last attempt
     */
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100,
            abortOn = {GatewayRejectedException.class, CircuitBreakerOpenException.class, BulkheadException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000, successThreshold = 1,
            skipOn = {GatewayRejectedException.class, GatewayBusyException.class})
    @CircuitBreakerName(GatewayBreaker.NAME)
    @Bulkhead(value = 20, waitingTaskQueue = 50)
    public <T> Uni<T> send(String operation, Supplier<Uni<Response>> call, Function<JsonNode, T> mapper) {
        return Uni.createFrom().<Response>deferred(call::get).onItem().transform(response -> read(operation, response, mapper));
    }

    static <T> T read(String operation, Response response, Function<JsonNode, T> mapper) {
        int status = response.getStatus();
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        if (status >= 200 && status < 300) {
            JsonNode json;
            try {
                json = StripeJson.MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new GatewayFaultException(operation + ": answer is not JSON (HTTP " + status + ")", e);
            }
            try {
                return mapper.apply(json);
            } catch (RuntimeException e) {
                throw new GatewayFaultException(operation + ": unexpected answer: " + e.getMessage(), e);
            }
        }
        JsonNode error = StripeJson.tryParse(body).path("error");
        String code = StripeJson.text(error, "code");
        String message = StripeJson.text(error, "message");
        if (status == 408 || status == 409 || status == 429) {
            // 409: a concurrent request with the same idempotency key; 429: rate limited. Both pass,
            // so they are retried; but they say nothing about the gateway's health (never a breaker failure).
            throw new GatewayBusyException(status, operation + ": HTTP " + status
                    + (code != null ? " " + code : "") + (message != null ? ": " + message : ""));
        }
        if (status >= 500 || status < 400) {
            throw new GatewayFaultException(operation + ": HTTP " + status
                    + (code != null ? " " + code : "") + (message != null ? ": " + message : ""));
        }
        throw new GatewayRejectedException(status, code != null ? code : StripeJson.text(error, "type"),
                StripeJson.text(error, "decline_code"), message != null ? message : operation + ": HTTP " + status);
    }
}
