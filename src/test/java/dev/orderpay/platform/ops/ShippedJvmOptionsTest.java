package dev.orderpay.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JVM options the images ship (issue #13: RSS under load with the shipped heap setting) live in
 * one file, {@code src/main/docker/java-opts}, and everything that runs the packaged service reads
 * that file: both Dockerfiles (the AOT image trains its cache and runs with the same options, else
 * the JDK skips the cache), the benchmark's default and the packaged-jar ITs ({@code PackagedService},
 * so the crash and restart flows run within the shipped heap). Every deployed container's memory
 * limit leaves room for that heap plus the non-heap the benchmark measured (README "Memory").
 */
class ShippedJvmOptionsTest {

    static final Path OPTS = Path.of("src/main/docker/java-opts");
    /** Non-heap room per container: metaspace and class space (~97 MiB), code cache (≤ 64 MiB), symbols, stacks, libjvm, malloc: 279–281 MB RSS at a 128 MiB heap under the benchmark's load. */
    static final long NON_HEAP_MIB = 320;

    static List<String> options() throws IOException {
        List<String> lines = Files.readAllLines(OPTS).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("java-opts is one line").hasSize(1);
        return Arrays.asList(lines.get(0).trim().split("\\s+"));
    }

    static long heapMib() throws IOException {
        String xmx = options().stream().filter(o -> o.startsWith("-Xmx")).findFirst().orElseThrow();
        Matcher m = Pattern.compile("-Xmx(\\d+)([mMgG])").matcher(xmx);
        assertThat(m.matches()).as(xmx).isTrue();
        return Long.parseLong(m.group(1)) * (m.group(2).equalsIgnoreCase("g") ? 1024 : 1);
    }

    @Test
    void oneGcAndABoundedHeap() throws IOException {
        List<String> opts = options();
        assertThat(opts.stream().filter(o -> o.matches("-XX:\\+Use\\w+GC"))).as("exactly one GC chosen").hasSize(1);
        assertThat(heapMib()).isBetween(64L, 512L);
        assertThat(opts).allMatch(o -> o.startsWith("-X"), "JVM options only (no -D, no -jar)");
    }

    @Test
    void bothImagesRunWithTheFileAndTheAotImageTrainsWithItToo() throws IOException {
        String jvm = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        assertThat(jvm).contains("COPY --chown=185 src/main/docker/java-opts /deployments/java-opts");
        assertThat(entrypoint(jvm)).contains("$(cat /deployments/java-opts)");

        String aot = Files.readString(Path.of("src/main/docker/Dockerfile.jvm-aot"));
        assertThat(aot).contains("COPY src/main/docker/java-opts /deployments/java-opts");
        assertThat(aot).containsPattern("RUN /deployments/aot-train\\.sh /deployments /deployments/app\\.aot \\$\\(cat /deployments/java-opts\\)");
        assertThat(entrypoint(aot)).contains("$(cat /deployments/java-opts)").contains("-XX:AOTCache=/deployments/app.aot")
                .contains("-jar quarkus-run.jar");
        assertThat(aot).contains("-Dquarkus.package.jar.type=aot-jar");
    }

    @Test
    void theBenchmarkAndThePackagedJarTestsUseTheFile() throws IOException {
        assertThat(Files.readString(Path.of("bench/run.sh"))).contains("JVM_OPTS=$(cat \"$(dirname \"$0\")/../src/main/docker/java-opts\")");
        assertThat(dev.orderpay.invariants.PackagedService.shippedJavaOptions()).isEqualTo(options());
    }

    @Test
    void everyContainerLimitHoldsTheHeapAndTheMeasuredNonHeap() throws IOException {
        long need = heapMib() + NON_HEAP_MIB;
        List<String> limits = new ArrayList<>();
        YAMLMapper yaml = new YAMLMapper();
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("deploy"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path f : files) {
            try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(f.toFile())) {
                while (it.hasNext()) {
                    JsonNode doc = it.next();
                    if (doc == null) {
                        continue;
                    }
                    for (JsonNode c : doc.path("spec").path("template").path("spec").path("containers")) {
                        String limit = c.path("resources").path("limits").path("memory").asText();
                        limits.add(f + ": " + limit);
                        assertThat(mib(limit)).as(f + " " + c.path("name").asText() + " memory limit " + limit).isGreaterThanOrEqualTo(need);
                    }
                }
            }
        }
        assertThat(limits).as("containers with a memory limit").hasSizeGreaterThanOrEqualTo(5);
    }

    private static String entrypoint(String dockerfile) {
        return dockerfile.lines().filter(l -> l.startsWith("ENTRYPOINT")).reduce((a, b) -> b).orElseThrow();
    }

    private static long mib(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
        assertThat(m.matches()).as("memory quantity " + quantity).isTrue();
        return Long.parseLong(m.group(1)) * (m.group(2).equals("Gi") ? 1024 : 1);
    }
}
