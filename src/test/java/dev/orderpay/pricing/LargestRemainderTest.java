package dev.orderpay.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigInteger;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LargestRemainderTest {

    @Example
    void equalWeightsGiveTheLeftoverToTheFirst() {
        assertThat(LargestRemainder.split(1000, new long[] {1000, 1000, 1000})).containsExactly(334, 333, 333);
        assertThat(LargestRemainder.split(2, new long[] {5, 5, 5})).containsExactly(1, 1, 0);
    }

    @Example
    void leftoverGoesToTheLargestRemainderNotTheFirst() {
        // 2000 × 2/3 = 1333.33, 2000 × 1/3 = 666.67
        assertThat(LargestRemainder.split(2000, new long[] {10_000, 5_000})).containsExactly(1333, 667);
    }

    @Example
    void zeroWeightsGetNothing() {
        assertThat(LargestRemainder.split(0, new long[] {0, 0})).containsExactly(0, 0);
        assertThat(LargestRemainder.split(3, new long[] {0, 1, 0, 2})).containsExactly(0, 1, 0, 2);
    }

    @Example
    void refusesToSplitMoreThanTheWeights() {
        assertThatIllegalArgumentException().isThrownBy(() -> LargestRemainder.split(4, new long[] {1, 2}));
        assertThatIllegalArgumentException().isThrownBy(() -> LargestRemainder.split(-1, new long[] {1}));
        assertThatIllegalArgumentException().isThrownBy(() -> LargestRemainder.split(0, new long[] {-1, 1}));
    }

    /** The split is the exact proportional share rounded so the sum holds, the biggest fractions rounded up. */
    @Property
    void sharesAreTheLargestRemainderRounding(@ForAll("splits") Split split) {
        long[] shares = LargestRemainder.split(split.total(), split.weights());

        BigInteger total = BigInteger.valueOf(split.total());
        BigInteger sum = BigInteger.valueOf(Arrays.stream(split.weights()).sum());
        assertThat(Arrays.stream(shares).sum()).isEqualTo(split.total());
        int n = shares.length;
        BigInteger[] remainder = new BigInteger[n];
        boolean[] roundedUp = new boolean[n];
        for (int i = 0; i < n; i++) {
            BigInteger[] qr = total.multiply(BigInteger.valueOf(split.weights()[i])).divideAndRemainder(sum);
            long floor = qr[0].longValueExact();
            remainder[i] = qr[1];
            assertThat(shares[i]).isBetween(floor, floor + 1).isBetween(0L, split.weights()[i]);
            roundedUp[i] = shares[i] == floor + 1;
        }
        for (int up = 0; up < n; up++) {
            for (int down = 0; down < n; down++) {
                if (roundedUp[up] && !roundedUp[down]) {
                    int cmp = remainder[up].compareTo(remainder[down]);
                    assertThat(cmp > 0 || (cmp == 0 && up < down))
                            .as("unit went to index %d (remainder %s) before %d (remainder %s)",
                                    up, remainder[up], down, remainder[down])
                            .isTrue();
                }
            }
        }
    }

    @Provide
    Arbitrary<Split> splits() {
        Arbitrary<Long> weight = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 1_000),
                Arbitraries.longs().between(0, 1_000_000_000_000L));
        return weight.list().ofMinSize(1).ofMaxSize(30)
                .filter(ws -> ws.stream().mapToLong(Long::longValue).sum() > 0)
                .flatMap(ws -> {
                    long sum = ws.stream().mapToLong(Long::longValue).sum();
                    return Combinators.combine(Arbitraries.just(ws), Arbitraries.longs().between(0, sum))
                            .as((w, total) -> new Split(total, w.stream().mapToLong(Long::longValue).toArray()));
                });
    }

    record Split(long total, long[] weights) {
        @Override
        public String toString() {
            return "Split[total=" + total + ", weights=" + Arrays.toString(weights) + "]";
        }
    }
}
