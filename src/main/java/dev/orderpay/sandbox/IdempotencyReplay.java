package dev.orderpay.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Stripe's {@code Idempotency-Key} for the sandbox (Stripe docs, "Idempotent requests"): the
 * first answer under a key is stored, errors included, and replayed for the same request; the
 * same key with another request (route or parameters) is 400 {@code idempotency_error}. The last
 * 50,000 keys are kept, in memory. Not thread-safe: {@link SandboxStripe} holds its lock around it.
 */
final class IdempotencyReplay {

    private static final int MAX_KEYS = 50_000;

    /** A Stripe API answer: HTTP status and JSON body; {@code replayed} for an idempotent replay. */
    record Reply(int status, ObjectNode body, boolean replayed) {
    }

    private record Stored(String fingerprint, int status, ObjectNode body) {
    }

    private final Map<String, Stored> stored = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /**
     * The stored answer for {@code key} (a copy, {@code replayed}), the 400 {@code idempotency_error}
     * for a different request under it, else {@code run}'s answer, stored under {@code key}.
     * A null or blank key stores nothing.
     */
    Reply replayOrRun(String key, String route, MultivaluedMap<String, String> params, Supplier<Reply> run) {
        boolean keyed = key != null && !key.isBlank();
        String fingerprint = route + " " + new TreeMap<>(params == null ? Map.of() : params);
        if (keyed) {
            Stored previous = stored.get(key);
            if (previous != null) {
                if (!previous.fingerprint().equals(fingerprint)) {
                    SandboxStripeException e = new SandboxStripeException(400, "idempotency_error", null,
                            "Keys for idempotent requests can only be used with the same parameters they were first used with.");
                    return new Reply(400, e.body(), false);
                }
                return new Reply(previous.status(), previous.body().deepCopy(), true);
            }
        }
        Reply reply = run.get();
        if (keyed) {
            stored.put(key, new Stored(fingerprint, reply.status(), reply.body().deepCopy()));
        }
        return reply;
    }
}
