package dev.orderpay.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MinorUnitsTest {

    @ParameterizedTest
    @CsvSource({"USD,2", "EUR,2", "CNY,2", "HKD,2", "SGD,2", "GBP,2", "JPY,0", "KRW,0", "KWD,3", "BHD,3"})
    void digitsOfEverySupportedCurrency(String currency, int digits) {
        assertThat(MinorUnits.digits(currency)).isEqualTo(digits);
    }

    @Test
    void supportsExactlyTheContractCurrencies() {
        assertThat(MinorUnits.SUPPORTED)
                .containsExactlyInAnyOrder("USD", "EUR", "CNY", "HKD", "SGD", "GBP", "JPY", "KRW", "KWD", "BHD");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "usd", "XXX", "CHF", "US"})
    void rejectsUnsupportedCurrencies(String currency) {
        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.digits(currency))
                .withMessageContaining("Unsupported currency");
    }

    @ParameterizedTest
    @CsvSource({"120.00,USD,12000", "0.01,EUR,1", "0.00,GBP,0", "007.50,SGD,750", "500,JPY,500", "0,KRW,0",
            "5.000,KWD,5000", "0.001,BHD,1", "1000000000.000,KWD,1000000000000"})
    void parsesContractMoneyStrings(String text, String currency, long minor) {
        assertThat(MinorUnits.parse(text, currency)).isEqualTo(minor);
    }

    @ParameterizedTest
    @CsvSource({"12000,USD,120.00", "1,USD,0.01", "0,EUR,0.00", "99,HKD,0.99", "500,JPY,500", "0,KRW,0",
            "5000,KWD,5.000", "5,BHD,0.005", "1000000000000,KWD,1000000000.000"})
    void formatsWithExactlyTheCurrencyDigits(long minor, String currency, String text) {
        assertThat(MinorUnits.format(minor, currency)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "120.0|USD", "120|USD", "120.000|USD", "5.00|JPY", "5.|JPY", "5.00|KWD", "5.0000|KWD",
            "-1.00|USD", "+1.00|USD", "1e3|JPY", "1.2e1|USD", "' 1.00'|USD", "'1.00 '|USD", "'1. 00'|USD",
            "1,000.00|USD", ".50|USD", "1.|USD", "''|USD", "0x10|JPY", "١٢٣|JPY", "NaN|USD",
            "99999999999999999999|JPY"})
    void rejectsMalformedAmounts(String text, String currency) {
        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.parse(text, currency))
                .withMessageContaining(currency);
    }

    @Test
    void rejectionNamesTheExpectedShape() {
        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.parse("120.0", "USD"))
                .withMessage("Invalid USD amount '120.0': expected a non-negative decimal string with exactly"
                        + " 2 digits after the point, e.g. \"12.00\"");
        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.parse("5.00", "JPY"))
                .withMessageContaining("no decimal point");
    }

    @Test
    void rejectsNullAmountAndUnknownCurrency() {
        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.parse(null, "USD"));
        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.parse("1.00", "XXX"));
    }

    @Test
    void refusesToFormatNegativeMoney() {
        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.format(-1, "USD"));
    }

    @Test
    void maxOrderAmountIsOneBillionMajorUnits() {
        assertThat(MinorUnits.maxOrderAmount("USD")).isEqualTo(100_000_000_000L);
        assertThat(MinorUnits.maxOrderAmount("JPY")).isEqualTo(1_000_000_000L);
        assertThat(MinorUnits.maxOrderAmount("BHD")).isEqualTo(1_000_000_000_000L);
    }

    @ParameterizedTest
    @CsvSource({"15.00,1500", "15,1500", "15.5,1550", "0.01,1", "100,10000", "100.00,10000", "07.25,725"})
    void parsesPercentagesToBasisPoints(String text, long bp) {
        assertThat(MinorUnits.parsePercent(text)).isEqualTo(bp);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "0", "0.00", "100.01", "101", "-5", "15.123", "15.", ".5", "1e1", " 15", "15%",
            "99999999999999999999"})
    void rejectsPercentagesOutsideTheContract(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.parsePercent(text));
    }

    @ParameterizedTest
    @CsvSource({"1500,15.00", "1,0.01", "10000,100.00", "1550,15.50"})
    void formatsBasisPointsWithTwoDecimals(long bp, String text) {
        assertThat(MinorUnits.formatPercent(bp)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 10001})
    void refusesToFormatPercentagesOutOfRange(long bp) {
        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.formatPercent(bp));
    }
}
