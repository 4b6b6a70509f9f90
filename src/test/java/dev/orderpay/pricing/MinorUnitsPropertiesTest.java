package dev.orderpay.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.orderpay.support.PropertyCheck;
import dev.orderpay.support.PropertyCheck.Gen;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Properties of money text (contract §2), each on {@link PropertyCheck#tries()} seeded random inputs. */
class MinorUnitsPropertiesTest {

    /** In a fixed order, so that a seed makes the same input on every JVM. */
    private static final List<String> CURRENCIES = List.copyOf(new TreeSet<>(MinorUnits.SUPPORTED));
    private static final List<String> DECORATIONS = List.of("-#", "+#", " #", "# ", "\t#", "#\n", "#e0", "#E2", "1e#",
            "#,0", "$#", "#USD", "0x#");

    record Amount(String currency, long minor) {
    }

    record Decorated(String currency, long minor, String decoration) {
    }

    private static Amount amount(Gen g, long max) {
        return new Amount(g.of(CURRENCIES), g.between(0L, max));
    }

    @Test
    void formatThenParseIsTheIdentity() {
        PropertyCheck.forAll(g -> amount(g, Long.MAX_VALUE), a -> {
            String text = MinorUnits.format(a.minor(), a.currency());

            assertThat(MinorUnits.parse(text, a.currency())).isEqualTo(a.minor());
            int digits = MinorUnits.digits(a.currency());
            assertThat(text).matches(digits == 0 ? "0|[1-9]\\d*" : "(0|[1-9]\\d*)\\.\\d{" + digits + "}");
        });
    }

    @Test
    void oneDigitTooManyOrTooFewIsRejected() {
        PropertyCheck.forAll(g -> amount(g, 1_000_000_000_000L), a -> {
            String text = MinorUnits.format(a.minor(), a.currency());
            String tooMany = MinorUnits.digits(a.currency()) == 0 ? text + ".0" : text + "0";
            String tooFew = MinorUnits.digits(a.currency()) == 0 ? null : text.substring(0, text.length() - 1);

            assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.parse(tooMany, a.currency()));
            if (tooFew != null) {
                assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.parse(tooFew, a.currency()));
            }
        });
    }

    @Test
    void decoratedAmountsAreRejected() {
        PropertyCheck.forAll(g -> new Decorated(g.of(CURRENCIES), g.between(0L, 1_000_000_000_000L), g.of(DECORATIONS)), d -> {
            String text = MinorUnits.format(d.minor(), d.currency());
            String decorated = d.decoration().replace("#", text);

            assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.parse(decorated, d.currency()));
        });
    }

    @Test
    void percentRoundTrips() {
        PropertyCheck.forAll(g -> g.between(1L, 10_000L),
                bp -> assertThat(MinorUnits.parsePercent(MinorUnits.formatPercent(bp))).isEqualTo(bp));
    }
}
