package dev.orderpay.invariants;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, system property
 * {@code orderpay.jar}) as a separate JVM process on a fixed port, configured by system
 * properties, its output in {@code target/invariants/<name>-<n>.log}. {@link #kill()} is
 * SIGKILL ({@link Process#destroyForcibly()} on Linux); {@link #awaitDeath} waits for a process
 * that halts itself at a fault point.
 */
public final class PackagedService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path logDir;
    private int starts;
    private Process process;

    PackagedService(String name, Path logDir) throws IOException {
        this.name = name;
        this.logDir = logDir;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    long pid() {
        return process.pid();
    }

    int starts() {
        return starts;
    }

    /** The JVM options both images run the service with: {@code src/main/docker/java-opts}, one line. */
    public static List<String> shippedJavaOptions() throws IOException {
        return List.of(Files.readString(Path.of("src/main/docker/java-opts")).trim().split("\\s+"));
    }

    /** Starts the jar with {@code config} as system properties and waits until {@code /q/health/ready} answers 200. */
    void start(Map<String, String> config) throws IOException, InterruptedException {
        String jar = System.getProperty("orderpay.jar", "target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(Path.of(jar))) {
            throw new IllegalStateException(jar + " not found: the ITs run after `package` (./mvnw verify)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        // the JVM options the images ship (heap, GC: README "Memory"), so that the flows run within
        // them; C1 only, to spare CI's two cores the C2 compiler
        cmd.addAll(shippedJavaOptions());
        cmd.add("-XX:TieredStopAtLevel=1");
        Map<String, String> all = new TreeMap<>(config);
        all.put("quarkus.http.port", String.valueOf(port));
        all.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar);
        starts++;
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + "-" + starts + ".log");
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after 180 s; see " + log);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Waits for the process to end by itself (a fault point halts it); returns its exit status. */
    int awaitDeath(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running " + timeout + " after it should have halted at its fault point");
        }
        return process.exitValue();
    }

    /** SIGKILL and wait. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM (a clean shutdown) and wait; SIGKILL after 30 s. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
