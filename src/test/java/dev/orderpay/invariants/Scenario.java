package dev.orderpay.invariants;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The switches and figures shared by the scenarios of issue #11.
 * <ul>
 * <li>{@code -Dinvariants.seed=N}: the seed of every random choice (default: a new one per run,
 *     printed, so a run can be made again with the same mix);</li>
 * <li>{@code -Dinvariants.scale=N}: size multiplier (default 1, the CI size; e.g. 10 for a longer run).</li>
 * </ul>
 * Figures are printed and written to {@code target/invariants/<scenario>.properties}.
 */
final class Scenario {

    static final long SEED = Long.getLong("invariants.seed", System.nanoTime() ^ Instant.now().toEpochMilli());
    static final int SCALE = Math.max(1, Integer.getInteger("invariants.scale", 1));

    private final String name;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    Scenario(String name) {
        this.name = name;
        figures.put("seed", SEED);
        figures.put("scale", SCALE);
        System.out.printf("[invariants] %s: -Dinvariants.seed=%d -Dinvariants.scale=%d%n", name, SEED, SCALE);
    }

    Scenario put(String key, Object value) {
        figures.put(key, value);
        return this;
    }

    Scenario putAll(String prefix, Map<String, ?> values) {
        new TreeMap<>(values).forEach((k, v) -> figures.put(prefix + k, v));
        return this;
    }

    /** Prints the figures and writes {@code target/invariants/<name>.properties}. */
    void write() {
        StringBuilder line = new StringBuilder("[invariants] " + name + " figures:");
        figures.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        Properties p = new Properties();
        figures.forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        Path dir = Path.of("target", "invariants");
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(dir.resolve(name + ".properties"))) {
                p.store(w, "issue #11 scenario " + name + ", " + Instant.now());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
