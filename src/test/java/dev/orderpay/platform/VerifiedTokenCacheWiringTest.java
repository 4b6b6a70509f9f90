package dev.orderpay.platform;

import static dev.orderpay.support.Api.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The parser Quarkus authenticates bearer tokens with goes through {@link VerifiedTokenCacheDecorator}. */
@QuarkusTest
class VerifiedTokenCacheWiringTest {

    @Inject
    JWTParser parser;

    @Test
    void theApplicationsParserCachesVerifiedTokens() throws Exception {
        String t = token("cust-wiring", "customer");
        assertThat(parser.parse(t)).isSameAs(parser.parse(t));
        assertThat(parser.parse(t).getSubject()).isEqualTo("cust-wiring");
        assertThat(parser.parse(token("cust-other", "customer")).getSubject()).isEqualTo("cust-other");
    }
}
