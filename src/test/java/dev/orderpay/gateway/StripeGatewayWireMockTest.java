package dev.orderpay.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.orderpay.gateway.PaymentGateway.CheckoutSession;
import dev.orderpay.gateway.PaymentGateway.CreateCheckout;
import dev.orderpay.gateway.PaymentGateway.OffSessionCharge;
import dev.orderpay.gateway.PaymentGateway.PaymentIntent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Stripe client's wire format and fault tolerance against WireMock (contract §7). */
@QuarkusTest
@TestProfile(WireMockGatewayProfile.class)
class StripeGatewayWireMockTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final String SESSION = """
            {"id":"cs_test_1","object":"checkout.session","url":"https://checkout.stripe.com/c/pay/cs_test_1",
             "status":"open","payment_status":"unpaid","payment_intent":null,"client_reference_id":"PAY1",
             "amount_total":9200,"currency":"usd","expires_at":1795000000}""";
    static final String INTENT = """
            {"id":"pi_1","object":"payment_intent","status":"requires_capture","amount":9200,"amount_capturable":9200,
             "amount_received":0,"currency":"usd","last_payment_error":null,"metadata":{"payment_id":"PAY1"},
             "latest_charge":{"id":"ch_1","object":"charge","payment_method_details":{"type":"card",
               "card":{"brand":"mastercard","funding":"debit","last4":"8210"}}},
             "payment_method":"pm_1"}""";
    static final String DECLINED = """
            {"error":{"type":"card_error","code":"card_declined","decline_code":"generic_decline",
             "message":"Your card was declined."}}""";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    PaymentGateway gateway;

    @Inject
    GatewayBreaker breaker;

    @Inject
    CircuitBreakerMaintenance maintenance;

    @Inject
    Vertx vertx;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        maintenance.resetAll();
    }

    static CreateCheckout checkout(String key) {
        return new CreateCheckout(key, "PAY1", 9200, "USD", "2 orders", Instant.ofEpochSecond(1795000000L),
                "https://console.example.com/ok?s={CHECKOUT_SESSION_ID}", "https://console.example.com/back",
                "ann@example.com", Map.of("payment_id", "PAY1"));
    }

    static OffSessionCharge charge(String key) {
        return new OffSessionCharge(key, "cus_1", "pm_card_visa", 12000, "EUR", "Bill B-1", Map.of("bill_id", "B-1"));
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    @Test
    void checkoutSessionIsFormEncodedWithStripeHeaders() {
        wireMock.stubFor(post("/v1/checkout/sessions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(SESSION)));

        CheckoutSession s = await(gateway.createCheckoutSession(checkout("PAY1")));

        assertThat(s.id()).isEqualTo("cs_test_1");
        assertThat(s.url()).isEqualTo("https://checkout.stripe.com/c/pay/cs_test_1");
        assertThat(s.status()).isEqualTo("open");
        assertThat(s.currency()).isEqualTo("USD");
        assertThat(s.amountTotal()).isEqualTo(9200);
        assertThat(s.paymentIntentId()).isNull();
        assertThat(s.expiresAt()).isEqualTo(Instant.ofEpochSecond(1795000000L));

        wireMock.verify(1, postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                .withHeader("Authorization", equalTo("Bearer sk_test_wiremock"))
                .withHeader("Idempotency-Key", equalTo("PAY1"))
                .withHeader("Stripe-Version", equalTo("2024-06-20"))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withFormParam("mode", equalTo("payment"))
                .withFormParam("payment_method_types[0]", equalTo("card"))
                .withFormParam("line_items[0][price_data][currency]", equalTo("usd"))
                .withFormParam("line_items[0][price_data][unit_amount]", equalTo("9200"))
                .withFormParam("line_items[0][price_data][product_data][name]", equalTo("2 orders"))
                .withFormParam("line_items[0][quantity]", equalTo("1"))
                .withFormParam("payment_intent_data[capture_method]", equalTo("manual"))
                .withFormParam("payment_intent_data[metadata][payment_id]", equalTo("PAY1"))
                .withFormParam("metadata[payment_id]", equalTo("PAY1"))
                .withFormParam("expires_at", equalTo("1795000000"))
                .withFormParam("client_reference_id", equalTo("PAY1"))
                .withFormParam("success_url", equalTo("https://console.example.com/ok?s={CHECKOUT_SESSION_ID}"))
                .withFormParam("cancel_url", equalTo("https://console.example.com/back"))
                .withFormParam("customer_email", equalTo("ann@example.com")));
        // the raw body: Stripe's bracket notation in the keys (as in Stripe's curl examples), values percent-encoded
        String body = wireMock.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertThat(body).contains("line_items[0][price_data][unit_amount]=9200")
                .contains("success_url=https%3A%2F%2Fconsole.example.com%2Fok%3Fs%3D%7BCHECKOUT_SESSION_ID%7D");
    }

    @Test
    void paymentIntentIsRetrievedWithTheCardExpanded() {
        wireMock.stubFor(get(urlPathEqualTo("/v1/payment_intents/pi_1")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(INTENT)));

        PaymentIntent pi = await(gateway.retrievePaymentIntent("pi_1"));

        assertThat(pi.id()).isEqualTo("pi_1");
        assertThat(pi.status()).isEqualTo("requires_capture");
        assertThat(pi.amount()).isEqualTo(9200);
        assertThat(pi.amountCapturable()).isEqualTo(9200);
        assertThat(pi.currency()).isEqualTo("USD");
        assertThat(pi.cardBrand()).isEqualTo("mastercard");
        assertThat(pi.cardFunding()).isEqualTo("debit");
        assertThat(pi.lastErrorCode()).isNull();
        assertThat(pi.metadata()).containsEntry("payment_id", "PAY1");
        wireMock.verify(1, getRequestedFor(urlPathEqualTo("/v1/payment_intents/pi_1"))
                .withQueryParam("expand[]", havingExactly("latest_charge", "payment_method"))
                .withHeader("Authorization", equalTo("Bearer sk_test_wiremock"))
                .withHeader("Idempotency-Key", absent()));
    }

    @Test
    void captureCancelRefundAndOffSessionCarryTheirKeys() {
        wireMock.stubFor(post(urlPathEqualTo("/v1/payment_intents/pi_1/capture")).willReturn(json(INTENT.replace("requires_capture", "succeeded"))));
        wireMock.stubFor(post(urlPathEqualTo("/v1/payment_intents/pi_1/cancel")).willReturn(json(INTENT.replace("requires_capture", "canceled"))));
        wireMock.stubFor(post("/v1/refunds").willReturn(json(
                "{\"id\":\"re_1\",\"object\":\"refund\",\"status\":\"succeeded\",\"payment_intent\":\"pi_1\",\"amount\":9200}")));
        wireMock.stubFor(post("/v1/payment_intents").willReturn(json(INTENT.replace("requires_capture", "succeeded"))));
        wireMock.stubFor(post("/v1/checkout/sessions/cs_test_1/expire").willReturn(json(SESSION.replace("\"open\"", "\"expired\""))));

        assertThat(await(gateway.capturePaymentIntent("pi_1", "cap-1")).status()).isEqualTo("succeeded");
        assertThat(await(gateway.cancelPaymentIntent("pi_1", "can-1")).status()).isEqualTo("canceled");
        PaymentGateway.Refund refund = await(gateway.createRefund("pi_1", "ref-1", Map.of("payment_id", "PAY1")));
        assertThat(refund).isEqualTo(new PaymentGateway.Refund("re_1", "succeeded", "pi_1", 9200));
        assertThat(await(gateway.createOffSessionPaymentIntent(charge("B-1"))).status()).isEqualTo("succeeded");
        assertThat(await(gateway.expireCheckoutSession("cs_test_1", "exp-1")).status()).isEqualTo("expired");

        wireMock.verify(postRequestedFor(urlPathEqualTo("/v1/payment_intents/pi_1/capture")).withHeader("Idempotency-Key", equalTo("cap-1")));
        wireMock.verify(postRequestedFor(urlPathEqualTo("/v1/payment_intents/pi_1/cancel")).withHeader("Idempotency-Key", equalTo("can-1")));
        wireMock.verify(postRequestedFor(urlEqualTo("/v1/refunds")).withHeader("Idempotency-Key", equalTo("ref-1"))
                .withFormParam("payment_intent", equalTo("pi_1")).withFormParam("metadata[payment_id]", equalTo("PAY1")));
        wireMock.verify(postRequestedFor(urlEqualTo("/v1/payment_intents")).withHeader("Idempotency-Key", equalTo("B-1"))
                .withFormParam("amount", equalTo("12000")).withFormParam("currency", equalTo("eur"))
                .withFormParam("customer", equalTo("cus_1")).withFormParam("payment_method", equalTo("pm_card_visa"))
                .withFormParam("confirm", equalTo("true")).withFormParam("off_session", equalTo("true"))
                .withFormParam("metadata[bill_id]", equalTo("B-1")));
        wireMock.verify(postRequestedFor(urlEqualTo("/v1/checkout/sessions/cs_test_1/expire")).withHeader("Idempotency-Key", equalTo("exp-1")));
        // every POST carried a key
        assertThat(wireMock.findAll(anyRequestedFor(anyUrl())))
                .allSatisfy(r -> assertThat(r.getHeader("Idempotency-Key")).isNotBlank());
    }

    @Test
    void aPostWithoutIdempotencyKeyIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> await(gateway.capturePaymentIntent("pi_1", null))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> await(gateway.createCheckoutSession(checkout(" ")))).isInstanceOf(IllegalArgumentException.class);
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }

    @Test
    void declinesAreRejectedNeverRetriedAndNeverOpenTheBreaker() {
        wireMock.stubFor(post("/v1/payment_intents").willReturn(aResponse().withStatus(402)
                .withHeader("Content-Type", "application/json").withBody(DECLINED)));

        for (int i = 0; i < 20; i++) {
            String key = "B-" + i;
            assertThatThrownBy(() -> await(gateway.createOffSessionPaymentIntent(charge(key))))
                    .isInstanceOfSatisfying(GatewayRejectedException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(402);
                        assertThat(e.code()).isEqualTo("card_declined");
                        assertThat(e.declineCode()).isEqualTo("generic_decline");
                        assertThat(e.getMessage()).isEqualTo("Your card was declined.");
                    });
        }
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")))).hasSize(20);
        assertThat(breaker.breakerState()).isEqualTo("closed");
    }

    @Test
    void otherClientErrorsAreRejectedToo() {
        wireMock.stubFor(get(urlPathEqualTo("/v1/payment_intents/pi_x")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\",\"message\":\"No such payment_intent: 'pi_x'\"}}")));
        assertThatThrownBy(() -> await(gateway.retrievePaymentIntent("pi_x")))
                .isInstanceOfSatisfying(GatewayRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("resource_missing");
                });
        assertThat(wireMock.getAllServeEvents()).hasSize(1);
    }

    @Test
    void serverErrorsAreRetriedWithTheSameKeyThenUnavailable() {
        wireMock.stubFor(post(urlPathEqualTo("/v1/payment_intents/pi_1/capture")).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}")));

        assertThatThrownBy(() -> await(gateway.capturePaymentIntent("pi_1", "cap-7")))
                .isInstanceOf(GatewayUnavailableException.class)
                .hasMessageContaining("HTTP 500");
        List<LoggedRequest> requests = wireMock.findAll(postRequestedFor(urlPathEqualTo("/v1/payment_intents/pi_1/capture")));
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("cap-7");
    }

    @Test
    void aRetryThatSucceedsIsASuccess() {
        wireMock.stubFor(get(urlPathEqualTo("/v1/payment_intents/pi_1")).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        wireMock.stubFor(get(urlPathEqualTo("/v1/payment_intents/pi_1")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(json(INTENT)));

        assertThat(await(gateway.retrievePaymentIntent("pi_1")).status()).isEqualTo("requires_capture");
        assertThat(wireMock.getAllServeEvents()).hasSize(2);
    }

    @Test
    void slowerThanTheTimeoutIsUnavailable() {
        wireMock.stubFor(post("/v1/checkout/sessions").willReturn(json(SESSION).withFixedDelay(30_000)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> await(gateway.createCheckoutSession(checkout("PAY-slow"))))
                .isInstanceOf(GatewayUnavailableException.class)
                .hasMessageContaining("timed out")
                .hasCauseInstanceOf(TimeoutException.class);
        // 3 attempts of 2.5 s (this profile's timeout), never the 30 s the answer would take
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(29_000));
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))))
                .hasSize(3)
                .extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("PAY-slow");
    }

    @Test
    void connectionResetIsUnavailable() {
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> await(gateway.retrieveCheckoutSession("cs_test_1"))).isInstanceOf(GatewayUnavailableException.class);
        assertThat(wireMock.getAllServeEvents()).hasSize(3);
    }

    @Test
    void malformedJsonIsUnavailable() {
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": \"cs_")));
        assertThatThrownBy(() -> await(gateway.retrieveCheckoutSession("cs_test_1")))
                .isInstanceOf(GatewayUnavailableException.class).hasMessageContaining("not JSON");

        wireMock.resetAll();
        wireMock.stubFor(any(anyUrl()).willReturn(json("{\"object\":\"checkout.session\"}")));
        assertThatThrownBy(() -> await(gateway.retrieveCheckoutSession("cs_test_1")))
                .isInstanceOf(GatewayUnavailableException.class).hasMessageContaining("unexpected answer");
    }

    @Test
    void consecutiveServerErrorsOpenTheBreakerWhichFailsFastThenHalfOpens() throws Exception {
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));

        // 3 attempts per call; the breaker judges a rolling window of 10 attempts
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> await(gateway.retrievePaymentIntent("pi_1"))).isInstanceOf(GatewayUnavailableException.class);
        }
        assertThat(breaker.breakerState()).isEqualTo("open");
        int reached = wireMock.getAllServeEvents().size();
        assertThat(reached).isEqualTo(10);

        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> await(gateway.capturePaymentIntent("pi_1", "cap-open")))
                    .isInstanceOf(GatewayUnavailableException.class)
                    .hasMessageContaining("circuit breaker is open")
                    .hasCauseInstanceOf(CircuitBreakerOpenException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(wireMock.getAllServeEvents()).hasSize(reached);

        // after the delay (1 s in this profile) one trial call goes through
        Thread.sleep(1_200);
        assertThat(breaker.breakerState()).isEqualTo("half_open");
        wireMock.resetAll();
        wireMock.stubFor(get(urlPathEqualTo("/v1/payment_intents/pi_1")).willReturn(json(INTENT)));
        assertThat(await(gateway.retrievePaymentIntent("pi_1")).id()).isEqualTo("pi_1");
        assertThat(wireMock.getAllServeEvents()).hasSize(1);
        assertThat(breaker.breakerState()).isEqualTo("closed");
    }

    @Test
    void aFailedTrialReopensTheBreaker() throws Exception {
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> await(gateway.retrieveCheckoutSession("cs_1"))).isInstanceOf(GatewayUnavailableException.class);
        }
        assertThat(breaker.breakerState()).isEqualTo("open");
        Thread.sleep(1_200);
        assertThat(breaker.breakerState()).isEqualTo("half_open");
        wireMock.resetAll();
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));

        assertThatThrownBy(() -> await(gateway.retrieveCheckoutSession("cs_1"))).isInstanceOf(GatewayUnavailableException.class);
        assertThat(wireMock.getAllServeEvents()).as("one trial, then fail fast again").hasSize(1);
        assertThat(breaker.breakerState()).isEqualTo("open");
    }

    @Test
    void answersAndFailuresComeBackOnTheCallersVertxContext() throws Exception {
        // a retry delay and the timeout timer run elsewhere; the caller's (duplicated) context must get the result,
        // so that e.g. a Hibernate Reactive session can be opened right after (engineering guide §4)
        wireMock.stubFor(get(urlPathEqualTo("/v1/payment_intents/pi_1")).inScenario("ctx")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        wireMock.stubFor(get(urlPathEqualTo("/v1/payment_intents/pi_1")).inScenario("ctx").whenScenarioStateIs("up")
                .willReturn(json(INTENT)));
        wireMock.stubFor(get(urlPathEqualTo("/v1/checkout/sessions/cs_down")).willReturn(aResponse().withStatus(500)));

        Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
        CompletableFuture<Boolean> item = new CompletableFuture<>();
        CompletableFuture<Boolean> failure = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            gateway.retrievePaymentIntent("pi_1").subscribe().with(
                    pi -> item.complete(Vertx.currentContext() == context), item::completeExceptionally);
            gateway.retrieveCheckoutSession("cs_down").subscribe().with(
                    s -> failure.completeExceptionally(new AssertionError("should fail")),
                    f -> failure.complete(f instanceof GatewayUnavailableException && Vertx.currentContext() == context));
        });
        assertThat(item.get(15, TimeUnit.SECONDS)).as("item on the caller's context").isTrue();
        assertThat(failure.get(15, TimeUnit.SECONDS)).as("failure on the caller's context").isTrue();
    }

    @Test
    void callsAreCountedByOutcome() {
        wireMock.stubFor(get(urlPathEqualTo("/v1/payment_intents/pi_1")).willReturn(json(INTENT)));
        await(gateway.retrievePaymentIntent("pi_1"));
        given().get("/q/metrics").then().statusCode(200)
                .body(Matchers.containsString("orderpay_gateway_calls_total{operation=\"retrieve_payment_intent\",outcome=\"ok\"}"));
    }

    @Test
    void theBreakerStateIsAMetric() throws Exception {
        given().get("/q/metrics").then().statusCode(200)
                .body(Matchers.containsString("orderpay_gateway_breaker_state{state=\"closed\"} 1.0"))
                .body(Matchers.containsString("orderpay_gateway_breaker_state{state=\"open\"} 0.0"));
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 10 && !"open".equals(breaker.breakerState()); i++) {
            try {
                await(gateway.retrievePaymentIntent("pi_1"));
            } catch (RuntimeException expected) {
                // failures open the breaker
            }
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(Matchers.containsString("orderpay_gateway_breaker_state{state=\"open\"} 1.0"));
    }

    @Test
    void sandboxIsOffHere() {
        given().get("/sandbox/checkout/cs_test_1").then().statusCode(404);
        given().contentType("application/x-www-form-urlencoded").formParam("mode", "payment")
                .post("/sandbox/stripe/v1/checkout/sessions").then().statusCode(404);
        given().get("/sandbox/control/webhooks").then().statusCode(404);
        given().contentType("application/json").body("{\"card_number\":\"4242424242424242\"}")
                .post("/sandbox/control/checkout/cs_1/pay").then().statusCode(404);
    }

    @Test
    void readinessReportsTheBreaker() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'payment-gateway' }.data.breaker", Matchers.is("closed"));
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
