package dev.orderpay.invariants;

import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderpay.support.Sandbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Issue #11 item 5: hostile input driven by the service's own OpenAPI document
 * ({@code /q/openapi}). At least 10,000 requests (x {@code -Dinvariants.scale}) over every
 * operation, REST and functions, each with at least one defect: a wrong type, a missing
 * required or an unknown field, huge and control-character strings, bad JSON, a wrong content
 * type, bad path and query values, a missing, forged (other key, {@code alg: none}), expired,
 * wrongly issued or wrong-role token, or another customer's IDs. Never a 5xx; every error is
 * {@code application/problem+json} with an {@code error_code}; a forged token is never
 * accepted; and a digest of every table is the same before and after.
 */
@QuarkusTest
class OpenApiFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String HUGE = "A".repeat(70_000);
    private static final List<String> BAD_STRINGS = List.of("", " ", "\u0000", "a\u0000b", "\u0001\u001f\u007f", "\n\r\t",
            "\u202e\u200b", "😀ü€", "' or 1=1--", "../../etc/passwd", "%00", "${jndi:ldap://x}", HUGE,
            "-1", "1e309", "NaN", "12.345", "-0.01", "99999999999999999999999.99");
    private static final List<String> BAD_PATH = List.of("%00", "a%00b", "%1F", "%7F", "%0A", "%20", "..%2F..", "%C3%28",
            "A".repeat(3000), "%F0%9F%98%80", "x'%20or%201=1", "%25", "null", "-1");

    private enum Defect { TOKEN, WRONG_TYPE, MISSING_FIELD, EXTRA_FIELD, HUGE_OR_CONTROL, BAD_JSON, CONTENT_TYPE, PATH, QUERY, FOREIGN }

    private record Op(String method, String path, JsonNode operation, JsonNode bodySchema, List<JsonNode> params) {
    }

    private record Req(Op op, Defect defect, String method, String uri, Map<String, String> headers, String body) {
    }

    private final Map<String, Set<String>> foreign = new LinkedHashMap<>();
    private String owner;
    private String attacker;
    private JsonNode components;
    private KeyPair otherKey;
    private boolean badTokenWanted;

    @Test
    void hostileRequestsNeverBreakTheServiceNorChangeTheDatabase() throws Exception {
        Scenario sc = new Scenario("fuzz");
        Random rnd = new Random(Scenario.SEED);
        int total = 10_000 * Scenario.SCALE;
        seedData();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        otherKey = g.generateKeyPair();

        JsonNode doc = JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString());
        components = doc.path("components").path("schemas");
        List<Op> ops = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
            if (Set.of("get", "post", "put", "delete", "patch").contains(m.getKey())) {
                List<JsonNode> params = new ArrayList<>();
                p.getValue().path("parameters").forEach(params::add);
                m.getValue().path("parameters").forEach(params::add);
                JsonNode schema = resolve(m.getValue().path("requestBody").path("content").path("application/json").path("schema"));
                ops.add(new Op(m.getKey().toUpperCase(), p.getKey(), m.getValue(), schema, params));
            }
        }));
        assertThat(ops).as("operations in /q/openapi").hasSizeGreaterThan(20);
        assertThat(ops).extracting(Op::path).contains("/pay-order", "/combine-payments", "/quote-payment",
                "/search-unpaid-orders", "/v1/payments");

        List<Req> requests = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            Op op = ops.get(i % ops.size());
            requests.add(build(op, Defect.values()[rnd.nextInt(Defect.values().length)], rnd));
        }
        awaitQuiet();
        Map<String, String> before = digest();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
        String base = RestAssured.baseURI + ":" + RestAssured.port;
        Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
        Map<String, AtomicLong> byDefect = new ConcurrentHashMap<>();
        Map<String, AtomicLong> failureKinds = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        long started = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        Req r = requests.get(i);
                        HttpResponse<String> res;
                        try {
                            res = send(http, base, r);
                        } catch (NoAnswer e) {
                            failureKinds.computeIfAbsent(r.method() + " " + r.op().path() + " " + r.defect() + " -> no answer",
                                    k -> new AtomicLong()).incrementAndGet();
                            if (failures.size() < 30) {
                                failures.add(r.method() + " " + abbreviate(r.uri()) + " [" + r.defect() + "] -> no answer: " + e.getMessage());
                            }
                            continue;
                        }
                        byStatus.computeIfAbsent(String.valueOf(res == null ? -1 : res.statusCode()), k -> new AtomicLong()).incrementAndGet();
                        byDefect.computeIfAbsent(r.defect().name().toLowerCase(), k -> new AtomicLong()).incrementAndGet();
                        String problem = judge(r, res);
                        if (problem != null) {
                            failureKinds.computeIfAbsent(r.method() + " " + r.op().path() + " " + r.defect() + " -> " + problem,
                                    k -> new AtomicLong()).incrementAndGet();
                            if (failures.size() < 30) {
                                failures.add(r.method() + " " + abbreviate(r.uri()) + " [" + r.defect() + "] body="
                                        + abbreviate(r.body()) + " -> " + problem);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        Map<String, String> after = digest();
        List<String> changed = new ArrayList<>();
        before.forEach((table, d) -> {
            if (!d.equals(after.get(table))) {
                changed.add(table);
            }
        });

        long failed = failureKinds.values().stream().mapToLong(AtomicLong::get).sum();
        sc.put("operations", ops.size()).put("fuzzed_requests", requests.size()).put("seconds", seconds)
                .putAll("defect.", toLongs(byDefect)).putAll("status.", toLongs(byStatus))
                .put("failed_requests", failed).put("tables_changed", changed.size()).put("tables_digested", before.size())
                .write();
        failureKinds.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.println("[invariants] fuzz failure x" + e.getValue() + ": " + e.getKey()));

        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(failures).as("requests answered with a 5xx, a non-problem error or an accepted forged token").isEmpty();
            soft.assertThat(changed).as("tables whose content the hostile requests changed").isEmpty();
            soft.assertThat(requests).hasSizeGreaterThanOrEqualTo(10_000);
        });
    }

    // --- requests ------------------------------------------------------------------------------

    /** The data the attacker aims at: another customer's orders, payment, coupon, discount and bill. */
    private void seedData() {
        owner = "fz-" + UUID.randomUUID().toString().substring(0, 10);
        attacker = "fz-" + UUID.randomUUID().toString().substring(0, 10);
        putCustomer(owner, true);
        putCustomer(attacker, true);
        List<String> orders = createOrders(owner, true, List.of(usdOrder("10.00"), usdOrder("11.00")));
        String single = createOrder(owner, usdOrder("12.00"));
        String online = createOrder(owner, usdOrder("13.00"));
        String coupon = grantCoupon(owner, cashCoupon("3.00", "USD"));
        String discount = grantDiscount(owner, discount("5.00"));
        String paid = pay(owner, payment(List.of(single), "monthly_settlement")).statusCode(201).extract().path("payment_id");
        String open = pay(owner, payment(List.of(online), "online")).statusCode(201).extract().path("payment_id");
        foreign.put("order_id", Set.of(orders.get(0), orders.get(1), single, online));
        foreign.put("payment_id", Set.of(paid, open));
        foreign.put("coupon_id", Set.of(coupon));
        foreign.put("discount_id", Set.of(discount));
        foreign.put("customer_id", Set.of(owner));
        foreign.put("bill_id", Set.of("BILL" + owner));
    }

    private String rightRole(Op op) {
        String p = op.path();
        if (p.equals("/v1/admin/orders")) {
            return "order-service";
        }
        if (p.startsWith("/v1/admin/")) {
            return "admin";
        }
        if (p.endsWith("/approve") || p.endsWith("/reject")) {
            return "approver";
        }
        return "customer";
    }

    private Req build(Op op, Defect defect, Random r) {
        String role = rightRole(op);
        String token = token(role.equals("customer") ? attacker : "fuzz-" + role, role);
        Map<String, String> headers = new LinkedHashMap<>();
        String contentType = "application/json";
        Map<String, String> pathValues = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        for (JsonNode p : op.params()) {
            if ("path".equals(p.path("in").asText())) {
                pathValues.put(p.path("name").asText(), "Z" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
            }
        }
        JsonNode body = op.bodySchema().isMissingNode() ? null : sample(op.bodySchema(), r, 0);
        String rawBody = null;
        switch (defect) {
            case TOKEN -> token = badToken(role, r);
            case WRONG_TYPE -> body = mutateField(body, r, (schema, name) -> wrongType(schema, r), query, op, r);

            case MISSING_FIELD -> {
                if (body instanceof ObjectNode o && o.size() > 0) {
                    List<String> required = new ArrayList<>();
                    op.bodySchema().path("required").forEach(n -> required.add(n.asText()));
                    String victim = required.isEmpty() ? o.fieldNames().next() : required.get(r.nextInt(required.size()));
                    o.remove(victim);
                    if (required.isEmpty()) {
                        o.put("unexpected_" + r.nextInt(100), 1); // nothing is required: an unknown field is the defect
                    }
                } else if (body != null) {
                    rawBody = "";
                } else {
                    query.put("unknown_" + r.nextInt(10), "1");
                    token = badToken(role, r);
                }
            }
            case EXTRA_FIELD -> {
                if (body instanceof ObjectNode o) {
                    o.put(List.of("is_admin", "customer_id", "status", "amount", "__proto__", "").get(r.nextInt(6)), "x");
                } else {
                    token = badToken(role, r);
                    query.put(List.of("customer_id", "debug", "limit").get(r.nextInt(3)), "999999999999");
                }
            }
            case HUGE_OR_CONTROL -> body = mutateField(body, r, (schema, name) -> F.textNode(BAD_STRINGS.get(r.nextInt(BAD_STRINGS.size()))),
                    query, op, r);
            case BAD_JSON -> rawBody = List.of("{", "{\"order_ids\": [}", "[1,2,", "nul", "{\"a\":1}}", "\u0000{}", "{'x': 1}",
                    "{\"a\": 1e999999}", "[".repeat(5000), "{\"a\":\"\\ud800\"}", "\"just a string\"", "123",
                    "{\"order_ids\": [\"" + HUGE + "\"]").get(r.nextInt(13));
            case CONTENT_TYPE -> {
                contentType = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
                        "application/json; charset=ebcdic", "image/png").get(r.nextInt(6));
                if (body == null && !op.method().equals("POST") && !op.method().equals("PUT")) {
                    token = badToken(role, r);
                }
            }
            case PATH -> {
                if (pathValues.isEmpty()) {
                    token = badToken(role, r);
                } else {
                    pathValues.replaceAll((k, v) -> BAD_PATH.get(r.nextInt(BAD_PATH.size())));
                }
            }
            case QUERY -> {
                List<JsonNode> qs = op.params().stream().filter(p -> "query".equals(p.path("in").asText())).toList();
                if (qs.isEmpty()) {
                    token = badToken(role, r);
                    query.put("limit", "-1");
                } else {
                    for (JsonNode q : qs) {
                        if (r.nextBoolean()) {
                            query.put(q.path("name").asText(), BAD_PATH.get(r.nextInt(BAD_PATH.size())));
                        }
                    }
                    JsonNode q = qs.get(r.nextInt(qs.size()));
                    query.put(q.path("name").asText(), List.of("%00", "-5", "abc", "1000000", "%E2%80%AE", "x".repeat(5000))
                            .get(r.nextInt(6)));
                }
            }
            case FOREIGN -> {
                token = token(attacker, "customer");
                if (!role.equals("customer")) {
                    role = "wrong"; // a customer on an approver/admin/order-service operation: 403
                }
                pathValues.replaceAll((k, v) -> foreignValue(k, r));
                if (body instanceof ObjectNode o) {
                    foreignFields(o, r);
                }
            }
        }
        if (badTokenWanted) {
            badTokenWanted = false;
            token = badToken(role, r);
            defect = Defect.TOKEN;
        }
        StringBuilder uri = new StringBuilder(op.path());
        pathValues.forEach((k, v) -> {
            int i = uri.indexOf("{" + k + "}");
            uri.replace(i, i + k.length() + 2, v.contains("%") || v.length() > 100 ? v : URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        if (!query.isEmpty()) {
            StringBuilder q = new StringBuilder("?");
            query.forEach((k, v) -> q.append(q.length() > 1 ? "&" : "").append(k).append('=')
                    .append(v.contains("%") ? v : URLEncoder.encode(v, StandardCharsets.UTF_8)));
            uri.append(q);
        }
        if (token != null) {
            headers.put("Authorization", token.startsWith("Basic ") ? token : "Bearer " + token);
        }
        if (op.path().equals("/v1/payments") && op.method().equals("POST")) {
            if (r.nextInt(4) > 0) {
                headers.put("Idempotency-Key", List.of(UUID.randomUUID().toString(), "k".repeat(300), " ", "ü").get(r.nextInt(4)));
            }
        }
        if (op.path().equals("/v1/gateway/webhooks")) {
            headers.put("Stripe-Signature", List.of("t=1,v1=00", "garbage", "t=" + Instant.now().getEpochSecond() + ",v1="
                    + "ab".repeat(32), "").get(r.nextInt(4)));
        }
        String text = rawBody != null ? rawBody : body == null ? (r.nextBoolean() ? null : "{}") : body.toString();
        if (text != null) {
            headers.put("Content-Type", contentType);
        }
        return new Req(op, defect, op.method(), uri.toString(), headers, text);
    }

    private interface FieldMutation {
        JsonNode apply(JsonNode schema, String name);
    }

    /** Mutates one body field; without a body, one query parameter (or, lacking both, the token). */
    private JsonNode mutateField(JsonNode body, Random r, FieldMutation m, Map<String, String> query, Op op, Random rr) {
        if (body instanceof ObjectNode o && o.size() > 0) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.get(r.nextInt(names.size()));
            JsonNode schema = resolve(op.bodySchema().path("properties").path(name));
            JsonNode value = m.apply(schema, name);
            if (o.get(name).isArray() && r.nextBoolean() && value.isTextual()) {
                ArrayNode a = F.arrayNode().add(value); // inside a list, e.g. order_ids: ["\u0000"]
                o.set(name, a);
            } else {
                o.set(name, value);
            }
            return o;
        }
        if (body != null) {
            return m.apply(op.bodySchema(), "");
        }
        List<JsonNode> qs = op.params().stream().filter(p -> "query".equals(p.path("in").asText())).toList();
        if (!qs.isEmpty()) {
            query.put(qs.get(r.nextInt(qs.size())).path("name").asText(), "%00%1F" + "q".repeat(r.nextInt(3) * 3000));
        } else {
            query.put("x", "%00");
            badTokenWanted = true; // nothing else to break: the token is the defect
        }
        return null;
    }

    private static JsonNode wrongType(JsonNode schema, Random r) {
        String type = schema.path("type").asText("string");
        List<JsonNode> options = switch (type) {
            case "string" -> List.of(F.numberNode(12.5), F.booleanNode(true), F.arrayNode().add("x"), F.objectNode().put("a", 1),
                    F.numberNode(Long.MAX_VALUE));
            case "integer", "number" -> List.of(F.textNode("ten"), F.numberNode(1.5), F.numberNode(-1), F.textNode(""),
                    F.numberNode(new BigInteger("99999999999999999999999")));
            case "boolean" -> List.of(F.textNode("yes"), F.numberNode(1), F.arrayNode());
            case "array" -> List.of(F.textNode("a,b"), F.objectNode(), F.numberNode(3),
                    F.arrayNode().add(F.numberNode(1)).add(F.nullNode()), F.arrayNode().add(F.objectNode()));
            default -> List.of(F.textNode("{}"), F.arrayNode(), F.numberNode(0));
        };
        return options.get(r.nextInt(options.size()));
    }

    private void foreignFields(ObjectNode o, Random r) {
        if (o.has("order_ids") || o.has("order_id") || o.has("coupon_ids") || o.has("discount_id")) {
            List<String> orders = new ArrayList<>(foreign.get("order_id"));
            if (o.has("order_ids")) {
                ArrayNode a = o.putArray("order_ids");
                orders.subList(0, 1 + r.nextInt(orders.size())).forEach(a::add);
            }
            if (o.has("order_id")) {
                o.put("order_id", orders.get(r.nextInt(orders.size())));
            }
            if (r.nextBoolean() && o.has("coupon_ids")) {
                o.putArray("coupon_ids").add(foreign.get("coupon_id").iterator().next());
            }
            if (r.nextBoolean() && o.has("discount_id")) {
                o.put("discount_id", foreign.get("discount_id").iterator().next());
            }
        } else {
            o.put("unexpected_field", "x"); // a body with nothing to aim at another customer: keep it defective
        }
    }

    private String foreignValue(String name, Random r) {
        Set<String> values = foreign.getOrDefault(name, foreign.get("order_id"));
        List<String> list = new ArrayList<>(values);
        return list.get(r.nextInt(list.size()));
    }

    private String badToken(String role, Random r) {
        String sub = role.equals("customer") ? owner : "fuzz-" + role;
        return switch (r.nextInt(9)) {
            case 0 -> null;
            case 1 -> "not.a.jwt";
            case 2 -> Jwt.subject(sub).groups(Set.of(role)).sign(otherKey.getPrivate()); // another key
            case 3 -> Jwt.subject(sub).groups(Set.of(role)).issuedAt(Instant.now().minusSeconds(7200))
                    .expiresAt(Instant.now().minusSeconds(3600)).sign(); // expired
            case 4 -> Jwt.subject(sub).issuer("https://evil.example").groups(Set.of(role)).sign(); // wrong issuer
            case 5 -> unsigned(sub, role); // alg none
            case 6 -> tamper(token(sub, role)); // signature no longer matches
            case 7 -> "Basic " + Base64.getEncoder().encodeToString((sub + ":x").getBytes(StandardCharsets.UTF_8));
            default -> token(sub, role.equals("admin") ? "customer" : "no-such-role"); // wrong role
        };
    }

    private static String unsigned(String sub, String role) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        String header = b.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b.encodeToString(("{\"iss\":\"https://auth.orderpay.dev\",\"sub\":\"" + sub + "\",\"groups\":[\"" + role
                + "\"],\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    /** The same token with one claim changed (sub) and the original signature. */
    private String tamper(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"", "\"sub\":\"x");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    /** A plausible value of {@code schema} (resolved), to be broken afterwards. */
    private JsonNode sample(JsonNode schema, Random r, int depth) {
        schema = resolve(schema);
        if (schema.has("allOf")) {
            ObjectNode merged = F.objectNode();
            for (JsonNode part : schema.path("allOf")) {
                JsonNode s = sample(part, r, depth + 1);
                if (s instanceof ObjectNode o) {
                    merged.setAll(o);
                }
            }
            return merged;
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        if (schema.has("enum") && schema.path("enum").size() > 0) {
            return schema.path("enum").get(r.nextInt(schema.path("enum").size()));
        }
        return switch (type) {
            case "object" -> {
                ObjectNode o = F.objectNode();
                if (depth < 4) {
                    Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        o.set(e.getKey(), sample(e.getValue(), r, depth + 1));
                    }
                }
                yield o;
            }
            case "array" -> {
                ArrayNode a = F.arrayNode();
                if (depth < 4) {
                    a.add(sample(schema.path("items"), r, depth + 1));
                }
                yield a;
            }
            case "integer" -> F.numberNode(1);
            case "number" -> F.numberNode(1.0);
            case "boolean" -> F.booleanNode(r.nextBoolean());
            default -> F.textNode(schema.path("pattern").isMissingNode() ? "ZZ" + r.nextInt(1000) : "10.00");
        };
    }

    private JsonNode resolve(JsonNode schema) {
        for (int i = 0; i < 10 && schema.has("$ref"); i++) {
            String ref = schema.path("$ref").asText();
            schema = components.path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return schema;
    }

    // --- judging -------------------------------------------------------------------------------

    private static HttpResponse<String> send(HttpClient http, String base, Req r) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + r.uri())).timeout(Duration.ofSeconds(60))
                    .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(r.body()));
            r.headers().forEach(b::header);
            HttpRequest request = b.build();
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException first) {
                // a kept-alive connection the server had just closed: once more on a fresh one
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IllegalArgumentException e) {
            return null; // the client itself refuses to send it (e.g. a character a URI or header cannot hold)
        } catch (IOException e) {
            throw new NoAnswer(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The connection closed twice without an answer. */
    private static final class NoAnswer extends RuntimeException {
        NoAnswer(String message) {
            super(message);
        }
    }

    /** Null when the answer is acceptable, else what is wrong with it. */
    private static String judge(Req r, HttpResponse<String> res) {
        if (res == null) {
            return null;
        }
        int status = res.statusCode();
        if (status >= 500) {
            return "HTTP " + status + " " + abbreviate(res.body());
        }
        if (status >= 400) {
            String type = res.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/problem+json")) {
                return "HTTP " + status + " with Content-Type '" + type + "' " + abbreviate(res.body());
            }
            try {
                String code = JSON.readTree(res.body()).path("error_code").asText("");
                if (code.isEmpty()) {
                    return "HTTP " + status + " problem without error_code " + abbreviate(res.body());
                }
            } catch (Exception e) {
                return "HTTP " + status + " unreadable problem body " + abbreviate(res.body());
            }
            return null;
        }
        boolean isPublic = r.op().path().startsWith("/v1/gateway/") || r.op().path().startsWith("/v1/dev/")
                || r.op().path().equals("/v1/service-types");
        if (r.defect() == Defect.TOKEN && !isPublic) {
            return "HTTP " + status + ": a forged, expired, missing or wrong-role token was accepted";
        }
        if (r.defect() == Defect.FOREIGN && r.op().path().contains("{")) {
            return "HTTP " + status + ": answered about another customer's " + r.op().path();
        }
        return null;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "\\\\c");
        return clean.length() > 160 ? clean.substring(0, 160) + "...(" + s.length() + " chars)" : clean;
    }

    // --- the database --------------------------------------------------------------------------

    /** Waits until no webhook is queued or in flight (other tests' checkouts), so only this test can change the database. */
    private static void awaitQuiet() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var w = Sandbox.webhooks();
            return w.getList("queued").isEmpty() && w.getList("events.state", String.class).stream()
                    .noneMatch(s -> s.equals("queued") || s.equals("delivering") || s.equals("retrying"));
        });
    }

    /** An md5 of every row of every table (Flyway's history aside), per table. */
    private static Map<String, String> digest() throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select tablename from pg_tables where schemaname = 'public' "
                    + "and tablename <> 'flyway_schema_history' order by tablename")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("select count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') "
                        + "from \"" + t + "\" x")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
        }
        return out;
    }

    private static Map<String, Long> toLongs(Map<String, AtomicLong> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
