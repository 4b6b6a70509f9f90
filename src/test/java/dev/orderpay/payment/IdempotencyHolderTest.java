package dev.orderpay.payment;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderpay.platform.ApiException;
import dev.orderpay.support.Db;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Only the request that holds an Idempotency-Key now may store an answer under it, link a payment
 * to it or release it (contract §6; a key is taken over once its first request has been silent for
 * {@code payments.idempotency.lock-timeout}). Against the real PostgreSQL, through
 * {@link IdempotencyStore}'s own methods: the take-over needs two requests minutes apart.
 */
@QuarkusTest
class IdempotencyHolderTest {

    @Inject
    IdempotencyStore store;

    @Inject
    PaymentConfig config;

    @Inject
    Db db;

    @Test
    void aRequestWhoseKeyWasTakenOverNeitherStoresNorReleasesIt() throws Throwable {
        String customer = newCustomer();
        String key = "holder-" + UUID.randomUUID();
        Instant t0 = Instant.parse("2026-03-01T10:00:00.123456789Z");
        IdempotencyStore.Claim first = VertxContextSupport.subscribeAndAwait(() -> store.claim(customer, key, "h1", t0));
        assertThat(first.replay()).isEmpty();
        assertThat(first.held().lockedAt().getNano() % 1000).as("microseconds, as PostgreSQL stores them").isZero();

        // still running: a second request with the key is told so
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> store.claim(customer, key, "h1", t0.plusSeconds(1))))
                .isInstanceOf(ApiException.class).hasMessageContaining("still being processed");

        // silent past the lock timeout: a retry takes the key over
        Instant t1 = t0.plus(config.idempotency().lockTimeout()).plus(Duration.ofSeconds(1));
        IdempotencyStore.Claim second = VertxContextSupport.subscribeAndAwait(() -> store.claim(customer, key, "h1", t1));
        assertThat(second.held().lockedAt()).isNotEqualTo(first.held().lockedAt());

        // the first request, failing late, leaves the new holder's claim alone...
        VertxContextSupport.subscribeAndAwait(() -> store.release(first.held()));
        assertThat(db.count("select count(*) from idempotency_record where customer_id = $1 and idempotency_key = $2",
                customer, key)).isEqualTo(1);
        // ...and, succeeding late, cannot store its answer or link its payment (its transaction rolls back)
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> store.complete(first.held(), "{\"late\":true}", null))))
                .isInstanceOf(ApiException.class).hasMessageContaining("still being processed");
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> store.linkPayment(first.held(), null))))
                .isInstanceOf(ApiException.class).hasMessageContaining("still being processed");

        // the holder stores its answer, and the key replays it
        VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> store.complete(second.held(), "{\"answer\":2}", null)));
        IdempotencyStore.Claim replay = VertxContextSupport.subscribeAndAwait(
                () -> store.claim(customer, key, "h1", t1.plusSeconds(1)));
        assertThat(replay.replay()).contains("{\"answer\":2}");

        // releasing a completed key changes nothing
        VertxContextSupport.subscribeAndAwait(() -> store.release(second.held()));
        assertThat(db.string("select state from idempotency_record where customer_id = $1 and idempotency_key = $2",
                customer, key)).isEqualTo("completed");
    }
}
