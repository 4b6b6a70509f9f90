package dev.orderpay.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import dev.orderpay.gateway.WireMockGatewayProfile;
import dev.orderpay.support.WireMockGatewaySetup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue #10 item 5, permanent gateway refusals: an amount outside the gateway's documented limits
 * (Stripe: at most 99,999,999 minor units; three-decimal currencies in tens of minor units) is 422
 * AMOUNT_NOT_SUPPORTED_BY_GATEWAY before the gateway is asked, and any other 4xx refusal of the
 * checkout is a 422 too (never 503 + Retry-After), with nothing reserved. WireMock is the gateway.
 */
@QuarkusTest
@TestProfile(WireMockGatewayProfile.class)
class GatewayRefusalTest extends WireMockGatewaySetup {

    private void assertNothingReserved(String customer, String order, String coupon, int balance) {
        assertThat(db.string("select status from customer_order where order_id = $1", order)).isEqualTo("pending_payment");
        if (coupon != null) {
            assertThat(db.string("select status from coupon where coupon_id = $1", coupon)).isEqualTo("available");
            assertThat(db.count("select balance from coupon where coupon_id = $1", coupon)).isEqualTo(balance);
        }
        assertThat(db.count("select count(*) from payment where customer_id = $1 and status in ('requires_action', 'processing')",
                customer)).isZero();
        assertThat(db.count("select count(*) from idempotency_record where customer_id = $1", customer)).isZero();
    }

    @Test
    void anAmountAboveTheGatewayMaximumIs422BeforeAskingTheGateway() {
        String c = newCustomer();
        String order = createOrder(c, usdOrder("1000000.00")); // 100,000,000 minor units
        pay(c, payment(List.of(order), "online")).statusCode(422).contentType("application/problem+json")
                .body("error_code", is("AMOUNT_NOT_SUPPORTED_BY_GATEWAY")).header("Retry-After", nullValue())
                .body("detail", containsString("99999999"));
        assertNothingReserved(c, order, null, 0);
        assertThat(db.count("select count(*) from payment where customer_id = $1", c)).isZero();
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }

    @Test
    void aThreeDecimalAmountNotInTensIs422AndOneInTensGoesToTheGateway() {
        wireMock.stubFor(post("/v1/checkout/sessions").willReturn(okJson(
                "{\"id\":\"cs_kwd_1\",\"object\":\"checkout.session\",\"url\":\"https://checkout.example/cs_kwd_1\","
                        + "\"status\":\"open\",\"payment_status\":\"unpaid\",\"amount_total\":1010,\"currency\":\"kwd\"}")));
        String c = newCustomer();
        String odd = createOrder(c, order("hws.service.type.ec2", "new_purchase", "KWD", "1.005"));
        pay(c, payment(List.of(odd), "online")).statusCode(422).body("error_code", is("AMOUNT_NOT_SUPPORTED_BY_GATEWAY"))
                .body("detail", containsString("KWD"));
        assertNothingReserved(c, odd, null, 0);
        assertThat(wireMock.getAllServeEvents()).isEmpty();
        String even = createOrder(c, order("hws.service.type.ec2", "new_purchase", "KWD", "1.010"));
        pay(c, payment(List.of(even), "online")).statusCode(201).body("status", is("requires_action"));
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions")))).hasSize(1);
    }

    @Test
    void anyOtherRefusalOfTheCheckoutIs422WithNothingReserved() {
        wireMock.stubFor(post("/v1/checkout/sessions").willReturn(aResponse().withStatus(400).withBody(
                "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"parameter_invalid_empty\",\"message\":\"Invalid\"}}")));
        String c = newCustomer();
        String order = createOrder(c, usdOrder("50.00"));
        String coupon = grantCoupon(c, cashCoupon("5.00", "USD"));
        Map<String, Object> body = payment(List.of(order), "online");
        body.put("coupon_ids", List.of(coupon));
        String key = UUID.randomUUID().toString();
        asCustomer(c).header("Idempotency-Key", key).body(body).post("/v1/payments").then()
                .statusCode(422).contentType("application/problem+json")
                .body("error_code", is("GATEWAY_REFUSED")).header("Retry-After", nullValue());
        assertNothingReserved(c, order, coupon, 500);
        assertThat(db.strings("select status || '/' || failure_reason from payment where customer_id = $1", c))
                .containsExactly("failed/gateway_error");
        // refused once, never retried
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions")))).hasSize(1);
        assertThat(breaker.breakerState()).isEqualTo("closed");
    }

    @Test
    void theGatewaysOwnAmountRefusalIs422AmountNotSupported() {
        wireMock.stubFor(post("/v1/checkout/sessions").willReturn(aResponse().withStatus(400).withBody(
                "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"amount_too_small\","
                        + "\"message\":\"Amount must be at least $0.50 usd\"}}")));
        String c = newCustomer();
        String order = createOrder(c, usdOrder("0.30"));
        pay(c, payment(List.of(order), "online")).statusCode(422).body("error_code", is("AMOUNT_NOT_SUPPORTED_BY_GATEWAY"));
        assertNothingReserved(c, order, null, 0);
    }
}
