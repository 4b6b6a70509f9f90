package dev.orderpay.invariants;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;

/**
 * An embedded PostgreSQL (zonky) for the packaged-service ITs, started by the test on a fixed
 * port with a data directory kept across stops, so it can be stopped and started again under a
 * running service (issue #11 item 3) and outlives the service's crashes (item 1).
 */
final class ItDatabase implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    ItDatabase(Path dataDir) throws IOException {
        this.dataDir = dataDir;
        Files.createDirectories(dataDir.getParent());
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    /** Starts the server (initialises the data directory the first time). */
    void start() throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_connections", "120").start();
    }

    /** Stops the server ({@code pg_ctl stop -m fast}: open connections are terminated, 57P01). */
    void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    boolean running() {
        return postgres != null;
    }

    int port() {
        return port;
    }

    void createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres")); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres&password=postgres";
    }

    String reactiveUrl(String database) {
        return "postgresql://postgres:postgres@localhost:" + port + "/" + database;
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() throws IOException {
        stop();
        if (Files.exists(dataDir)) {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
