package dev.orderpay.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.orderpay.gateway.GatewayRejectedException;
import dev.orderpay.gateway.InjectWireMock;
import dev.orderpay.gateway.PaymentGateway;
import dev.orderpay.gateway.PaymentGateway.CheckoutSession;
import dev.orderpay.gateway.PaymentGateway.CreateCheckout;
import dev.orderpay.gateway.PaymentGateway.OffSessionCharge;
import dev.orderpay.gateway.PaymentGateway.PaymentIntent;
import dev.orderpay.gateway.WebhookEvent;
import dev.orderpay.gateway.WebhookSignatureException;
import dev.orderpay.gateway.WebhookVerifier;
import dev.orderpay.platform.AppClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sandbox gateway through HTTP, driven by the real Stripe client (base URL resolved to this
 * service's own port), with its signed webhooks received by WireMock (contract §7).
 */
@QuarkusTest
@TestProfile(SandboxWebhookProfile.class)
class SandboxGatewayTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @InjectWireMock
    WireMockServer hooks;

    @Inject
    PaymentGateway gateway;

    @Inject
    AppClock clock;

    @ConfigProperty(name = "payments.gateway.webhook-secret")
    String secret;

    @BeforeEach
    void setUp() {
        clock.reset();
        given().post("/sandbox/control/reset").then().statusCode(200);
        hooks.resetAll();
        hooks.stubFor(post("/hooks").willReturn(ok()));
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    // --- customer pays at checkout ------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "4242424242424242, visa,       credit,  requires_capture",
            "5555555555554444, mastercard, credit,  requires_capture",
            "4000056655665556, visa,       debit,   requires_capture",
            "5200828282828210, mastercard, debit,   requires_capture",
            "5105105105105100, mastercard, prepaid, requires_capture",
            "378282246310005,  amex,       credit,  requires_capture",
            "4000000000000002, visa,       credit,  requires_payment_method"})
    void eachTestCard(String card, String brand, String funding, String status) {
        String paymentId = newPaymentId();
        CheckoutSession session = newSession(paymentId, 9200, "USD");
        assertThat(session.status()).isEqualTo("open");
        assertThat(session.url()).isEqualTo("http://localhost:" + RestAssured.port + "/sandbox/checkout/" + session.id());
        assertThat(session.clientReferenceId()).isEqualTo(paymentId);
        assertThat(session.amountTotal()).isEqualTo(9200);
        assertThat(session.currency()).isEqualTo("USD");

        boolean declined = status.equals("requires_payment_method");
        pay(session.id(), card).statusCode(declined ? 402 : 200)
                .body("outcome", is(declined ? "declined" : "succeeded"));

        CheckoutSession after = result(gateway.retrieveCheckoutSession(session.id()));
        assertThat(after.status()).isEqualTo(declined ? "open" : "complete");
        assertThat(after.paymentIntentId()).startsWith("pi_");
        PaymentIntent pi = result(gateway.retrievePaymentIntent(after.paymentIntentId()));
        assertThat(pi.status()).isEqualTo(status);
        assertThat(pi.cardBrand()).isEqualTo(brand);
        assertThat(pi.cardFunding()).isEqualTo(funding);
        assertThat(pi.amount()).isEqualTo(9200);
        assertThat(pi.amountCapturable()).isEqualTo(declined ? 0 : 9200);
        assertThat(pi.amountReceived()).isZero();
        assertThat(pi.currency()).isEqualTo("USD");
        assertThat(pi.lastErrorCode()).isEqualTo(declined ? "card_declined" : null);
        assertThat(pi.metadata()).containsEntry("payment_id", paymentId);
    }

    @Test
    void aDeclinedSessionCanBePaidWithAnotherCard() {
        String paymentId = newPaymentId();
        CheckoutSession session = newSession(paymentId, 500, "JPY");
        pay(session.id(), "4000000000000002").statusCode(402).body("decline_code", is("generic_decline"));
        pay(session.id(), "5555 5555 5555 4444").statusCode(200)
                .body("redirect_url", is("http://console.test/ok?session=" + session.id()));
        PaymentIntent pi = result(gateway.retrievePaymentIntent(result(gateway.retrieveCheckoutSession(session.id())).paymentIntentId()));
        assertThat(pi.status()).isEqualTo("requires_capture");
        assertThat(pi.currency()).isEqualTo("JPY");
        assertThat(pi.lastErrorCode()).isNull();
        pay(session.id(), "4242424242424242").statusCode(409).body("error.code", is("checkout_session_not_open"));
        pay(session.id(), "1234123412341234").statusCode(409);
        pay(newSession(newPaymentId(), 100, "USD").id(), "1234123412341234").statusCode(402)
                .body("error.code", is("incorrect_number"));
        pay("cs_test_nope", "4242424242424242").statusCode(404).body("error.code", is("resource_missing"));
    }

    // --- server-side operations ------------------------------------------------------------------

    @Test
    void captureThenRefund() {
        String paymentId = newPaymentId();
        CheckoutSession session = newSession(paymentId, 9200, "USD");
        String piId = pay(session.id(), "4242424242424242").statusCode(200).extract().path("payment_intent.id");

        PaymentIntent captured = result(gateway.capturePaymentIntent(piId, "capture-" + paymentId));
        assertThat(captured.status()).isEqualTo("succeeded");
        assertThat(captured.amountReceived()).isEqualTo(9200);
        assertThat(captured.amountCapturable()).isZero();
        assertThat(captured.cardBrand()).isEqualTo("visa");
        assertThat(result(gateway.retrieveCheckoutSession(session.id())).paymentStatus()).isEqualTo("paid");

        // the same key replays; a new key meets the new state
        assertThat(result(gateway.capturePaymentIntent(piId, "capture-" + paymentId))).isEqualTo(captured);
        assertThatThrownBy(() -> result(gateway.capturePaymentIntent(piId, "capture-again-" + paymentId)))
                .isInstanceOfSatisfying(GatewayRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("payment_intent_unexpected_state");
                });
        assertThatThrownBy(() -> result(gateway.cancelPaymentIntent(piId, "cancel-" + paymentId)))
                .isInstanceOf(GatewayRejectedException.class);

        PaymentGateway.Refund refund = result(gateway.createRefund(piId, "refund-" + paymentId, Map.of("payment_id", paymentId)));
        assertThat(refund.id()).startsWith("re_");
        assertThat(refund.status()).isEqualTo("succeeded");
        assertThat(refund.paymentIntentId()).isEqualTo(piId);
        assertThat(refund.amount()).isEqualTo(9200);
        assertThat(result(gateway.createRefund(piId, "refund-" + paymentId, Map.of("payment_id", paymentId)))).isEqualTo(refund);
        assertThatThrownBy(() -> result(gateway.createRefund(piId, "refund-2-" + paymentId, Map.of())))
                .isInstanceOfSatisfying(GatewayRejectedException.class, e -> assertThat(e.code()).isEqualTo("charge_already_refunded"));

        List<WebhookEvent> events = awaitEvents(paymentId, 4);
        assertThat(events).extracting(WebhookEvent::type).containsExactly(
                "payment_intent.amount_capturable_updated", "checkout.session.completed",
                "payment_intent.succeeded", "charge.refunded");
        WebhookEvent refunded = events.get(3);
        assertThat(refunded.objectType()).isEqualTo("charge");
        assertThat(refunded.paymentIntentId()).isEqualTo(piId);
        assertThat(refunded.object().path("refunded").asBoolean()).isTrue();
        assertThat(refunded.object().path("amount_refunded").asLong()).isEqualTo(9200);
    }

    @Test
    void cancelAnAuthorisation() {
        String paymentId = newPaymentId();
        CheckoutSession session = newSession(paymentId, 5000, "EUR");
        String piId = pay(session.id(), "4000056655665556").statusCode(200).extract().path("payment_intent.id");

        PaymentIntent canceled = result(gateway.cancelPaymentIntent(piId, "cancel-" + paymentId));
        assertThat(canceled.status()).isEqualTo("canceled");
        assertThat(canceled.amountCapturable()).isZero();
        assertThat(canceled.cardFunding()).isEqualTo("debit");
        assertThat(result(gateway.retrievePaymentIntent(piId)).status()).isEqualTo("canceled");
        assertThatThrownBy(() -> result(gateway.capturePaymentIntent(piId, "capture-" + paymentId)))
                .isInstanceOf(GatewayRejectedException.class);

        assertThat(awaitEvents(paymentId, 3)).extracting(WebhookEvent::type).containsExactly(
                "payment_intent.amount_capturable_updated", "checkout.session.completed", "payment_intent.canceled");
    }

    @Test
    void expireASession() {
        String paymentId = newPaymentId();
        CheckoutSession session = newSession(paymentId, 9200, "USD");
        CheckoutSession expired = result(gateway.expireCheckoutSession(session.id(), "expire-" + paymentId));
        assertThat(expired.status()).isEqualTo("expired");
        assertThat(expired.url()).isNull();
        assertThat(result(gateway.retrieveCheckoutSession(session.id())).status()).isEqualTo("expired");
        assertThat(result(gateway.expireCheckoutSession(session.id(), "expire-" + paymentId))).isEqualTo(expired);
        assertThatThrownBy(() -> result(gateway.expireCheckoutSession(session.id(), "expire-2-" + paymentId)))
                .isInstanceOfSatisfying(GatewayRejectedException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
        pay(session.id(), "4242424242424242").statusCode(409);

        List<WebhookEvent> events = awaitEvents(paymentId, 1);
        assertThat(events.get(0).type()).isEqualTo("checkout.session.expired");
        assertThat(events.get(0).clientReferenceId()).isEqualTo(paymentId);
    }

    @Test
    void sessionsExpireByThemselvesWhenTheClockPassesExpiresAt() {
        String paymentId = newPaymentId();
        CheckoutSession session = newSession(paymentId, 9200, "USD");
        pay(session.id(), "4000000000000002").statusCode(402); // a PaymentIntent exists, declined
        assertThat(awaitEvents(paymentId, 1).get(0).type()).isEqualTo("payment_intent.payment_failed");
        clock.set(clock.now().plus(Duration.ofMinutes(31)));

        // signed with the service clock (moved), like the verifier checks it
        List<LoggedRequest> requests = awaitRequests(paymentId, 2);
        String signature = requests.get(1).getHeader(WebhookVerifier.HEADER);
        WebhookVerifier.verify(requests.get(1).getBody(), signature, secret, clock.now(), Duration.ofMinutes(5));
        assertThatThrownBy(() -> WebhookVerifier.verify(requests.get(0).getBody(), requests.get(0).getHeader(WebhookVerifier.HEADER),
                secret, clock.now(), Duration.ofMinutes(5))).isInstanceOf(WebhookSignatureException.class);
        WebhookEvent expiredEvent = WebhookEvent.parse(requests.get(1).getBody());
        assertThat(expiredEvent.type()).isEqualTo("checkout.session.expired");
        assertThat(expiredEvent.objectId()).isEqualTo(session.id());
        CheckoutSession after = result(gateway.retrieveCheckoutSession(session.id()));
        assertThat(after.status()).isEqualTo("expired");
        assertThat(result(gateway.retrievePaymentIntent(after.paymentIntentId())).status()).isEqualTo("canceled");
    }

    @Test
    void offSessionCharges() {
        String customer = "cus_" + UUID.randomUUID().toString().substring(0, 8);
        String bill = "B-" + UUID.randomUUID();
        PaymentIntent ok = result(gateway.createOffSessionPaymentIntent(charge(bill, customer, "pm_card_visa", 12000)));
        assertThat(ok.status()).isEqualTo("succeeded");
        assertThat(ok.amountReceived()).isEqualTo(12000);
        assertThat(ok.currency()).isEqualTo("USD");
        assertThat(ok.cardBrand()).isEqualTo("visa");
        assertThat(ok.cardFunding()).isEqualTo("credit");
        assertThat(ok.metadata()).containsEntry("bill_id", bill);
        // same idempotency key (the bill ID): the same PaymentIntent, no second charge
        assertThat(result(gateway.createOffSessionPaymentIntent(charge(bill, customer, "pm_card_visa", 12000))).id()).isEqualTo(ok.id());
        assertThat(result(gateway.createOffSessionPaymentIntent(charge(bill + "-mc", customer, "pm_card_mastercard", 700))).cardBrand())
                .isEqualTo("mastercard");

        assertThatThrownBy(() -> result(gateway.createOffSessionPaymentIntent(charge(bill + "-d", customer, "pm_card_chargeDeclined", 100))))
                .isInstanceOfSatisfying(GatewayRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(402);
                    assertThat(e.code()).isEqualTo("card_declined");
                    assertThat(e.declineCode()).isEqualTo("generic_decline");
                });

        given().post("/sandbox/control/customers/{c}/fail-charges?enabled=true", customer).then().statusCode(200)
                .body("fail_charges", is(true));
        assertThatThrownBy(() -> result(gateway.createOffSessionPaymentIntent(charge(bill + "-f", customer, "pm_card_visa", 100))))
                .isInstanceOfSatisfying(GatewayRejectedException.class, e -> assertThat(e.code()).isEqualTo("card_declined"));
        // the declined answer is replayed for its key, even after the card works again
        given().post("/sandbox/control/customers/{c}/fail-charges?enabled=false", customer).then().statusCode(200);
        assertThatThrownBy(() -> result(gateway.createOffSessionPaymentIntent(charge(bill + "-f", customer, "pm_card_visa", 100))))
                .isInstanceOf(GatewayRejectedException.class);
        assertThat(result(gateway.createOffSessionPaymentIntent(charge(bill + "-f2", customer, "pm_card_visa", 100))).status())
                .isEqualTo("succeeded");

        assertThatThrownBy(() -> result(gateway.createOffSessionPaymentIntent(charge(bill + "-x", customer, "pm_nope", 100))))
                .isInstanceOfSatisfying(GatewayRejectedException.class, e -> assertThat(e.code()).isEqualTo("resource_missing"));

        assertThat(awaitEvents(bill, 5)).extracting(WebhookEvent::type).containsExactly(
                "payment_intent.succeeded", "payment_intent.succeeded", "payment_intent.payment_failed",
                "payment_intent.payment_failed", "payment_intent.succeeded");
    }

    @Test
    void idempotencyKeysAreHonoured() {
        String paymentId = newPaymentId();
        Instant expiresAt = clock.now().plus(Duration.ofMinutes(30));
        CheckoutSession first = newSession(paymentId, 9200, "USD", expiresAt);
        assertThat(newSession(paymentId, 9200, "USD", expiresAt).id()).isEqualTo(first.id());
        assertThatThrownBy(() -> newSession(paymentId, 9300, "USD", expiresAt))
                .isInstanceOfSatisfying(GatewayRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("idempotency_error");
                });
    }

    // --- the Stripe API's own checks --------------------------------------------------------------

    @Test
    void stripeApiChecksKeyParametersAndShapes() {
        String path = "/sandbox/stripe/v1/checkout/sessions";
        given().contentType(ContentType.URLENC).formParam("mode", "payment").post(path)
                .then().statusCode(401).body("error.type", is("invalid_request_error"));
        given().auth().oauth2("sk_test_wrong").contentType(ContentType.URLENC).formParam("mode", "payment").post(path)
                .then().statusCode(401);
        given().auth().oauth2("sk_test_sandbox").contentType(ContentType.URLENC).formParams(session("usd"))
                .formParam("colour", "red").post(path)
                .then().statusCode(400).body("error.code", is("parameter_unknown")).body("error.param", is("colour"));
        given().auth().oauth2("sk_test_sandbox").contentType(ContentType.URLENC).formParams(session("USD")).post(path)
                .then().statusCode(400).body("error.code", is("parameter_invalid"));
        given().auth().oauth2("sk_test_sandbox").contentType(ContentType.URLENC).formParams(session("usd"))
                .formParam("expires_at", clock.now().plus(Duration.ofMinutes(10)).getEpochSecond()).post(path)
                .then().statusCode(400).body("error.param", is("expires_at"));
        String key = UUID.randomUUID().toString();
        String id = given().auth().oauth2("sk_test_sandbox").header("Idempotency-Key", key).contentType(ContentType.URLENC)
                .formParams(session("usd")).post(path)
                .then().statusCode(200).header("Idempotent-Replayed", (String) null)
                .body("object", is("checkout.session")).body("amount_total", is(250)).body("currency", is("usd"))
                .body("status", is("open")).body("payment_intent", is((Object) null))
                .body("url", startsWith("http://localhost:" + RestAssured.port + "/sandbox/checkout/cs_test_"))
                .extract().path("id");
        given().auth().oauth2("sk_test_sandbox").header("Idempotency-Key", key).contentType(ContentType.URLENC)
                .formParams(session("usd")).post(path)
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("id", is(id));
        given().auth().oauth2("sk_test_sandbox").get("/sandbox/stripe/v1/payment_intents/pi_nope")
                .then().statusCode(404).body("error.code", is("resource_missing"));
    }

    // --- the hosted checkout page -----------------------------------------------------------------

    @Test
    void hostedCheckoutPage() {
        String paymentId = newPaymentId();
        CheckoutSession session = result(gateway.createCheckoutSession(new CreateCheckout(paymentId, paymentId, 9200, "USD",
                "<b>2 orders</b>", clock.now().plus(Duration.ofMinutes(45)), "http://console.test/ok?session={CHECKOUT_SESSION_ID}",
                "http://console.test/back", null, Map.of("payment_id", paymentId))));
        String page = session.url().substring(session.url().indexOf("/sandbox/"));

        given().get(page).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("92.00 USD"))
                .body(containsString("name=\"card_number\""))
                .body(containsString(">Cancel</button>"))
                .body(containsString("&lt;b&gt;2 orders&lt;/b&gt;"))
                .body(not(containsString("<b>2 orders</b>")));

        given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("card_number", "4000 0000 0000 0002").formParam("action", "pay").post(page)
                .then().statusCode(402).body(containsString("Your card was declined."));
        given().redirects().follow(false).contentType(ContentType.URLENC).formParam("action", "cancel").post(page)
                .then().statusCode(303).header("Location", "http://console.test/back");
        given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("card_number", "4242 4242 4242 4242").formParam("action", "pay").post(page)
                .then().statusCode(303).header("Location", "http://console.test/ok?session=" + session.id());
        given().get(page).then().statusCode(200).body(containsString("This checkout is complete."))
                .body(not(containsString("name=\"card_number\"")));
        assertThat(result(gateway.retrieveCheckoutSession(session.id())).status()).isEqualTo("complete");

        given().get("/sandbox/checkout/cs_test_unknown").then().statusCode(404);
        PaymentIntent pi = result(gateway.retrievePaymentIntent(result(gateway.retrieveCheckoutSession(session.id())).paymentIntentId()));
        assertThat(pi.status()).isEqualTo("requires_capture");
    }

    // --- webhook delivery --------------------------------------------------------------------------

    @Test
    void webhooksAreSignedStripeEvents() {
        String paymentId = newPaymentId();
        CheckoutSession session = newSession(paymentId, 9200, "USD");
        pay(session.id(), "4242424242424242").statusCode(200);

        List<LoggedRequest> requests = awaitRequests(paymentId, 2);
        for (LoggedRequest r : requests) {
            assertThat(r.getHeader("Content-Type")).startsWith("application/json");
            String signature = r.getHeader(WebhookVerifier.HEADER);
            assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
            WebhookVerifier.verify(r.getBody(), signature, secret, clock.now(), Duration.ofMinutes(5));
            assertThatThrownBy(() -> WebhookVerifier.verify(r.getBody(), signature, "whsec_other", clock.now(), Duration.ofMinutes(5)))
                    .isInstanceOf(WebhookSignatureException.class);
        }
        List<WebhookEvent> events = requests.stream().map(r -> WebhookEvent.parse(r.getBody())).toList();
        WebhookEvent authorised = events.get(0);
        assertThat(authorised.type()).isEqualTo("payment_intent.amount_capturable_updated");
        assertThat(authorised.id()).startsWith("evt_");
        assertThat(authorised.objectType()).isEqualTo("payment_intent");
        assertThat(authorised.object().path("status").asText()).isEqualTo("requires_capture");
        assertThat(authorised.metadata("payment_id")).isEqualTo(paymentId);
        WebhookEvent completed = events.get(1);
        assertThat(completed.type()).isEqualTo("checkout.session.completed");
        assertThat(completed.objectId()).isEqualTo(session.id());
        assertThat(completed.clientReferenceId()).isEqualTo(paymentId);
        assertThat(completed.paymentIntentId()).isEqualTo(authorised.objectId());
        assertThat(completed.object().path("status").asText()).isEqualTo("complete");
        assertThat(completed.id()).isNotEqualTo(authorised.id());
    }

    @Test
    void aFailedDeliveryIsRetriedUntil2xxAndAbandonedAfterMaxAttempts() {
        String flaky = "B-" + UUID.randomUUID();
        hooks.stubFor(post("/hooks").atPriority(1).withRequestBody(containing(flaky)).inScenario(flaky)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        hooks.stubFor(post("/hooks").atPriority(1).withRequestBody(containing(flaky)).inScenario(flaky)
                .whenScenarioStateIs("up").willReturn(aResponse().withStatus(503)).willSetStateTo("upper"));
        hooks.stubFor(post("/hooks").atPriority(1).withRequestBody(containing(flaky)).inScenario(flaky)
                .whenScenarioStateIs("upper").willReturn(ok()));
        String down = "B-" + UUID.randomUUID();
        hooks.stubFor(post("/hooks").atPriority(1).withRequestBody(containing(down)).willReturn(aResponse().withStatus(404)));

        result(gateway.createOffSessionPaymentIntent(charge(flaky, "cus_1", "pm_card_visa", 100)));
        result(gateway.createOffSessionPaymentIntent(charge(down, "cus_1", "pm_card_visa", 100)));

        List<LoggedRequest> flakyRequests = awaitRequests(flaky, 3);
        String eventId = WebhookEvent.parse(flakyRequests.get(0).getBody()).id();
        assertThat(flakyRequests).extracting(r -> WebhookEvent.parse(r.getBody()).id()).containsOnly(eventId);
        await().atMost(WAIT).untilAsserted(() -> given().get("/sandbox/control/webhooks/{id}", eventId).then()
                .statusCode(200).body("state", is("delivered")).body("attempts", is(3)));

        List<LoggedRequest> downRequests = awaitRequests(down, 4);
        String downId = WebhookEvent.parse(downRequests.get(0).getBody()).id();
        await().atMost(WAIT).untilAsserted(() -> given().get("/sandbox/control/webhooks/{id}", downId).then()
                .statusCode(200).body("state", is("failed")).body("attempts", is(4)));
        assertThat(hooks.findAll(postRequestedFor(urlEqualTo("/hooks")).withRequestBody(containing(down)))).hasSize(4);
    }

    @Test
    void pauseReleaseInReverseDropAndRedeliver() throws Exception {
        given().post("/sandbox/control/webhooks/pause").then().statusCode(200).body("paused", is(true));
        String a = "B-a-" + UUID.randomUUID();
        String b = "B-b-" + UUID.randomUUID();
        result(gateway.createOffSessionPaymentIntent(charge(a, "cus_1", "pm_card_visa", 100)));
        result(gateway.createOffSessionPaymentIntent(charge(b, "cus_1", "pm_card_visa", 100)));
        Thread.sleep(200);
        assertThat(hooks.findAll(postRequestedFor(urlEqualTo("/hooks")))).isEmpty();
        List<String> queued = given().get("/sandbox/control/webhooks").then().statusCode(200).extract().path("queued");
        assertThat(queued).hasSize(2);

        given().post("/sandbox/control/webhooks/release?reverse=true").then().statusCode(200).body("paused", is(false));
        await().atMost(WAIT).until(() -> hooks.findAll(postRequestedFor(urlEqualTo("/hooks"))).size() == 2);
        List<LoggedRequest> released = hooks.findAll(postRequestedFor(urlEqualTo("/hooks")));
        assertThat(released.get(0).getBodyAsString()).contains(b);
        assertThat(released.get(1).getBodyAsString()).contains(a);
        assertThat(WebhookEvent.parse(released.get(0).getBody()).id()).isEqualTo(queued.get(1));

        // a lost webhook
        given().post("/sandbox/control/webhooks/pause").then().statusCode(200);
        String lost = "B-c-" + UUID.randomUUID();
        result(gateway.createOffSessionPaymentIntent(charge(lost, "cus_1", "pm_card_visa", 100)));
        List<String> dropped = given().post("/sandbox/control/webhooks/drop").then().statusCode(200).extract().path("$");
        assertThat(dropped).hasSize(1);
        given().post("/sandbox/control/webhooks/release").then().statusCode(200);
        Thread.sleep(300);
        assertThat(hooks.findAll(postRequestedFor(urlEqualTo("/hooks")).withRequestBody(containing(lost)))).isEmpty();
        given().get("/sandbox/control/webhooks/{id}", dropped.get(0)).then().statusCode(200).body("state", is("dropped"))
                .body("event.data.object.metadata.bill_id", is(lost));

        // the same event twice (at-least-once delivery)
        String eventA = queued.get(0);
        given().post("/sandbox/control/webhooks/{id}/redeliver", eventA).then().statusCode(200);
        List<LoggedRequest> twice = awaitRequests(a, 2);
        assertThat(twice).extracting(r -> WebhookEvent.parse(r.getBody()).id()).containsOnly(eventA);
        given().post("/sandbox/control/webhooks/evt_unknown/redeliver").then().statusCode(404);
    }

    @Test
    void deliverEveryEventTwiceAndDelay() {
        given().contentType(ContentType.JSON).body(Map.of("deliver_twice", true)).put("/sandbox/control/webhooks/settings")
                .then().statusCode(200).body("deliver_twice", is(true));
        String twice = "B-" + UUID.randomUUID();
        result(gateway.createOffSessionPaymentIntent(charge(twice, "cus_1", "pm_card_visa", 100)));
        List<LoggedRequest> requests = awaitRequests(twice, 2);
        assertThat(WebhookEvent.parse(requests.get(0).getBody()).id()).isEqualTo(WebhookEvent.parse(requests.get(1).getBody()).id());

        given().contentType(ContentType.JSON).body(Map.of("deliver_twice", false, "delay_ms", 1500))
                .put("/sandbox/control/webhooks/settings").then().statusCode(200).body("delay_ms", is(1500));
        String delayed = "B-" + UUID.randomUUID();
        result(gateway.createOffSessionPaymentIntent(charge(delayed, "cus_1", "pm_card_visa", 100)));
        assertThat(hooks.findAll(postRequestedFor(urlEqualTo("/hooks")).withRequestBody(containing(delayed)))).isEmpty();
        awaitRequests(delayed, 1);
    }

    // --- helpers ------------------------------------------------------------------------------------

    static <T> T result(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    static String newPaymentId() {
        return "PAY" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase();
    }

    CheckoutSession newSession(String paymentId, long amount, String currency) {
        return newSession(paymentId, amount, currency, clock.now().plus(Duration.ofMinutes(30)));
    }

    /** With a fixed {@code expiresAt}, so that a repeated request is the same request. */
    CheckoutSession newSession(String paymentId, long amount, String currency, Instant expiresAt) {
        return result(gateway.createCheckoutSession(new CreateCheckout(paymentId, paymentId, amount, currency, "Orders of " + paymentId,
                expiresAt, "http://console.test/ok?session={CHECKOUT_SESSION_ID}",
                "http://console.test/back", "ann@example.com", Map.of("payment_id", paymentId))));
    }

    static OffSessionCharge charge(String bill, String customer, String paymentMethod, long amount) {
        return new OffSessionCharge(bill, customer, paymentMethod, amount, "USD", "Bill " + bill, Map.of("bill_id", bill));
    }

    static Map<String, Object> session(String currency) {
        return Map.of("mode", "payment", "line_items[0][price_data][currency]", currency,
                "line_items[0][price_data][unit_amount]", 250, "line_items[0][price_data][product_data][name]", "x",
                "line_items[0][quantity]", 1);
    }

    static ValidatableResponse pay(String sessionId, String card) {
        return given().contentType(ContentType.JSON).body(Map.of("card_number", card))
                .post("/sandbox/control/checkout/{id}/pay", sessionId).then();
    }

    /** Webhook requests mentioning {@code marker}, in arrival order, once there are {@code count}. */
    List<LoggedRequest> awaitRequests(String marker, int count) {
        await().atMost(WAIT).until(() -> hooks.findAll(postRequestedFor(urlEqualTo("/hooks"))
                .withRequestBody(containing(marker))).size() >= count);
        List<LoggedRequest> found = hooks.findAll(postRequestedFor(urlEqualTo("/hooks")).withRequestBody(containing(marker)));
        assertThat(found).hasSize(count);
        return found;
    }

    /** The verified events mentioning {@code marker}, in arrival order. */
    List<WebhookEvent> awaitEvents(String marker, int count) {
        return awaitRequests(marker, count).stream().map(r -> {
            WebhookVerifier.verify(r.getBody(), r.getHeader(WebhookVerifier.HEADER), secret, clock.now(), Duration.ofMinutes(5));
            return WebhookEvent.parse(r.getBody());
        }).toList();
    }
}
