package dev.orderpay.notify;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Sends one SMS through the HTTP provider ({@code payments.sms.url}) with fault tolerance:
 * a timeout per call, a few quick retries (safe: every call carries the message's
 * idempotency key), and a circuit breaker so that a provider that is down is not hammered
 * by each message of a batch. A refusal (4xx other than 408/429) is an outcome, not a
 * fault: not retried, never counted by the breaker. Longer waits are the outbox's
 * backoff, not this bean's. Overridable per MicroProfile FT config, e.g.
 * {@code quarkus.fault-tolerance."dev.orderpay.notify.SmsSender/send".retry.max-retries}.
 */
@ApplicationScoped
public class SmsSender {

    private final NotifyConfig config;
    private volatile SmsProviderClient client;

    public SmsSender(NotifyConfig config) {
        this.config = config;
    }

    /**
     * Completes when the provider accepted the SMS (2xx).
     *
     * @throws DeliveryException.Permanent (as failure) when the provider refused it (4xx but 408/429);
     *                                     DeliveryException when it is unavailable (5xx, 408, 429, I/O, timeout)
     */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = DeliveryException.Permanent.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
            skipOn = DeliveryException.Permanent.class)
    public Uni<Void> send(String to, String text, String idempotencyKey) {
        String auth = config.sms().apiKey().map(k -> "Bearer " + k).orElse(null);
        return client().send(idempotencyKey, auth, new SmsProviderClient.SmsRequest(to, text, idempotencyKey))
                .onItem().transformToUni(r -> {
                    int s = r.getStatus();
                    r.close();
                    return s / 100 == 2 ? Uni.createFrom().voidItem() : Uni.createFrom().failure(classify(s, null));
                })
                .onFailure(e -> !(e instanceof DeliveryException)).transform(e -> e instanceof WebApplicationException w
                        && w.getResponse() != null ? classify(w.getResponse().getStatus(), e)
                        : new DeliveryException("SMS provider unreachable: " + e, false, e));
    }

    private static DeliveryException classify(int status, Throwable cause) {
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return new DeliveryException.Permanent("SMS provider refused the message: HTTP " + status, cause);
        }
        return new DeliveryException("SMS provider unavailable: HTTP " + status, false, cause);
    }

    private SmsProviderClient client() {
        SmsProviderClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    long ms = config.sms().timeout().toMillis();
                    c = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(config.sms().url()))
                            .connectTimeout(ms, TimeUnit.MILLISECONDS).readTimeout(ms, TimeUnit.MILLISECONDS)
                            .build(SmsProviderClient.class);
                    client = c;
                }
            }
        }
        return c;
    }
}
