package dev.orderpay.gateway;

import dev.orderpay.platform.AppClock;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Checks Stripe webhook signatures (contract §7; Stripe docs, "Verify webhook signatures"):
 * {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]}, where a {@code v1} is the
 * HMAC-SHA256 of {@code "<t>.<raw body>"} keyed with {@code payments.gateway.webhook-secret}.
 * Any one matching {@code v1} suffices (Stripe sends one per active secret while a secret is
 * rolled); other schemes ({@code v0}) are ignored; comparison is constant-time. {@code t} must
 * lie within {@code payments.gateway.webhook-tolerance} (default 300 s) of the service clock,
 * in the past or in the future, which also bounds replays.
 *
 * <p>Pass the body exactly as received (bytes): re-serialized JSON does not verify.
 */
@ApplicationScoped
public class WebhookVerifier {

    /** The header Stripe signs webhooks in. */
    public static final String HEADER = "Stripe-Signature";

    private static final Logger LOG = Logger.getLogger(WebhookVerifier.class);

    private final GatewayConfig.Gateway config;
    private final AppClock clock;

    public WebhookVerifier(GatewayConfig config, AppClock clock) {
        this.config = config.gateway();
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.webhookSecret().filter(s -> !s.isBlank()).isEmpty()) {
            LOG.warn("payments.gateway.webhook-secret is not set: every gateway webhook will be refused (400 INVALID_SIGNATURE)");
        }
    }

    /**
     * Verifies the signature of {@code rawBody}, then parses it.
     *
     * @throws WebhookSignatureException when the signature does not verify (or no secret is configured)
     * @throws dev.orderpay.platform.ApiException 400 {@code VALIDATION_FAILED} when a correctly
     *         signed body is not a Stripe event
     */
    public WebhookEvent verify(byte[] rawBody, String signatureHeader) {
        verifySignature(rawBody, signatureHeader);
        return WebhookEvent.parse(rawBody);
    }

    /** Verifies only. @throws WebhookSignatureException when it does not verify */
    public void verifySignature(byte[] rawBody, String signatureHeader) {
        String secret = config.webhookSecret().filter(s -> !s.isBlank())
                .orElseThrow(() -> new WebhookSignatureException("no webhook secret is configured"));
        verify(rawBody, signatureHeader, secret, clock.now(), config.webhookTolerance());
    }

    /**
     * The check itself, with everything explicit (no CDI).
     *
     * @param payload   the raw request body
     * @param header    the {@code Stripe-Signature} value, may be null
     * @param secret    the endpoint signing secret
     * @param now       the current time
     * @param tolerance how far {@code t} may be from {@code now}, either way
     * @throws WebhookSignatureException when it does not verify
     */
    public static void verify(byte[] payload, String header, String secret, Instant now, Duration tolerance) {
        if (header == null || header.isBlank()) {
            throw new WebhookSignatureException("no signature header");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new WebhookSignatureException("malformed header");
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("t")) {
                if (timestamp != null) {
                    throw new WebhookSignatureException("more than one timestamp");
                }
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new WebhookSignatureException("malformed timestamp");
                }
            } else if (key.equals("v1")) {
                try {
                    signatures.add(HexFormat.of().parseHex(value));
                } catch (IllegalArgumentException e) {
                    // not hex: cannot match, like any other wrong signature
                }
            }
        }
        if (timestamp == null) {
            throw new WebhookSignatureException("no timestamp");
        }
        if (signatures.isEmpty()) {
            throw new WebhookSignatureException("no v1 signature");
        }
        long skew = Math.abs(now.getEpochSecond() - timestamp);
        if (skew > tolerance.toSeconds()) {
            throw new WebhookSignatureException("timestamp outside tolerance");
        }
        byte[] expected = WebhookSigner.mac(payload, timestamp, secret);
        boolean match = false;
        for (byte[] candidate : signatures) {
            match |= MessageDigest.isEqual(expected, candidate);
        }
        if (!match) {
            throw new WebhookSignatureException("no matching v1 signature");
        }
    }

    /** Same, for a UTF-8 body. */
    public static void verify(String payload, String header, String secret, Instant now, Duration tolerance) {
        verify(payload.getBytes(StandardCharsets.UTF_8), header, secret, now, tolerance);
    }
}
