package dev.orderpay.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderpay.order.OrderQueryParser;
import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.ProblemMappers;
import dev.orderpay.platform.Violations;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Binding of function input and output with the application's {@link ObjectMapper}, so the
 * functions validate exactly like REST (contract §2: snake_case, unknown fields are 400
 * VALIDATION_FAILED). Funqy's own reader ignores unknown fields and matches names
 * case-insensitively, which is why the functions take a {@link JsonNode} and bind it here.
 */
@ApplicationScoped
public class FunctionInputs {

    private final ObjectMapper json;

    public FunctionInputs(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Binds a JSON object to {@code type}.
     *
     * @throws ApiException 400 VALIDATION_FAILED for a missing or non-object body, an unknown field,
     *                      or a field of the wrong type (same violations as REST)
     */
    public <T> T bind(JsonNode body, Class<T> type) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw ApiException.validation("body", "is required");
        }
        if (!body.isObject()) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        try {
            return json.readerFor(type).readValue(body);
        } catch (IOException e) {
            throw ProblemMappers.problem(e);
        }
    }

    /**
     * The search input as the query string's name → values map that {@link OrderQueryParser} parses for
     * both doors: each repeatable field a JSON array of strings or one string (which may be a comma
     * list, as in REST); {@code limit} a whole number or a string.
     * An absent or {@code null} body is a search with no filter.
     *
     * @throws ApiException 400 VALIDATION_FAILED naming each unknown field or value of the wrong type
     */
    public Map<String, List<String>> searchParameters(JsonNode body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (body == null || body.isMissingNode() || body.isNull()) {
            return params;
        }
        if (!body.isObject()) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        Violations v = new Violations();
        body.fields().forEachRemaining(field -> {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (!OrderQueryParser.SEARCH_PARAMETERS.contains(name)) {
                v.add(name, "unknown field");
            } else if (value.isNull()) {
                return;
            } else if (value.isArray() && OrderQueryParser.REPEATABLE.contains(name)) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < value.size(); i++) {
                    if (value.get(i).isTextual()) {
                        values.add(value.get(i).textValue());
                    } else {
                        v.add(name + "[" + i + "]", "must be a string");
                    }
                }
                params.put(name, values);
            } else if (value.isTextual()) {
                params.put(name, List.of(value.textValue()));
            } else if ("limit".equals(name) && value.isNumber()) {
                // 10 and "10" alike; 2.5 fails the whole-number check of the search itself
                params.put(name, List.of(value.isIntegralNumber() ? value.bigIntegerValue().toString() : value.asText()));
            } else {
                v.add(name, OrderQueryParser.REPEATABLE.contains(name) ? "must be an array of strings or a string" : "must be a string");
            }
        });
        v.throwIfAny();
        return params;
    }

    /** Parses a stored JSON response body (e.g. a payment or its idempotent replay) for output. */
    public JsonNode tree(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored response is not JSON", e);
        }
    }

    /**
     * Runs a reactive service call from the Funqy worker thread on a Vert.x context and waits
     * for it: Hibernate Reactive needs the event loop (engineering guide §4). Failures are
     * rethrown unwrapped, so an {@link ApiException} keeps its status and code.
     */
    public static <T> T await(Supplier<Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
