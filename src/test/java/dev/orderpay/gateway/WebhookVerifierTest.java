package dev.orderpay.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import dev.orderpay.platform.ApiException;

/** Stripe-Signature checks (contract §7), without CDI. */
class WebhookVerifierTest {

    static final String SECRET = "whsec_test_secret";
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final String BODY = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\",\"created\":1795000000,"
            + "\"data\":{\"object\":{\"id\":\"pi_1\",\"object\":\"payment_intent\",\"metadata\":{\"payment_id\":\"PAY1\"}}}}";

    static void verify(String body, String header) {
        WebhookVerifier.verify(body.getBytes(StandardCharsets.UTF_8), header, SECRET, NOW, TOLERANCE);
    }

    @Test
    void validSignatureVerifies() {
        String header = WebhookSigner.header(BODY, NOW.minusSeconds(30), SECRET);
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThatCode(() -> verify(BODY, header)).doesNotThrowAnyException();
    }

    @Test
    void knownVectorMatchesStripesScheme() {
        // HMAC-SHA256("1700000000.{}", "whsec_x") computed independently (openssl dgst -sha256 -hmac)
        assertThat(WebhookSigner.signature("{}".getBytes(StandardCharsets.UTF_8), 1700000000L, "whsec_x"))
                .isEqualTo("be8cb8325f2202445260a855532f967e30ad2a9394ce28da66ee02880ddcb661");
    }

    @Test
    void anyOfSeveralV1ValuesMayMatch() {
        long t = NOW.getEpochSecond();
        String good = WebhookSigner.signature(BODY.getBytes(StandardCharsets.UTF_8), t, SECRET);
        String old = WebhookSigner.signature(BODY.getBytes(StandardCharsets.UTF_8), t, "whsec_old_secret");
        assertThatCode(() -> verify(BODY, "t=" + t + ",v1=" + old + ",v1=" + good)).doesNotThrowAnyException();
        assertThatCode(() -> verify(BODY, "t=" + t + ",v1=" + good + ",v0=abc,v1=" + old)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verify(BODY, "t=" + t + ",v1=" + old + ",v1=" + old))
                .isInstanceOf(WebhookSignatureException.class);
    }

    @Test
    void wrongSecretFails() {
        String header = WebhookSigner.header(BODY, NOW, "whsec_someone_else");
        assertThatThrownBy(() -> verify(BODY, header)).isInstanceOf(WebhookSignatureException.class)
                .extracting(e -> ((WebhookSignatureException) e).reason()).isEqualTo("no matching v1 signature");
    }

    @Test
    void changedBodyFails() {
        String header = WebhookSigner.header(BODY, NOW, SECRET);
        assertThatThrownBy(() -> verify(BODY.replace("PAY1", "PAY2"), header)).isInstanceOf(WebhookSignatureException.class);
        assertThatThrownBy(() -> verify(BODY + " ", header)).isInstanceOf(WebhookSignatureException.class);
    }

    @Test
    void missingHeaderFails() {
        assertThatThrownBy(() -> verify(BODY, null)).isInstanceOf(WebhookSignatureException.class)
                .satisfies(e -> {
                    WebhookSignatureException w = (WebhookSignatureException) e;
                    assertThat(w.status()).isEqualTo(400);
                    assertThat(w.errorCode()).isEqualTo("INVALID_SIGNATURE");
                    assertThat(w.reason()).isEqualTo("no signature header");
                });
        assertThatThrownBy(() -> verify(BODY, " ")).isInstanceOf(WebhookSignatureException.class);
    }

    @Test
    void malformedHeadersFail() {
        long t = NOW.getEpochSecond();
        String sig = WebhookSigner.signature(BODY.getBytes(StandardCharsets.UTF_8), t, SECRET);
        for (String header : new String[] {
                "garbage", "v1=" + sig, "t=" + t, "t=abc,v1=" + sig, "t=" + t + ",v1=zz-not-hex", "t=" + t + ",v0=" + sig,
                "t=" + t + ",t=" + t + ",v1=" + sig, "t=" + t + ",=x,v1=" + sig, "t=" + t + ";v1=" + sig}) {
            assertThatThrownBy(() -> verify(BODY, header)).as(header).isInstanceOf(WebhookSignatureException.class);
        }
    }

    @Test
    void timestampTenMinutesOldFails() {
        String header = WebhookSigner.header(BODY, NOW.minus(Duration.ofMinutes(10)), SECRET);
        assertThatThrownBy(() -> verify(BODY, header)).isInstanceOf(WebhookSignatureException.class)
                .extracting(e -> ((WebhookSignatureException) e).reason()).isEqualTo("timestamp outside tolerance");
    }

    @Test
    void timestampTenMinutesInTheFutureFails() {
        String header = WebhookSigner.header(BODY, NOW.plus(Duration.ofMinutes(10)), SECRET);
        assertThatThrownBy(() -> verify(BODY, header)).isInstanceOf(WebhookSignatureException.class)
                .extracting(e -> ((WebhookSignatureException) e).reason()).isEqualTo("timestamp outside tolerance");
    }

    @Test
    void toleranceBoundaryIsInclusive() {
        assertThatCode(() -> verify(BODY, WebhookSigner.header(BODY, NOW.minusSeconds(300), SECRET))).doesNotThrowAnyException();
        assertThatCode(() -> verify(BODY, WebhookSigner.header(BODY, NOW.plusSeconds(300), SECRET))).doesNotThrowAnyException();
        assertThatThrownBy(() -> verify(BODY, WebhookSigner.header(BODY, NOW.minusSeconds(301), SECRET)))
                .isInstanceOf(WebhookSignatureException.class);
    }

    @Test
    void eventParsingAndAccessors() {
        WebhookEvent e = WebhookEvent.parse(BODY);
        assertThat(e.id()).isEqualTo("evt_1");
        assertThat(e.type()).isEqualTo("payment_intent.succeeded");
        assertThat(e.created()).isEqualTo(Instant.ofEpochSecond(1795000000L));
        assertThat(e.objectType()).isEqualTo("payment_intent");
        assertThat(e.objectId()).isEqualTo("pi_1");
        assertThat(e.paymentIntentId()).isEqualTo("pi_1");
        assertThat(e.metadata("payment_id")).isEqualTo("PAY1");
        assertThat(e.clientReferenceId()).isNull();

        WebhookEvent session = WebhookEvent.parse("{\"id\":\"evt_2\",\"type\":\"checkout.session.completed\",\"created\":1,"
                + "\"data\":{\"object\":{\"id\":\"cs_1\",\"object\":\"checkout.session\",\"client_reference_id\":\"PAY9\","
                + "\"payment_intent\":\"pi_9\",\"metadata\":{}}}}");
        assertThat(session.clientReferenceId()).isEqualTo("PAY9");
        assertThat(session.paymentIntentId()).isEqualTo("pi_9");
        assertThat(session.metadata()).isEmpty();

        WebhookEvent charge = WebhookEvent.parse("{\"id\":\"evt_3\",\"type\":\"charge.refunded\",\"created\":1,"
                + "\"data\":{\"object\":{\"id\":\"ch_1\",\"object\":\"charge\",\"payment_intent\":{\"id\":\"pi_7\"}}}}");
        assertThat(charge.paymentIntentId()).isEqualTo("pi_7");
    }

    @Test
    void notAnEventIsRefused() {
        for (String body : new String[] {"not json", "[]", "{\"id\":\"evt\"}", "{\"id\":\"e\",\"type\":\"t\",\"data\":{}}"}) {
            assertThatThrownBy(() -> WebhookEvent.parse(body)).as(body)
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.errorCode()).isEqualTo("VALIDATION_FAILED"));
        }
    }
}
