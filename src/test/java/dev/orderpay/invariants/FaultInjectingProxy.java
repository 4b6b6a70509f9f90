package dev.orderpay.invariants;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy between the service and the gateway that misbehaves on purpose (issue #11
 * item 2), on the JDK's HTTP server and client. Each request draws one outcome from a seeded
 * {@link Random} (the seed fixes the mix of faults; thread interleaving still varies):
 * <ul>
 * <li>{@code timeout}: forwarded, then the answer is held back longer than the client's timeout;</li>
 * <li>{@code reset_before} / {@code reset_after}: the connection is closed with no answer, before
 *     forwarding (the gateway never saw it) or after (the gateway acted, the answer is lost);</li>
 * <li>{@code burst_5xx}: a burst of 500/502/503 answers without forwarding, a few requests long;</li>
 * <li>{@code malformed}: forwarded, and the client gets a 200 with a truncated, non-JSON body;</li>
 * <li>{@code slow}: forwarded after a delay shorter than the client's timeout;</li>
 * <li>{@code pass}: forwarded unchanged.</li>
 * </ul>
 * {@link #faultRate(double)} 0 makes it a plain proxy. Counts per outcome: {@link #counts()}.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    /** The fault kinds, in the order {@link #counts()} lists them. */
    public static final List<String> FAULTS = List.of("timeout", "reset_before", "reset_after", "burst_5xx", "malformed", "slow");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade",
            "keep-alive", "expect");

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(48);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicInteger burstLeft = new AtomicInteger();
    private final long timeoutMillis;
    private volatile Random random = new Random(0);
    private volatile double faultRate;
    private volatile String upstream;

    /**
     * Starts on {@code port} (0: a free one); {@code clientTimeoutMillis}: the client's per-attempt
     * timeout, which the {@code timeout} fault outlasts.
     */
    public FaultInjectingProxy(int port, long clientTimeoutMillis) throws IOException {
        this.timeoutMillis = clientTimeoutMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where requests go, e.g. {@code http://localhost:8081/sandbox/stripe} (the path of each request is appended). */
    public FaultInjectingProxy upstream(String baseUrl) {
        this.upstream = baseUrl;
        return this;
    }

    public FaultInjectingProxy seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** Share of requests that get a fault, 0..1. */
    public FaultInjectingProxy faultRate(double rate) {
        this.faultRate = rate;
        if (rate == 0) {
            burstLeft.set(0);
        }
        return this;
    }

    /** Requests seen ({@code calls}), forwarded, and per outcome. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public long faultsInjected() {
        return FAULTS.stream().mapToLong(f -> counts.getOrDefault(f, new AtomicLong()).get()).sum();
    }

    private void count(String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private String draw() {
        if (burstLeft.get() > 0 && burstLeft.getAndDecrement() > 0) {
            return "burst_5xx";
        }
        synchronized (this) {
            if (random.nextDouble() >= faultRate) {
                return "pass";
            }
            String f = FAULTS.get(random.nextInt(FAULTS.size()));
            if (f.equals("burst_5xx")) {
                burstLeft.set(2 + random.nextInt(5));
            }
            return f;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        count("calls");
        String outcome = draw();
        count(outcome);
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            switch (outcome) {
                case "reset_before" -> {
                    return; // closed with no answer
                }
                case "burst_5xx" -> {
                    int status = List.of(500, 502, 503).get(Math.floorMod(body.length + ex.hashCode(), 3));
                    send(ex, status, "{\"error\":{\"type\":\"api_error\",\"message\":\"injected " + status + "\"}}");
                    return;
                }
                case "slow" -> sleep(timeoutMillis / 5 + random().nextInt((int) Math.max(1, timeoutMillis / 2)));
                default -> {
                }
            }
            HttpResponse<byte[]> answer = forward(ex, body);
            count("forwarded");
            switch (outcome) {
                case "reset_after" -> {
                    return;
                }
                case "timeout" -> {
                    sleep(timeoutMillis + 500);
                    return; // the client gave up long ago
                }
                case "malformed" -> {
                    String text = new String(answer.body(), StandardCharsets.UTF_8);
                    send(ex, 200, text.substring(0, Math.max(0, text.length() / 2)) + "\u0000<html>");
                    return;
                }
                default -> {
                }
            }
            answer.headers().map().forEach((k, v) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase())) {
                    ex.getResponseHeaders().put(k, v);
                }
            });
            ex.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (IOException | RuntimeException e) {
            count("proxy_errors");
        }
    }

    private synchronized Random random() {
        return random;
    }

    private HttpResponse<byte[]> forward(HttpExchange ex, byte[] body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI())).timeout(Duration.ofSeconds(30))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, v) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase())) {
                v.forEach(value -> b.header(k, value));
            }
        });
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
