package dev.orderpay.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.orderpay.gateway.WebhookSigner;
import dev.orderpay.gateway.WireMockGatewayProfile;
import dev.orderpay.support.WireMockGatewaySetup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Gateway faults seen by the customer and by settlement (contract §6, §7), with WireMock
 * standing in for the gateway: nothing stays reserved, retries reuse the idempotency key,
 * an open breaker makes no call, and a half-settled payment is finished later.
 */
@QuarkusTest
@TestProfile(WireMockGatewayProfile.class)
class OnlinePaymentFaultTest extends WireMockGatewaySetup {

    private record Started(String customer, String order, String coupon) {
    }

    private Started customerWithOrderAndCoupon() {
        String c = newCustomer();
        String order = createOrder(c, usdOrder("50.00"));
        String coupon = grantCoupon(c, cashCoupon("5.00", "USD"));
        return new Started(c, order, coupon);
    }

    private ValidatableResponse payOnline(Started s) {
        Map<String, Object> body = payment(List.of(s.order()), "online");
        body.put("coupon_ids", List.of(s.coupon()));
        return pay(s.customer(), body);
    }

    private void assertNothingReserved(Started s) {
        assertThat(db.string("select status from customer_order where order_id = $1", s.order())).isEqualTo("pending_payment");
        assertThat(db.string("select status from coupon where coupon_id = $1", s.coupon())).isEqualTo("available");
        assertThat(db.count("select balance from coupon where coupon_id = $1", s.coupon())).isEqualTo(500);
        assertThat(db.strings("select status || '/' || coalesce(failure_reason, '') from payment where customer_id = $1", s.customer()))
                .allMatch("failed/gateway_error"::equals);
        assertThat(db.count("select count(*) from idempotency_record where customer_id = $1", s.customer())).isZero();
    }

    @Test
    void serverErrorsGive503WithNothingReservedAndRetriesReuseTheKey() {
        wireMock.stubFor(post("/v1/checkout/sessions").willReturn(serverError().withBody("{\"error\":{\"type\":\"api_error\"}}")));
        Started s = customerWithOrderAndCoupon();
        payOnline(s).statusCode(503).contentType("application/problem+json")
                .body("error_code", is("GATEWAY_UNAVAILABLE")).header("Retry-After", notNullValue());
        assertNothingReserved(s);
        List<LoggedRequest> calls = wireMock.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions")));
        assertThat(calls).hasSizeGreaterThan(1);
        assertThat(calls.stream().map(r -> r.getHeader("Idempotency-Key")).distinct()).hasSize(1)
                .allMatch(k -> k.startsWith("PAY"));
    }

    @Test
    void aSlowGatewayOrAResetGives503WithNothingReserved() {
        wireMock.stubFor(post("/v1/checkout/sessions").willReturn(ok().withFixedDelay(10_000)));
        Started slow = customerWithOrderAndCoupon();
        payOnline(slow).statusCode(503).body("error_code", is("GATEWAY_UNAVAILABLE"));
        assertNothingReserved(slow);
        wireMock.resetAll();
        maintenance.resetAll();
        wireMock.stubFor(post("/v1/checkout/sessions").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Started reset = customerWithOrderAndCoupon();
        payOnline(reset).statusCode(503);
        assertNothingReserved(reset);
        wireMock.resetAll();
        wireMock.stubFor(post("/v1/checkout/sessions").willReturn(okJson("{not json")));
        Started malformed = customerWithOrderAndCoupon();
        payOnline(malformed).statusCode(503);
        assertNothingReserved(malformed);
    }

    @Test
    void whileTheBreakerIsOpenPaymentsFailFastWithoutCallingTheGateway() {
        wireMock.stubFor(any(anyUrl()).willReturn(serverError()));
        for (int i = 0; i < 4 && !"open".equals(breaker.breakerState()); i++) {
            payOnline(customerWithOrderAndCoupon()).statusCode(503);
        }
        assertThat(breaker.breakerState()).isEqualTo("open");
        int before = wireMock.getAllServeEvents().size();
        Started s = customerWithOrderAndCoupon();
        payOnline(s).statusCode(503).body("error_code", is("GATEWAY_UNAVAILABLE"));
        assertThat(wireMock.getAllServeEvents()).hasSize(before);
        assertNothingReserved(s);
    }

    /** A payment whose checkout the customer completed at a WireMock gateway (authorised, not captured). */
    private String authorisedAtGateway(Started s) {
        wireMock.stubFor(post("/v1/checkout/sessions").willReturn(okJson(
                "{\"id\":\"cs_fault_1\",\"object\":\"checkout.session\",\"url\":\"https://checkout.example/cs_fault_1\","
                        + "\"status\":\"open\",\"payment_status\":\"unpaid\",\"amount_total\":4500,\"currency\":\"usd\"}")));
        String paymentId = payOnline(s).statusCode(201).body("status", is("requires_action")).extract().path("payment_id");
        wireMock.stubFor(get(urlPathEqualTo("/v1/checkout/sessions/cs_fault_1")).willReturn(okJson(
                "{\"id\":\"cs_fault_1\",\"object\":\"checkout.session\",\"status\":\"complete\",\"payment_status\":\"unpaid\","
                        + "\"payment_intent\":\"pi_fault_1\",\"client_reference_id\":\"" + paymentId + "\",\"amount_total\":4500,"
                        + "\"currency\":\"usd\"}")));
        wireMock.stubFor(get(urlPathEqualTo("/v1/payment_intents/pi_fault_1")).willReturn(okJson(
                "{\"id\":\"pi_fault_1\",\"object\":\"payment_intent\",\"status\":\"requires_capture\",\"amount\":4500,"
                        + "\"amount_capturable\":4500,\"currency\":\"usd\",\"latest_charge\":{\"payment_method_details\":"
                        + "{\"card\":{\"brand\":\"visa\",\"funding\":\"credit\"}}},\"metadata\":{\"payment_id\":\"" + paymentId + "\"}}")));
        return paymentId;
    }

    private static String completedEvent(String paymentId) {
        return "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"object\":\"event\",\"type\":\"checkout.session.completed\","
                + "\"created\":1,\"data\":{\"object\":{\"id\":\"cs_fault_1\",\"object\":\"checkout.session\","
                + "\"client_reference_id\":\"" + paymentId + "\",\"payment_intent\":\"pi_fault_1\"}}}";
    }

    @Test
    void aRefusedCaptureEndsThePaymentAndReleasesEverything() {
        Started s = customerWithOrderAndCoupon();
        String paymentId = authorisedAtGateway(s);
        wireMock.stubFor(post("/v1/payment_intents/pi_fault_1/capture").willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"payment_intent_unexpected_state\"}}")));
        deliver(completedEvent(paymentId)).statusCode(200);
        assertThat(db.string("select status || '/' || coalesce(failure_reason, '-') from payment where payment_id = $1", paymentId))
                .isEqualTo("failed/gateway_error");
        assertThat(db.string("select status from customer_order where order_id = $1", s.order())).isEqualTo("pending_payment");
        assertThat(db.string("select status from coupon where coupon_id = $1", s.coupon())).isEqualTo("available");
        assertThat(db.count("select balance from coupon where coupon_id = $1", s.coupon())).isEqualTo(500);
    }

    @Test
    void aCaptureThatFailsLeavesAConsistentPendingStateThatIsSettledLater() {
        Started s = customerWithOrderAndCoupon();
        String paymentId = authorisedAtGateway(s);
        wireMock.stubFor(post("/v1/payment_intents/pi_fault_1/capture").willReturn(serverError()));
        String event = completedEvent(paymentId);
        deliver(event).statusCode(503);
        assertThat(db.string("select status from payment where payment_id = $1", paymentId)).isEqualTo("processing");
        assertThat(db.string("select status from customer_order where order_id = $1", s.order())).isEqualTo("payment_in_progress");
        assertThat(db.string("select status from coupon where coupon_id = $1", s.coupon())).isEqualTo("reserved");

        // the gateway recovers; its retry of the same event settles the payment, capture keeps one key
        maintenance.resetAll();
        wireMock.stubFor(post("/v1/payment_intents/pi_fault_1/capture").willReturn(okJson(
                "{\"id\":\"pi_fault_1\",\"object\":\"payment_intent\",\"status\":\"succeeded\",\"amount\":4500,"
                        + "\"amount_received\":4500,\"currency\":\"usd\"}")));
        deliver(event).statusCode(200).body("result", is("applied"));
        assertThat(db.string("select status from payment where payment_id = $1", paymentId)).isEqualTo("succeeded");
        assertThat(db.string("select status from customer_order where order_id = $1", s.order())).isEqualTo("paid");
        assertThat(db.string("select status from coupon where coupon_id = $1", s.coupon())).isEqualTo("used");
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents/pi_fault_1/capture")))
                .stream().map(r -> r.getHeader("Idempotency-Key")).distinct()).containsExactly(paymentId + ":capture");
    }

    private static ValidatableResponse deliver(String body) {
        return given().contentType("application/json").header("Stripe-Signature",
                WebhookSigner.header(body, Instant.now(), "whsec_sandbox_dev_only")).body(body).post("/v1/gateway/webhooks").then();
    }
}
