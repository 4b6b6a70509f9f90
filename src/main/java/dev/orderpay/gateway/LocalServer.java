package dev.orderpay.gateway;

import io.quarkus.vertx.http.HttpServer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * This service's own HTTP address, as actually bound. Under a random port
 * ({@code quarkus.http.test-port=0}, {@code quarkus.http.port=0}) the configured value is 0,
 * so the port is read from Quarkus' {@link HttpServer} runtime info, which holds the port
 * the Vert.x server really listens on once it has started.
 */
@ApplicationScoped
public class LocalServer {

    private final HttpServer server;

    public LocalServer(HttpServer server) {
        this.server = server;
    }

    /** The actual HTTP port. @throws IllegalStateException before the HTTP server has started */
    public int port() {
        int port = server.getPort();
        if (port <= 0) {
            throw new IllegalStateException("the HTTP server has not started yet");
        }
        return port;
    }

    /** {@code http://localhost:<port>}, no trailing slash. @throws IllegalStateException before the HTTP server has started */
    public String baseUrl() {
        return "http://localhost:" + port();
    }
}
