package dev.orderpay.pricing;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Splits a sum of minor units over weights by the largest-remainder method (contract §5 rule 5).
 */
final class LargestRemainder {

    private LargestRemainder() {
    }

    /**
     * Shares of {@code total} proportional to {@code weights}: each gets {@code floor(total × w_i / W)};
     * the units left over go one each to the largest remainders {@code total × w_i mod W}, ties to the
     * lower index (callers pass weights in ascending order-ID order). Since {@code total ≤ W}, no
     * share exceeds its weight.
     *
     * @param total   minor units to split, {@code 0 ≤ total ≤ Σ weights}
     * @param weights non-negative weights (remaining payable per order)
     * @return shares, same length as {@code weights}, summing to {@code total} (all 0 when Σ weights = 0)
     * @throws IllegalArgumentException if {@code total} or a weight is out of range
     */
    static long[] split(long total, long[] weights) {
        long weightSum = 0;
        for (long weight : weights) {
            if (weight < 0) {
                throw new IllegalArgumentException("Negative weight " + weight);
            }
            weightSum = Math.addExact(weightSum, weight);
        }
        if (total < 0 || total > weightSum) {
            throw new IllegalArgumentException("Cannot split " + total + " over weights summing to " + weightSum);
        }
        long[] shares = new long[weights.length];
        if (total == 0) {
            return shares;
        }
        // total × weight can reach ~10^25 (30 orders of 10^12 minor units): beyond long
        BigInteger bigTotal = BigInteger.valueOf(total);
        BigInteger bigSum = BigInteger.valueOf(weightSum);
        long[] remainders = new long[weights.length];
        long leftover = total;
        for (int i = 0; i < weights.length; i++) {
            BigInteger[] qr = bigTotal.multiply(BigInteger.valueOf(weights[i])).divideAndRemainder(bigSum);
            shares[i] = qr[0].longValueExact();
            remainders[i] = qr[1].longValueExact();
            leftover -= shares[i];
        }
        IntStream.range(0, weights.length).boxed()
                .sorted(Comparator.<Integer>comparingLong(i -> remainders[i]).reversed()
                        .thenComparing(Comparator.naturalOrder()))
                .limit(leftover)
                .forEach(i -> shares[i]++);
        return shares;
    }
}
