package dev.orderpay.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderpay.gateway.GatewayConfig;
import dev.orderpay.gateway.LocalServer;
import dev.orderpay.gateway.WebhookSigner;
import dev.orderpay.platform.AppClock;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Delivers the sandbox's events as Stripe does (Stripe docs, "Webhooks"): a signed POST
 * ({@code Stripe-Signature} by {@link WebhookSigner} with {@code payments.gateway.webhook-secret},
 * signed at the time of each attempt) of the event JSON to {@code payments.sandbox.webhook-url},
 * default this service's own {@code /v1/gateway/webhooks}.
 *
 * <p>Asynchronous on Vert.x' non-blocking HTTP client. First attempts go out one at a time in
 * publication order; an attempt answered non-2xx (or failing) is retried out of that order,
 * after {@code payments.sandbox.webhook-retry-delay} doubling each time, up to
 * {@code payments.sandbox.webhook-max-attempts} attempts, without holding up later events.
 *
 * <p>Test controls: pause (events queue up), release (in order or reversed), drop the queued
 * events (lost webhooks), deliver an event again, a delay before each delivery, deliver every
 * event twice. State is in memory; the last 10,000 events are kept for inspection.
 */
@ApplicationScoped
public class SandboxWebhooks {

    private static final Logger LOG = Logger.getLogger(SandboxWebhooks.class);
    private static final int KEEP = 10_000;

    private final Vertx vertx;
    private final SandboxConfig.Sandbox config;
    private final GatewayConfig.Gateway gateway;
    private final LocalServer localServer;
    private final AppClock clock;

    private final Deque<Event> queue = new ArrayDeque<>();
    private final Map<String, Event> events = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
            return size() > KEEP;
        }
    };
    private boolean paused;
    private boolean duplicate;
    private long delayMillis;
    private boolean inFlight;
    private boolean stopped;
    private HttpClient client;

    public SandboxWebhooks(Vertx vertx, SandboxConfig config, GatewayConfig gateway, LocalServer localServer, AppClock clock) {
        this.vertx = vertx;
        this.config = config.sandbox();
        this.gateway = gateway.gateway();
        this.localServer = localServer;
        this.clock = clock;
    }

    /**
     * One attempt to deliver an event. {@code status} is the HTTP answer, or null when there was none ({@code error});
     * {@code result} is the {@code result} member of a JSON answer (this service's webhook says {@code applied},
     * {@code duplicate} or {@code ignored}), else null.
     */
    public record Attempt(Instant at, Integer status, String error, String result) {
    }

    private static final Pattern RESULT = Pattern.compile("\"result\"\\s*:\\s*\"([A-Za-z_]{1,40})\"");

    /**
     * One event as the sandbox tracks it.
     *
     * @param state    queued, delivering, retrying, delivered, failed (gave up), dropped
     * @param attempts every attempt so far, over all deliveries of it
     */
    public record EventView(String id, String type, String objectId, String state, List<Attempt> attempts) {
    }

    /** The delivery settings and the events. {@code queued}: event IDs waiting for their first attempt, in order. */
    public record State(boolean paused, long delayMs, boolean deliverTwice, String webhookUrl, List<String> queued,
                        List<EventView> events) {
    }

    private static final class Event {
        final String id;
        final String type;
        final String objectId;
        final byte[] payload;
        final List<Attempt> attempts = new ArrayList<>();
        String state = "queued";

        Event(ObjectNode event) {
            this.id = event.path("id").asText();
            this.type = event.path("type").asText();
            this.objectId = event.path("data").path("object").path("id").asText(null);
            this.payload = event.toString().getBytes(StandardCharsets.UTF_8);
        }

        EventView view() {
            return new EventView(id, type, objectId, state, List.copyOf(attempts));
        }
    }

    /** Queues {@code event} (a Stripe event object) for delivery. */
    public synchronized void publish(ObjectNode event) {
        Event e = new Event(event);
        events.put(e.id, e);
        queue.addLast(e);
        if (duplicate) {
            queue.addLast(e);
        }
        pump();
    }

    /** Stops first attempts; new events queue up until {@link #release(boolean)}. */
    public synchronized void pause() {
        paused = true;
    }

    /** Resumes delivery, first sending the queued events in publication order, or reversed. */
    public synchronized List<String> release(boolean reverse) {
        if (reverse) {
            List<Event> reversed = new ArrayList<>(queue);
            Collections.reverse(reversed);
            queue.clear();
            queue.addAll(reversed);
        }
        List<String> ids = queue.stream().map(e -> e.id).toList();
        paused = false;
        pump();
        return ids;
    }

    /** Forgets the queued events: they are never delivered (a lost webhook). */
    public synchronized List<String> drop() {
        List<String> ids = new ArrayList<>();
        for (Event e : queue) {
            e.state = "dropped";
            ids.add(e.id);
        }
        queue.clear();
        return ids;
    }

    /** Delivers event {@code eventId} once more (same ID and body, new signature), after the queued ones. */
    public synchronized EventView redeliver(String eventId) {
        Event e = events.get(eventId);
        if (e == null) {
            return null;
        }
        e.state = "queued";
        queue.addLast(e);
        pump();
        return e.view();
    }

    /** Delay before each first attempt, and whether every event is delivered twice. */
    public synchronized void settings(Long delayMs, Boolean deliverTwice) {
        if (delayMs != null) {
            this.delayMillis = Math.max(0, delayMs);
        }
        if (deliverTwice != null) {
            this.duplicate = deliverTwice;
        }
    }

    /** Back to normal delivery: not paused, no delay, no duplicates, queued events dropped. */
    public synchronized void reset() {
        drop();
        paused = false;
        duplicate = false;
        delayMillis = 0;
    }

    public synchronized State state() {
        return new State(paused, delayMillis, duplicate, webhookUrlOrNull(), queue.stream().map(e -> e.id).toList(),
                events.values().stream().map(Event::view).toList());
    }

    /** One event, or null. */
    public synchronized EventView event(String id) {
        Event e = events.get(id);
        return e == null ? null : e.view();
    }

    /** The event's JSON body as delivered, or null. */
    public synchronized String payload(String id) {
        Event e = events.get(id);
        return e == null ? null : new String(e.payload, StandardCharsets.UTF_8);
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        queue.clear();
        if (client != null) {
            client.close().subscribe().with(ignored -> { }, ignored -> { });
        }
    }

    // --- delivery --------------------------------------------------------------------------

    private void pump() {
        if (paused || inFlight || stopped || queue.isEmpty()) {
            return;
        }
        Event next = queue.pollFirst();
        inFlight = true;
        next.state = "delivering";
        if (delayMillis > 0) {
            vertx.setTimer(delayMillis, id -> attempt(next, 1, true));
        } else {
            attempt(next, 1, true);
        }
    }

    private void attempt(Event event, int number, boolean firstInLane) {
        String url;
        String secret = gateway.webhookSecret().filter(s -> !s.isBlank()).orElse(null);
        HttpClient http;
        synchronized (this) {
            if (stopped) {
                return;
            }
            url = webhookUrlOrNull();
            http = client();
        }
        if (secret == null || url == null) {
            done(event, number, firstInLane, null, secret == null ? "payments.gateway.webhook-secret is not set"
                    : "the HTTP port is not known yet", null);
            return;
        }
        String signature = WebhookSigner.header(event.payload, clock.now(), secret);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setIdleTimeout(10_000)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Stripe-Signature", signature)
                .putHeader("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks) orderpay-sandbox");
        http.request(options)
                .chain(request -> request.send(Buffer.buffer(event.payload)))
                .chain(response -> response.body().map(body -> new Answer(response.statusCode(), resultOf(body))))
                .subscribe().with(
                        answer -> done(event, number, firstInLane, answer.status(), null, answer.result()),
                        failure -> done(event, number, firstInLane, null, String.valueOf(failure.getMessage()), null));
    }

    private record Answer(int status, String result) {
    }

    private static String resultOf(Buffer body) {
        if (body == null || body.length() > 4096) {
            return null;
        }
        Matcher m = RESULT.matcher(body.toString());
        return m.find() ? m.group(1) : null;
    }

    private synchronized void done(Event event, int number, boolean firstInLane, Integer status, String error, String result) {
        event.attempts.add(new Attempt(clock.now(), status, error, result));
        boolean ok = status != null && status >= 200 && status < 300;
        if (ok) {
            event.state = "delivered";
        } else if (number < config.webhookMaxAttempts() && !stopped) {
            event.state = "retrying";
            long delay = config.webhookRetryDelay().toMillis() << Math.min(number - 1, 16);
            LOG.debugf("webhook %s %s: attempt %d got %s, retrying in %d ms", event.type, event.id, number,
                    status != null ? status : error, delay);
            vertx.setTimer(Math.max(1, delay), id -> attempt(event, number + 1, false));
        } else {
            event.state = "failed";
            LOG.warnf("webhook %s %s not delivered after %d attempts (last: %s)", event.type, event.id, number,
                    status != null ? "HTTP " + status : error);
        }
        if (firstInLane) {
            inFlight = false;
            pump();
        }
    }

    private String webhookUrlOrNull() {
        if (config.webhookUrl().filter(u -> !u.isBlank()).isPresent()) {
            return config.webhookUrl().get();
        }
        try {
            return localServer.baseUrl() + "/v1/gateway/webhooks";
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private HttpClient client() {
        if (client == null) {
            client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2_000).setMaxPoolSize(4));
        }
        return client;
    }
}
