package dev.orderpay.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.orderpay.support.Api.*;
import static dev.orderpay.support.Lifecycle.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.orderpay.support.NotificationFlowSetup;
import dev.orderpay.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import com.github.tomakehurst.wiremock.client.WireMock;

/**
 * The outbox sender against a failing SMS provider (WireMock): retries with backoff,
 * eventual delivery, the final failed state an operator sees, and no duplicate email.
 */
@QuarkusTest
class NotificationDeliveryTest extends NotificationFlowSetup {

    /** The provider answers {@code status} for this phone number only. */
    private StubMapping providerAnswers(String phone, int status) {
        return sms.stubFor(post(urlEqualTo("/sms")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.to", WireMock.equalTo(phone)))
                .willReturn(aResponse().withStatus(status)));
    }

    /** A customer with one approved, payable order: its notification is queued. */
    private String approvedOrder(String c) {
        Map<String, Object> o = usdOrder("7.00");
        o.put("requires_approval", true);
        String id = createOrder(c, o);
        approve(id).statusCode(200).body("payable", is(true));
        return id;
    }

    private String sms(String c, String column) {
        return db.string("select " + column + "::text from notification where customer_id = $1 and channel = 'sms'", c);
    }

    @Test
    void smsProviderDownIsRetriedWithBackoffAndSentWhenItReturnsWithoutASecondEmail() throws Exception {
        String c = customerWithContacts(true);
        String phone = phoneOf(db, c);
        StubMapping down = providerAnswers(phone, 503);
        approvedOrder(c);

        Instant t0 = Instant.now();
        TestClock.set(t0);
        runJob("send-notifications");
        assertThat(mailsTo(mail, c + "@example.com")).hasSize(1);
        assertThat(sms(c, "status")).isEqualTo("pending");
        assertThat(sms(c, "attempts")).isEqualTo("1");
        assertThat(sms(c, "last_error")).contains("503");
        int callsAfterFirstRun = smsTo(sms, phone).size();
        assertThat(callsAfterFirstRun).isEqualTo(3); // one call + 2 quick fault-tolerance retries
        // 30 s backoff: not due yet, nothing is sent again
        runJob("send-notifications");
        assertThat(smsTo(sms, phone)).hasSize(callsAfterFirstRun);
        assertThat(Instant.parse(db.string(
                "select to_char(next_attempt_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from notification "
                        + "where customer_id = $1 and channel = 'sms'", c)))
                .isBetween(t0.plusSeconds(29), t0.plusSeconds(40));

        // still down at the second attempt
        TestClock.set(t0.plusSeconds(45));
        runJob("send-notifications");
        assertThat(sms(c, "attempts")).isEqualTo("2");
        assertThat(sms(c, "status")).isEqualTo("pending");

        // the provider is back; 60 s later (2nd backoff) the SMS goes out
        sms.removeStub(down);
        TestClock.set(t0.plusSeconds(45 + 61));
        runJob("send-notifications").body("counts.sent", greaterThanOrEqualTo(1));
        assertThat(sms(c, "status")).isEqualTo("sent");
        assertThat(sms(c, "attempts")).isEqualTo("3");
        assertThat(sms(c, "last_error")).isNull();
        assertThat(smsTo(sms, phone)).hasSize(callsAfterFirstRun * 2 + 1);
        assertThat(mailsTo(mail, c + "@example.com")).hasSize(1);
        assertThat(db.string("select status || '/' || attempts from notification where customer_id = $1 and channel = 'email'", c))
                .isEqualTo("sent/1");
    }

    @Test
    void afterMaxAttemptsTheMessageIsFailedVisibleAndCanBeRetriedByAnOperator() throws Exception {
        String c = customerWithContacts(false);
        String phone = phoneOf(db, c);
        StubMapping down = providerAnswers(phone, 500);
        approvedOrder(c);
        Instant t = Instant.now();
        for (int attempt = 1; attempt <= 8; attempt++) {
            TestClock.set(t);
            runJob("send-notifications");
            breakers.resetAll();
            t = t.plus(Duration.ofHours(1)).plusSeconds(1); // past any backoff (max-backoff PT1H)
        }
        assertThat(sms(c, "status")).isEqualTo("failed");
        assertThat(sms(c, "attempts")).isEqualTo("8");
        String messageId = asAdmin().get("/v1/admin/notifications?status=failed&customer_id=" + c).then().statusCode(200)
                .body("notifications.size()", is(1))
                .body("notifications[0].channel", is("sms"))
                .body("notifications[0].attempts", is(8))
                .body("notifications[0].last_error", containsString("500"))
                .body("notifications[0].recipient", is(phone))
                .extract().path("notifications[0].message_id");
        int calls = smsTo(sms, phone).size();
        TestClock.set(t.plus(Duration.ofDays(1)));
        runJob("send-notifications");
        assertThat(smsTo(sms, phone)).hasSize(calls); // failed is final

        sms.removeStub(down);
        asAdmin().post("/v1/admin/notifications/" + messageId + "/retry").then().statusCode(200)
                .body("status", is("pending")).body("attempts", is(0));
        asAdmin().post("/v1/admin/notifications/" + messageId + "/retry").then().statusCode(409)
                .body("error_code", is("NOTIFICATION_NOT_RETRYABLE"));
        runJob("send-notifications");
        assertThat(sms(c, "status")).isEqualTo("sent");
        assertThat(mailsTo(mail, c + "@example.com")).hasSize(1);
    }

    @Test
    void aRefusedMessageFailsAtOnceWithoutRetries() {
        String c = customerWithContacts(false);
        String phone = phoneOf(db, c);
        providerAnswers(phone, 400);
        approvedOrder(c);
        runJob("send-notifications").body("counts.failed", greaterThanOrEqualTo(1));
        assertThat(sms(c, "status")).isEqualTo("failed");
        assertThat(sms(c, "attempts")).isEqualTo("1");
        assertThat(smsTo(sms, phone)).hasSize(1);
    }

    @Test
    void aClaimWhoseSenderStoppedIsTakenAgainAfterTheLease() throws Exception {
        String c = customerWithContacts(false);
        String phone = phoneOf(db, c);
        approvedOrder(c);
        // as if a sender had claimed both messages and died before recording anything
        Instant now = Instant.now();
        db.exec("update notification set status = 'sending', attempts = 1, lease_until = now() + interval '5 minutes' "
                + "where customer_id = $1", c);
        runJob("send-notifications");
        assertThat(smsTo(sms, phone)).isEmpty();
        assertThat(mailsTo(mail, c + "@example.com")).isEmpty();
        TestClock.set(now.plus(Duration.ofMinutes(6)));
        runJob("send-notifications");
        assertThat(smsTo(sms, phone)).hasSize(1);
        assertThat(db.strings("select status || '/' || attempts from notification where customer_id = $1", c))
                .containsOnly("sent/2");
    }

    @Test
    void outboxListingValidatesItsParameters() {
        asAdmin().get("/v1/admin/notifications?status=bogus").then().statusCode(400)
                .body("error_code", is("VALIDATION_FAILED")).body("violations[0].field", is("status"));
        asAdmin().get("/v1/admin/notifications?limit=0").then().statusCode(400);
        asAdmin().post("/v1/admin/notifications/NTFX:sms/retry").then().statusCode(404)
                .body("error_code", is("NOTIFICATION_NOT_FOUND"));
    }
}
