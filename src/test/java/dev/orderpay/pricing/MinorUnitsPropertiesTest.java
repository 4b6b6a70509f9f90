package dev.orderpay.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class MinorUnitsPropertiesTest {

    @Property
    void formatThenParseIsTheIdentity(@ForAll("currencies") String currency,
                                      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long minor) {
        String text = MinorUnits.format(minor, currency);

        assertThat(MinorUnits.parse(text, currency)).isEqualTo(minor);
        int digits = MinorUnits.digits(currency);
        assertThat(text).matches(digits == 0 ? "0|[1-9]\\d*" : "(0|[1-9]\\d*)\\.\\d{" + digits + "}");
    }

    @Property
    void oneDigitTooManyOrTooFewIsRejected(@ForAll("currencies") String currency,
                                           @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long minor) {
        String text = MinorUnits.format(minor, currency);
        String tooMany = MinorUnits.digits(currency) == 0 ? text + ".0" : text + "0";
        String tooFew = MinorUnits.digits(currency) == 0 ? null : text.substring(0, text.length() - 1);

        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.parse(tooMany, currency));
        if (tooFew != null) {
            assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.parse(tooFew, currency));
        }
    }

    @Property
    void decoratedAmountsAreRejected(@ForAll("currencies") String currency,
                                     @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long minor,
                                     @ForAll("decorations") String decoration) {
        String text = MinorUnits.format(minor, currency);
        String decorated = decoration.replace("#", text);

        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.parse(decorated, currency));
    }

    @Property
    void percentRoundTrips(@ForAll @LongRange(min = 1, max = 10_000) long bp) {
        assertThat(MinorUnits.parsePercent(MinorUnits.formatPercent(bp))).isEqualTo(bp);
    }

    @Provide
    Arbitrary<String> currencies() {
        return Arbitraries.of(MinorUnits.SUPPORTED);
    }

    @Provide
    Arbitrary<String> decorations() {
        return Arbitraries.of("-#", "+#", " #", "# ", "\t#", "#\n", "#e0", "#E2", "1e#", "#,0", "$#", "#USD", "0x#");
    }
}
