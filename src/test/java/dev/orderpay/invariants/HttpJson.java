package dev.orderpay.invariants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A small thread-safe JSON client for the packaged-service ITs (RestAssured's static
 * configuration does not suit several services and threads), and RS256 tokens signed with the
 * development key, as the API gateway would forward them.
 */
final class HttpJson {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build(); // h2c upgrades of requests with a body fail in the service (500, reported)
    private static final PrivateKey KEY = devKey();

    /** One answer: status, the raw body, its JSON (missing when not JSON), and headers. */
    record Reply(int status, String body, JsonNode json, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        String text(String field) {
            return json.path(field).asText(null);
        }
    }

    private final String base;

    HttpJson(String base) {
        this.base = base;
    }

    static String token(String sub, String... groups) {
        return Jwt.issuer("https://auth.orderpay.dev").subject(sub).upn(sub).groups(Set.of(groups))
                .expiresIn(Duration.ofDays(400)).sign(KEY);
    }

    Reply get(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, token, null, Map.of());
    }

    Reply post(String path, String token, Object body) throws IOException, InterruptedException {
        return send("POST", path, token, body, Map.of());
    }

    Reply put(String path, String token, Object body) throws IOException, InterruptedException {
        return send("PUT", path, token, body, Map.of());
    }

    /** Sends JSON ({@code body} serialised unless already a String); a form when a header says so. */
    Reply send(String method, String path, String token, Object body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            if (!headers.containsKey("Content-Type")) {
                b.header("Content-Type", "application/json");
            }
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            b.method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = r.body() == null || r.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(r.body());
        } catch (IOException e) {
            json = MissingNode.getInstance();
        }
        return new Reply(r.statusCode(), r.body(), json, r);
    }

    private static PrivateKey devKey() {
        try {
            return KeyUtils.readPrivateKey("devkeys/privateKey.pem");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read devkeys/privateKey.pem", e);
        }
    }
}
