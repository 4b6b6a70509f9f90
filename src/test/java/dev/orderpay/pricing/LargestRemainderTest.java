package dev.orderpay.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.orderpay.support.PropertyCheck;
import dev.orderpay.support.PropertyCheck.Gen;
import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LargestRemainderTest {

    @Test
    void equalWeightsGiveTheLeftoverToTheFirst() {
        assertThat(LargestRemainder.split(1000, new long[] {1000, 1000, 1000})).containsExactly(334, 333, 333);
        assertThat(LargestRemainder.split(2, new long[] {5, 5, 5})).containsExactly(1, 1, 0);
    }

    @Test
    void leftoverGoesToTheLargestRemainderNotTheFirst() {
        // 2000 × 2/3 = 1333.33, 2000 × 1/3 = 666.67
        assertThat(LargestRemainder.split(2000, new long[] {10_000, 5_000})).containsExactly(1333, 667);
    }

    @Test
    void zeroWeightsGetNothing() {
        assertThat(LargestRemainder.split(0, new long[] {0, 0})).containsExactly(0, 0);
        assertThat(LargestRemainder.split(3, new long[] {0, 1, 0, 2})).containsExactly(0, 1, 0, 2);
    }

    @Test
    void refusesToSplitMoreThanTheWeights() {
        assertThatIllegalArgumentException().isThrownBy(() -> LargestRemainder.split(4, new long[] {1, 2}));
        assertThatIllegalArgumentException().isThrownBy(() -> LargestRemainder.split(-1, new long[] {1}));
        assertThatIllegalArgumentException().isThrownBy(() -> LargestRemainder.split(0, new long[] {-1, 1}));
    }

    /**
     * The split is the exact proportional share rounded so the sum holds, the biggest fractions rounded up;
     * on {@link PropertyCheck#tries()} seeded random splits.
     */
    @Test
    void sharesAreTheLargestRemainderRounding() {
        PropertyCheck.forAll(LargestRemainderTest::split, LargestRemainderTest::isTheLargestRemainderRounding);
    }

    private static void isTheLargestRemainderRounding(Split split) {
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

    /** 1–30 weights, each small (0–1,000) or large (up to 10^12), not all 0; a total from 0 to their sum. */
    static Split split(Gen g) {
        long[] weights;
        long sum;
        do {
            weights = g.list(1, 30, x -> x.bool() ? x.between(0L, 1_000L) : x.between(0L, 1_000_000_000_000L))
                    .stream().mapToLong(Long::longValue).toArray();
            sum = Arrays.stream(weights).sum();
        } while (sum == 0);
        return new Split(g.between(0L, sum), weights);
    }

    record Split(long total, long[] weights) {
        @Override
        public String toString() {
            return "Split[total=" + total + ", weights=" + Arrays.toString(weights) + "]";
        }
    }
}
