package dev.orderpay.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Property-based checks on plain JUnit 5: a property is checked on {@link #tries()} inputs made by a
 * generator from seeded {@link java.util.Random}s, so any failing input can be made again.
 *
 * <ul>
 *   <li>{@code -Dproperty.tries=N} sets the tries per property (default {@value #DEFAULT_TRIES});</li>
 *   <li>{@code -Dproperty.seed=S} fixes the run's seed (default: a new random seed each run).</li>
 * </ul>
 *
 * Try 0 uses the run's seed itself, try {@code i} a seed derived from it (SplitMix64), so a failure
 * report names both the run's seed (replays the whole run) and the failing try's seed: with
 * {@code -Dproperty.seed=<try seed> -Dproperty.tries=1} exactly that input is checked again.
 * There is no shrinking: generators favour small and edge values (see {@link Gen}) instead.
 */
public final class PropertyCheck {

    public static final String TRIES_PROPERTY = "property.tries";
    public static final String SEED_PROPERTY = "property.seed";
    public static final int DEFAULT_TRIES = 1000;
    /** Below this many tries the label percentages ({@link Stats#assertPercentAbove}) are not checked. */
    public static final int MIN_TRIES_FOR_STATS = 200;

    private PropertyCheck() {
    }

    /** The tries per property: {@code -Dproperty.tries}, else {@value #DEFAULT_TRIES}. */
    public static int tries() {
        String value = System.getProperty(TRIES_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_TRIES;
        }
        int tries = Integer.parseInt(value.trim());
        if (tries < 1) {
            throw new IllegalArgumentException(TRIES_PROPERTY + " must be at least 1, not " + tries);
        }
        return tries;
    }

    /** Checks {@code property} on {@link #tries()} inputs from {@code generator}. */
    public static <T> void forAll(Function<Gen, T> generator, Consumer<T> property) {
        forAllWithStats(generator, (value, stats) -> property.accept(value));
    }

    /**
     * Checks {@code property} on {@link #tries()} inputs from {@code generator}; the property may label
     * each input in {@link Stats}, returned for checks over the whole run.
     *
     * @throws AssertionError for the first input that fails, naming the seeds and the input
     */
    public static <T> Stats forAllWithStats(Function<Gen, T> generator, BiConsumer<T, Stats> property) {
        int tries = tries();
        String fixed = System.getProperty(SEED_PROPERTY);
        long runSeed = fixed == null || fixed.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(fixed.trim());
        Stats stats = new Stats(tries);
        for (int i = 0; i < tries; i++) {
            long trySeed = i == 0 ? runSeed : mix(runSeed + i * 0x9E3779B97F4A7C15L);
            T value = null;
            try {
                value = generator.apply(new Gen(new Random(trySeed)));
                property.accept(value, stats);
            } catch (AssertionError | RuntimeException e) {
                String message = "property failed on try " + (i + 1) + " of " + tries
                        + "\n  replay the run:  -D" + SEED_PROPERTY + "=" + runSeed + " -D" + TRIES_PROPERTY + "=" + tries
                        + "\n  replay this try: -D" + SEED_PROPERTY + "=" + trySeed + " -D" + TRIES_PROPERTY + "=1"
                        + "\n  input: " + value
                        + "\n  failure: " + e;
                throw new AssertionError(message, e);
            }
        }
        return stats;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Counts of labels over a run, e.g. which branch each input reached. */
    public static final class Stats {
        private final int tries;
        private final Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();

        Stats(int tries) {
            this.tries = tries;
        }

        /** Counts one occurrence of {@code value} under {@code label}. */
        public void collect(String label, Object value) {
            counts.computeIfAbsent(label, k -> new LinkedHashMap<>()).merge(String.valueOf(value), 1, Integer::sum);
        }

        /** Percentage of all occurrences under {@code label} that were {@code value}. */
        public double percent(String label, Object value) {
            Map<String, Integer> byValue = counts.getOrDefault(label, Map.of());
            int total = byValue.values().stream().mapToInt(Integer::intValue).sum();
            return total == 0 ? 0 : 100.0 * byValue.getOrDefault(String.valueOf(value), 0) / total;
        }

        /**
         * Asserts that the generator keeps reaching {@code value} (more than {@code percent} % of
         * {@code label}'s occurrences), or the property proves little. Skipped below
         * {@value #MIN_TRIES_FOR_STATS} tries, where percentages say nothing.
         */
        public Stats assertPercentAbove(String label, Object value, double percent) {
            if (tries >= MIN_TRIES_FOR_STATS && !(percent(label, value) > percent)) {
                throw new AssertionError("coverage: '" + value + "' is " + String.format("%.1f", percent(label, value))
                        + " % of '" + label + "', expected more than " + percent + " %; all: " + counts.get(label));
            }
            return this;
        }

        @Override
        public String toString() {
            return counts.toString();
        }
    }

    /**
     * A seeded source of test inputs. Ranges are inclusive; about one value in 16 from
     * {@link #between} is an edge (a bound, or next to one), as edges are where rounding breaks.
     */
    public static final class Gen {
        private final Random random;

        Gen(Random random) {
            this.random = random;
        }

        /** The underlying random, e.g. for {@link java.util.Collections#shuffle(List, Random)}. */
        public Random random() {
            return random;
        }

        /** A long in {@code [min, max]}, edges favoured. */
        public long between(long min, long max) {
            if (min > max) {
                throw new IllegalArgumentException(min + " > " + max);
            }
            if (min == max) {
                return min;
            }
            if (random.nextInt(16) == 0) {
                return switch (random.nextInt(4)) {
                    case 0 -> min;
                    case 1 -> max;
                    case 2 -> min + 1;
                    default -> max - 1;
                };
            }
            // [min, max] inclusive without overflow when max is Long.MAX_VALUE
            return max == Long.MAX_VALUE ? random.nextLong(min - 1, max) + 1 : random.nextLong(min, max + 1);
        }

        /** An int in {@code [min, max]}, edges favoured. */
        public int between(int min, int max) {
            return (int) between((long) min, (long) max);
        }

        public boolean bool() {
            return random.nextBoolean();
        }

        /** True with probability {@code p}. */
        public boolean chance(double p) {
            return random.nextDouble() < p;
        }

        /** One of {@code values}, uniformly. */
        @SafeVarargs
        public final <T> T of(T... values) {
            return values[random.nextInt(values.length)];
        }

        /** One of {@code values}, uniformly. */
        public <T> T of(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        /** {@code null} with probability {@code p}, else {@code value.apply(this)}. */
        public <T> T orNull(double p, Function<Gen, T> value) {
            return chance(p) ? null : value.apply(this);
        }

        /** A string of {@code minLength}–{@code maxLength} characters from {@code from} to {@code to}. */
        public String string(char from, char to, int minLength, int maxLength) {
            int length = between(minLength, maxLength);
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append((char) between(from, to));
            }
            return s.toString();
        }

        /** A list of {@code minSize}–{@code maxSize} values. */
        public <T> List<T> list(int minSize, int maxSize, Function<Gen, T> element) {
            int size = between(minSize, maxSize);
            List<T> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(element.apply(this));
            }
            return out;
        }

        /**
         * A list of {@code minSize}–{@code maxSize} values whose {@code key}s differ.
         *
         * @throws IllegalStateException when the generator cannot find enough distinct values
         */
        public <T> List<T> uniqueList(int minSize, int maxSize, Function<Gen, T> element, Function<T, ?> key) {
            int size = between(minSize, maxSize);
            List<T> out = new ArrayList<>(size);
            Set<Object> seen = new HashSet<>();
            for (int attempts = 0; out.size() < size; attempts++) {
                if (attempts > 100 * (size + 1)) {
                    throw new IllegalStateException("could not generate " + size + " distinct values");
                }
                T value = element.apply(this);
                if (seen.add(key.apply(value))) {
                    out.add(value);
                }
            }
            return out;
        }

        /** A subset of {@code universe} (each element in with probability ½), in the universe's order. */
        public <T> Set<T> subsetOf(Collection<T> universe) {
            Set<T> out = new LinkedHashSet<>();
            for (T value : universe) {
                if (random.nextBoolean()) {
                    out.add(value);
                }
            }
            return out;
        }

        /** A shuffled copy of {@code values}. */
        public <T> List<T> shuffled(Collection<T> values) {
            List<T> copy = new ArrayList<>(values);
            Collections.shuffle(copy, random);
            return copy;
        }
    }
}
