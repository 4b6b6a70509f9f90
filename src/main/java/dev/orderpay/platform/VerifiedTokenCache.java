package dev.orderpay.platform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A bounded cache of verified bearer tokens (issue #13 item 2), so that the same JWT sent again
 * is not RS256-verified and parsed again ({@link VerifiedTokenCacheDecorator} puts it in front of
 * smallrye-jwt).
 *
 * <p>Key: the lower-case hex SHA-256 of the token text. Value: the principal the library built
 * after verifying signature, issuer and times; a token the library rejects is never cached. A
 * cached token is served only while its {@code exp} (epoch seconds, system time) is strictly in
 * the future — no clock-skew grace, so the cache never accepts a token the library would refuse
 * and never trusts an expired one — and an entry leaves the cache at its {@code exp} or after
 * {@code maxAge}, whichever is first. At most {@code maxEntries} tokens (Caffeine's size-based
 * eviction). A token without {@code exp} is not cached.
 */
public final class VerifiedTokenCache {

    /** Verifies and parses a token (the library's {@code JWTParser.parse}). */
    @FunctionalInterface
    public interface Verifier {
        JsonWebToken verify(String token) throws ParseException;
    }

    private final Cache<String, JsonWebToken> cache;
    private final Clock clock;

    /** A cache of at most {@code maxEntries} tokens, each kept at most {@code maxAge}, expiry read from {@code clock}. */
    public VerifiedTokenCache(long maxEntries, Duration maxAge, Clock clock) {
        this.clock = clock;
        long maxAgeNanos = maxAge.toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<String, JsonWebToken>() {
                    @Override
                    public long expireAfterCreate(String key, JsonWebToken jwt, long currentTime) {
                        long untilExp = Duration.ofSeconds(jwt.getExpirationTime()).toNanos()
                                - Duration.ofMillis(clock.millis()).toNanos();
                        return Math.max(0, Math.min(untilExp, maxAgeNanos));
                    }

                    @Override
                    public long expireAfterUpdate(String key, JsonWebToken jwt, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, jwt, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, JsonWebToken jwt, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /**
     * The verified principal of {@code token}: the cached one while its {@code exp} is in the
     * future, else {@code verifier}'s (cached if it has a future {@code exp}).
     *
     * @throws ParseException when {@code verifier} rejects the token
     */
    public JsonWebToken get(String token, Verifier verifier) throws ParseException {
        String key = Hashing.sha256(token);
        JsonWebToken cached = cache.getIfPresent(key);
        if (cached != null && unexpired(cached)) {
            return cached;
        }
        JsonWebToken verified = verifier.verify(token);
        if (unexpired(verified)) {
            cache.put(key, verified);
        } else if (cached != null) {
            cache.invalidate(key);
        }
        return verified;
    }

    private boolean unexpired(JsonWebToken jwt) {
        return jwt.getExpirationTime() > clock.millis() / 1000;
    }
}
