package dev.orderpay.gateway;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Produces Stripe's webhook signature (Stripe docs, "Verify webhook signatures"):
 * {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">} with the
 * endpoint's signing secret. Used by the sandbox gateway and by tests; {@link WebhookVerifier}
 * checks it.
 */
public final class WebhookSigner {

    private WebhookSigner() {
    }

    /** The {@code Stripe-Signature} header value for {@code payload} signed at {@code time}. */
    public static String header(byte[] payload, Instant time, String secret) {
        long t = time.getEpochSecond();
        return "t=" + t + ",v1=" + signature(payload, t, secret);
    }

    /** Same, for a UTF-8 body. */
    public static String header(String payload, Instant time, String secret) {
        return header(payload.getBytes(StandardCharsets.UTF_8), time, secret);
    }

    /** The lower-case hex {@code v1} value: HMAC-SHA256 over {@code "<timestamp>.<payload>"}. */
    public static String signature(byte[] payload, long timestamp, String secret) {
        return HexFormat.of().formatHex(mac(payload, timestamp, secret));
    }

    static byte[] mac(byte[] payload, long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
