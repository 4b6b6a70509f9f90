package dev.orderpay.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import dev.orderpay.gateway.WebhookSigner;
import dev.orderpay.gateway.WireMockGatewayProfile;
import dev.orderpay.support.WireMockGatewaySetup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue #10 item 4, concurrent settlement of one payment: two webhooks for one payment arriving
 * together settle it once (one settler per payment, one capture at the gateway), and the gateway's
 * 409/429 answers never open the circuit breaker (contract §7). WireMock stands in for the gateway.
 */
@QuarkusTest
@TestProfile(WireMockGatewayProfile.class)
class ConcurrentSettlementTest extends WireMockGatewaySetup {

    /** A payment whose checkout the customer completed at the WireMock gateway: authorised, not captured. */
    private String[] authorised(String session, String intent) {
        String c = newCustomer();
        String order = createOrder(c, usdOrder("45.00"));
        wireMock.stubFor(post("/v1/checkout/sessions").willReturn(okJson(
                "{\"id\":\"" + session + "\",\"object\":\"checkout.session\",\"url\":\"https://checkout.example/" + session + "\","
                        + "\"status\":\"open\",\"payment_status\":\"unpaid\",\"amount_total\":4500,\"currency\":\"usd\"}")));
        String paymentId = pay(c, payment(List.of(order), "online")).statusCode(201).extract().path("payment_id");
        wireMock.stubFor(get(urlPathEqualTo("/v1/checkout/sessions/" + session)).willReturn(okJson(
                "{\"id\":\"" + session + "\",\"object\":\"checkout.session\",\"status\":\"complete\",\"payment_status\":\"unpaid\","
                        + "\"payment_intent\":\"" + intent + "\",\"client_reference_id\":\"" + paymentId + "\",\"amount_total\":4500,"
                        + "\"currency\":\"usd\"}")));
        wireMock.stubFor(get(urlPathEqualTo("/v1/payment_intents/" + intent)).willReturn(okJson(
                "{\"id\":\"" + intent + "\",\"object\":\"payment_intent\",\"status\":\"requires_capture\",\"amount\":4500,"
                        + "\"amount_capturable\":4500,\"currency\":\"usd\",\"latest_charge\":{\"payment_method_details\":"
                        + "{\"card\":{\"brand\":\"visa\",\"funding\":\"credit\"}}},\"metadata\":{\"payment_id\":\"" + paymentId + "\"}}")));
        return new String[] {c, order, paymentId};
    }

    private static String event(String type, String session, String intent, String paymentId) {
        String object = type.startsWith("checkout.session")
                ? "{\"id\":\"" + session + "\",\"object\":\"checkout.session\",\"client_reference_id\":\"" + paymentId
                        + "\",\"payment_intent\":\"" + intent + "\"}"
                : "{\"id\":\"" + intent + "\",\"object\":\"payment_intent\",\"metadata\":{\"payment_id\":\"" + paymentId + "\"}}";
        return "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"created\":1,"
                + "\"data\":{\"object\":" + object + "}}";
    }

    private static ValidatableResponse deliver(String body) {
        return given().contentType("application/json").header("Stripe-Signature",
                WebhookSigner.header(body, Instant.now(), "whsec_sandbox_dev_only")).body(body).post("/v1/gateway/webhooks").then();
    }

    @Test
    void twoWebhooksForOnePaymentAtOnceCaptureItOnce() throws Exception {
        String[] p = authorised("cs_conc_1", "pi_conc_1");
        String paymentId = p[2];
        // a slow capture, so the two settlers overlap at the gateway when nothing serialises them
        wireMock.stubFor(post("/v1/payment_intents/pi_conc_1/capture").willReturn(okJson(
                "{\"id\":\"pi_conc_1\",\"object\":\"payment_intent\",\"status\":\"succeeded\",\"amount\":4500,"
                        + "\"amount_received\":4500,\"currency\":\"usd\"}").withFixedDelay(400)));
        List<String> events = List.of(event("checkout.session.completed", "cs_conc_1", "pi_conc_1", paymentId),
                event("payment_intent.amount_capturable_updated", "cs_conc_1", "pi_conc_1", paymentId));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> calls = new ArrayList<>();
        events.forEach(e -> calls.add(() -> deliver(e).extract().statusCode()));
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(calls)) {
            statuses.add(f.get());
        }
        pool.shutdown();

        assertThat(statuses).containsOnly(200);
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents/pi_conc_1/capture")))).hasSize(1);
        assertThat(db.string("select status from payment where payment_id = $1", paymentId)).isEqualTo("succeeded");
        assertThat(db.string("select status from customer_order where order_id = $1", p[1])).isEqualTo("paid");
        assertThat(db.count("select count(*) from payment where payment_id = $1 and settling_token is null", paymentId))
                .as("the settling lease is released").isEqualTo(1);
        assertThat(breaker.breakerState()).isEqualTo("closed");
    }

    @Test
    void aBurstOf409And429AnswersLeavesTheBreakerClosed() {
        wireMock.stubFor(post("/v1/checkout/sessions").willReturn(aResponse().withStatus(429)
                .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"rate_limit\",\"message\":\"Too many requests\"}}")));
        for (int i = 0; i < 2; i++) {
            String c = newCustomer();
            pay(c, payment(List.of(createOrder(c, usdOrder("20.00"))), "online")).statusCode(503)
                    .body("error_code", is("GATEWAY_UNAVAILABLE"));
        }
        wireMock.stubFor(post("/v1/checkout/sessions").willReturn(aResponse().withStatus(409)
                .withBody("{\"error\":{\"type\":\"idempotency_error\",\"code\":\"idempotency_key_in_use\","
                        + "\"message\":\"There is currently another in-progress request using this Idempotent Key\"}}")));
        for (int i = 0; i < 2; i++) {
            String c = newCustomer();
            pay(c, payment(List.of(createOrder(c, usdOrder("20.00"))), "online")).statusCode(503)
                    .body("error_code", is("GATEWAY_UNAVAILABLE"));
        }
        // 4 payments x 3 attempts: enough failures to open the breaker (window 10, 50 %) had they counted
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions")))).hasSizeGreaterThanOrEqualTo(10);
        assertThat(breaker.breakerState()).isEqualTo("closed");
    }
}
