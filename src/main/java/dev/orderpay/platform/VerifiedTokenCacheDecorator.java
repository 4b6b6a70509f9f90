package dev.orderpay.platform;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Puts a {@link VerifiedTokenCache} in front of smallrye-jwt's {@link JWTParser#parse(String)},
 * the call Quarkus makes for every {@code Authorization: Bearer} request (issue #13 item 2): at
 * most {@value #MAX_ENTRIES} tokens, each kept at most {@value #MAX_AGE_MINUTES} minutes and
 * never past its {@code exp}. Every other method of the parser goes straight to the library.
 */
@Decorator
@Priority(10)
public abstract class VerifiedTokenCacheDecorator implements JWTParser {

    /** Most tokens kept. */
    static final long MAX_ENTRIES = 10_000;
    /** Longest time one verified token is kept, even if it lives longer. */
    static final long MAX_AGE_MINUTES = 5;

    private final VerifiedTokenCache cache = new VerifiedTokenCache(MAX_ENTRIES, Duration.ofMinutes(MAX_AGE_MINUTES),
            Clock.systemUTC());

    @Inject
    @Delegate
    JWTParser delegate;

    /** The verified principal of {@code token} (see {@link VerifiedTokenCache#get}). */
    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return cache.get(token, delegate::parse);
    }
}
