package dev.orderpay.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * A database of its own for one test profile: an embedded PostgreSQL (Flyway migrates it over
 * JDBC directly) that the reactive pool reaches only through a {@link TcpProxy}, so the test can
 * take the database away from the running service and give it back ({@link Inject}).
 */
public class CuttableDatabaseResource implements QuarkusTestResourceLifecycleManager {

    /** Injects the {@link TcpProxy} between the reactive pool and PostgreSQL into a test field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    private EmbeddedPostgres postgres;
    private TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
            proxy = new TcpProxy(postgres.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + postgres.getPort()
                        + "/postgres?user=postgres&password=postgres",
                "quarkus.datasource.reactive.url", "postgresql://postgres:postgres@localhost:" + proxy.port() + "/postgres");
    }

    @Override
    public void stop() {
        try {
            if (proxy != null) {
                proxy.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(proxy, new TestInjector.AnnotatedAndMatchesType(Inject.class, TcpProxy.class));
    }
}
