package dev.orderpay.payment;

import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import dev.orderpay.gateway.WebhookSigner;
import dev.orderpay.support.Db;
import dev.orderpay.support.Sandbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /v1/gateway/webhooks: signatures, at-most-once application, forward-only state (contract §7). */
@QuarkusTest
class WebhookTest {

    static final String SECRET = "whsec_sandbox_dev_only";

    @Inject
    Db db;

    String customer;
    String order;
    String paymentId;
    String sessionId;
    String paymentIntentId;

    @BeforeEach
    void authorisedPaymentWithoutWebhooks() {
        Sandbox.pauseWebhooks();
        customer = newCustomer();
        order = createOrder(customer, usdOrder("64.00"));
        JsonPath started = OnlinePaymentTest.startOnline(customer, List.of(order), List.of());
        paymentId = started.getString("payment_id");
        sessionId = Sandbox.sessionId(started.getString("checkout_url"));
        paymentIntentId = Sandbox.pay(started.getString("checkout_url"), "4242424242424242")
                .getString("payment_intent.id");
        Sandbox.dropWebhooks();
    }

    @AfterEach
    void resume() {
        Sandbox.releaseWebhooks(false);
    }

    private String event(String id, String type) {
        String object = type.startsWith("checkout.session")
                ? "{\"id\":\"" + sessionId + "\",\"object\":\"checkout.session\",\"client_reference_id\":\"" + paymentId
                        + "\",\"payment_intent\":\"" + paymentIntentId + "\",\"metadata\":{\"payment_id\":\"" + paymentId + "\"}}"
                : "{\"id\":\"" + paymentIntentId + "\",\"object\":\"payment_intent\",\"metadata\":{\"payment_id\":\""
                        + paymentId + "\"}}";
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"data\":{\"object\":" + object + "}}";
    }

    private static ValidatableResponse send(String body, String signature) {
        var req = given().contentType("application/json").body(body);
        if (signature != null) {
            req = req.header("Stripe-Signature", signature);
        }
        return req.post("/v1/gateway/webhooks").then();
    }

    private static String sign(String body, Instant at) {
        return WebhookSigner.header(body, at, SECRET);
    }

    private String status() {
        return db.string("select status from payment where payment_id = $1", paymentId);
    }

    @Test
    void theSameEventTwiceInSequenceIsAppliedOnce() {
        String body = event("evt_" + UUID.randomUUID(), "checkout.session.completed");
        send(body, sign(body, Instant.now())).statusCode(200).body("result", is("applied"));
        assertThat(status()).isEqualTo("succeeded");
        send(body, sign(body, Instant.now())).statusCode(200).body("result", is("duplicate"));
        assertThat(status()).isEqualTo("succeeded");
        assertThat(db.string("select status from customer_order where order_id = $1", order)).isEqualTo("paid");
        assertThat(Sandbox.paymentIntent(paymentIntentId).getLong("amount_received")).isEqualTo(6400L);
    }

    @Test
    void theSameEventTwiceInParallelIsAppliedOnce() throws Exception {
        String body = event("evt_" + UUID.randomUUID(), "payment_intent.amount_capturable_updated");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(() -> send(body, sign(body, Instant.now())).statusCode(200).extract().path("result"));
        }
        List<String> results = new ArrayList<>();
        for (Future<String> f : pool.invokeAll(calls)) {
            results.add(f.get());
        }
        pool.shutdown();
        assertThat(results).filteredOn("applied"::equals).hasSize(1);
        assertThat(results).filteredOn("duplicate"::equals).hasSize(3);
        assertThat(status()).isEqualTo("succeeded");
        assertThat(db.count("select count(*) from webhook_event where payment_id = $1", paymentId)).isEqualTo(1);
    }

    @Test
    void aFailureEventAfterSuccessChangesNothing() {
        String ok = event("evt_" + UUID.randomUUID(), "checkout.session.completed");
        send(ok, sign(ok, Instant.now())).statusCode(200);
        String failed = event("evt_" + UUID.randomUUID(), "payment_intent.payment_failed");
        send(failed, sign(failed, Instant.now())).statusCode(200);
        String canceled = event("evt_" + UUID.randomUUID(), "payment_intent.canceled");
        send(canceled, sign(canceled, Instant.now())).statusCode(200);
        assertThat(status()).isEqualTo("succeeded");
        assertThat(db.string("select status from customer_order where order_id = $1", order)).isEqualTo("paid");
    }

    @Test
    void badSignaturesAre400AndChangeNothing() {
        String body = event("evt_" + UUID.randomUUID(), "checkout.session.completed");
        Instant now = Instant.now();
        List<String> bad = new ArrayList<>();
        bad.add(WebhookSigner.header(body, now, "whsec_wrong"));
        bad.add(sign(body, now.minusSeconds(600)));
        bad.add(sign(body, now.plusSeconds(600)));
        bad.add("t=" + now.getEpochSecond() + ",v1=deadbeef");
        bad.add("garbage");
        for (String signature : bad) {
            send(body, signature).statusCode(400).contentType("application/problem+json")
                    .body("error_code", is("INVALID_SIGNATURE"));
        }
        send(body, null).statusCode(400).body("error_code", is("INVALID_SIGNATURE"));
        String tampered = body.replace("checkout.session.completed", "checkout.session.expired");
        send(tampered, sign(body, now)).statusCode(400).body("error_code", is("INVALID_SIGNATURE"));
        assertThat(status()).isEqualTo("requires_action");
        assertThat(db.count("select count(*) from webhook_event where payment_id = $1", paymentId)).isZero();
        // a rotated secret: one of several v1 values is enough
        String rotated = sign(body, now) + ",v1=" + "0".repeat(64);
        send(body, rotated).statusCode(200);
    }

    @Test
    void anEventForAnUnknownPaymentIsRetriedByTheGateway() {
        String body = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"object\":\"event\",\"type\":\"checkout.session.completed\","
                + "\"created\":1,\"data\":{\"object\":{\"id\":\"cs_unknown\",\"object\":\"checkout.session\","
                + "\"client_reference_id\":\"PAY_UNKNOWN\",\"metadata\":{}}}}";
        send(body, sign(body, Instant.now())).statusCode(404).body("error_code", is("PAYMENT_NOT_FOUND"));
    }

    @Test
    void otherEventTypesAreAcknowledgedAndIgnored() {
        String body = event("evt_" + UUID.randomUUID(), "customer.created");
        send(body, sign(body, Instant.now())).statusCode(200).body("result", is("ignored"));
        assertThat(status()).isEqualTo("requires_action");
    }
}
