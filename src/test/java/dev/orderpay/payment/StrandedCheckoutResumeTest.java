package dev.orderpay.payment;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

import dev.orderpay.support.Db;
import dev.orderpay.support.Sandbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue #10 item 7, a crash between the online flow's first transaction and recording the
 * checkout: the client's retry with the same Idempotency-Key resumes the same payment (the
 * Checkout Session is created or found under the same gateway idempotency key) and answers as the
 * first request would have, instead of 409 ORDER_STATUS_CHANGED with the orders held.
 */
@QuarkusTest
class StrandedCheckoutResumeTest {

    @Inject
    Db db;

    /**
     * Leaves the database as a process that died after the gateway call but before transaction 2
     * would: the payment {@code requires_action} without its checkout, the key still
     * {@code in_progress} from a request that is older than the lock timeout.
     */
    private void crashBeforeRecordingTheCheckout(String customer, String key, String paymentId) {
        db.exec("update payment set checkout_session_id = null, checkout_url = null where payment_id = $1", paymentId);
        db.exec("update idempotency_record set state = 'in_progress', response_status = null, response_body = null, "
                + "locked_at = locked_at - interval '1 hour' where customer_id = $1 and idempotency_key = $2", customer, key);
    }

    @Test
    void aRetryWithTheSameKeyResumesTheSamePaymentAndItsCheckout() {
        String c = newCustomer();
        String order = createOrder(c, usdOrder("31.00"));
        Map<String, Object> body = payment(List.of(order), "online");
        String key = UUID.randomUUID().toString();
        var first = asCustomer(c).header("Idempotency-Key", key).body(body).post("/v1/payments").then().statusCode(201)
                .extract().jsonPath();
        String paymentId = first.getString("payment_id");
        String checkoutUrl = first.getString("checkout_url");
        crashBeforeRecordingTheCheckout(c, key, paymentId);

        asCustomer(c).header("Idempotency-Key", key).body(body).post("/v1/payments").then().statusCode(201)
                .body("payment_id", is(paymentId)).body("status", is("requires_action"))
                .body("checkout_url", is(checkoutUrl));
        assertThat(db.count("select count(*) from payment where customer_id = $1", c)).isEqualTo(1);
        assertThat(db.string("select checkout_session_id from payment where payment_id = $1", paymentId))
                .isEqualTo(Sandbox.sessionId(checkoutUrl));
        // the answer is now stored: a further retry replays it
        asCustomer(c).header("Idempotency-Key", key).body(body).post("/v1/payments").then().statusCode(201)
                .body("payment_id", is(paymentId)).body("checkout_url", is(checkoutUrl));
        // and the customer can pay the resumed checkout
        Sandbox.pay(checkoutUrl, "4242424242424242");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                asCustomer(c).get("/v1/payments/" + paymentId).then().body("status", is("succeeded")));
        assertThat(db.string("select status from customer_order where order_id = $1", order)).isEqualTo("paid");
    }

    @Test
    void aRetryWhileTheFirstRequestMayStillRunIs409ThenResumesOnceItIsStale() {
        String c = newCustomer();
        String order = createOrder(c, usdOrder("32.00"));
        Map<String, Object> body = payment(List.of(order), "online");
        String key = UUID.randomUUID().toString();
        String paymentId = asCustomer(c).header("Idempotency-Key", key).body(body).post("/v1/payments").then().statusCode(201)
                .extract().path("payment_id");
        crashBeforeRecordingTheCheckout(c, key, paymentId);
        // within the lock timeout the first request may still be running: the retry must not resume it yet
        db.exec("update idempotency_record set locked_at = now() where customer_id = $1 and idempotency_key = $2", c, key);
        asCustomer(c).header("Idempotency-Key", key).body(body).post("/v1/payments").then().statusCode(409)
                .body("error_code", is("IDEMPOTENCY_IN_PROGRESS"));
        db.exec("update idempotency_record set locked_at = locked_at - interval '1 hour' where customer_id = $1 "
                + "and idempotency_key = $2", c, key);
        asCustomer(c).header("Idempotency-Key", key).body(body).post("/v1/payments").then().statusCode(201)
                .body("payment_id", is(paymentId)).body("checkout_url", startsWith("http"));
        assertThat(db.string("select status from customer_order where order_id = $1", order)).isEqualTo("payment_in_progress");
    }
}
