package dev.orderpay.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link VerifiedTokenCache} with smallrye-jwt's own parser and the dev keys (issue #13 item 2):
 * a token is verified once while unexpired, never served from the cache at or after its
 * {@code exp}, and a rejected token is never cached.
 */
class VerifiedTokenCacheTest {

    private static final String ISSUER = "https://auth.orderpay.dev";

    private PrivateKey signKey;
    private DefaultJWTParser library;
    private final AtomicInteger verifications = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.now());
    private VerifiedTokenCache cache;

    @BeforeEach
    void setUp() throws Exception {
        signKey = KeyUtils.readPrivateKey("devkeys/privateKey.pem");
        library = new DefaultJWTParser(new JWTAuthContextInfo(KeyUtils.readPublicKey("devkeys/publicKey.pem"), ISSUER));
        cache = new VerifiedTokenCache(100, Duration.ofMinutes(5), clock);
    }

    private JsonWebToken parse(String token) throws ParseException {
        return cache.get(token, t -> {
            verifications.incrementAndGet();
            return library.parse(t);
        });
    }

    private String token(String sub, Instant exp) {
        return Jwt.issuer(ISSUER).subject(sub).upn(sub).groups("customer").expiresAt(exp).sign(signKey);
    }

    @Test
    void theSameTokenIsVerifiedOnceWhileUnexpired() throws Exception {
        String a = token("cust-a", Instant.now().plusSeconds(3600));
        JsonWebToken first = parse(a);
        assertThat(parse(a)).isSameAs(first);
        assertThat(first.getSubject()).isEqualTo("cust-a");
        assertThat(verifications).hasValue(1);
        // another token is its own entry
        assertThat(parse(token("cust-b", Instant.now().plusSeconds(3600))).getSubject()).isEqualTo("cust-b");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aCachedTokenIsNeverServedAtOrAfterItsExp() throws Exception {
        Instant exp = Instant.now().plusSeconds(3600);
        String a = token("cust-a", exp);
        JsonWebToken first = parse(a);
        clock.set(exp); // the cache's clock reaches exp: the library decides again
        JsonWebToken again = parse(a);
        assertThat(verifications).hasValue(2);
        assertThat(again).isNotSameAs(first);
    }

    @Test
    void maxAgeBoundsAnEntryEvenForALongLivedToken() throws Exception {
        VerifiedTokenCache shortLived = new VerifiedTokenCache(100, Duration.ZERO, clock);
        String a = token("cust-a", Instant.now().plusSeconds(3600));
        AtomicInteger calls = new AtomicInteger();
        VerifiedTokenCache.Verifier counting = t -> {
            calls.incrementAndGet();
            return library.parse(t);
        };
        shortLived.get(a, counting);
        shortLived.get(a, counting);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aRejectedTokenIsNeverCached() {
        String good = token("cust-a", Instant.now().plusSeconds(3600));
        String[] parts = good.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertThatThrownBy(() -> parse(forged)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> parse(forged)).isInstanceOf(ParseException.class);
        assertThat(verifications).hasValue(2);
        String expired = token("cust-a", Instant.now().minusSeconds(3600));
        assertThatThrownBy(() -> parse(expired)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> parse(expired)).isInstanceOf(ParseException.class);
        assertThat(verifications).hasValue(4);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
