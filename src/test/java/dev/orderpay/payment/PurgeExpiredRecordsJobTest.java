package dev.orderpay.payment;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.orderpay.support.Db;
import dev.orderpay.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #10, defect 11: the {@code purge-expired-records} job enforces retention — idempotency
 * records older than {@code payments.idempotency.retention} (24 h) and webhook event IDs older than
 * {@code payments.retention.webhook-events} (30 days) are deleted, newer ones stay; a key used again
 * after its record was purged is treated as a new request. Driven through the admin jobs API with the
 * adjustable clock.
 */
@QuarkusTest
class PurgeExpiredRecordsJobTest {

    private static final String JOB = "/v1/admin/jobs/purge-expired-records";

    @Inject
    Db db;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private long keys(String customer) {
        return db.count("select count(*) from idempotency_record where customer_id = $1", customer);
    }

    private void webhookEvent(String id, Instant receivedAt) {
        db.exec("insert into webhook_event (event_id, type, payment_id, received_at) values ($1, 'checkout.session.completed', null, $2)",
                id, utc(receivedAt));
    }

    private boolean webhookEventKept(String id) {
        return db.count("select count(*) from webhook_event where event_id = $1", id) == 1;
    }

    @Test
    void theJobIsListedAndScheduledByConfiguration() {
        asAdmin().get("/v1/admin/jobs").then().statusCode(200)
                .body("jobs.name", hasItem("purge-expired-records"));
    }

    @Test
    void recordsOlderThanTheirRetentionGoAndNewerOnesStay() {
        Instant t0 = Instant.now().plus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        TestClock.set(t0);
        String c = newCustomer();
        putCustomer(c, true);
        String oldKey = "old-" + UUID.randomUUID();
        String oldOrder = createOrder(c, usdOrder("10.00"));
        Map<String, Object> oldBody = payment(List.of(oldOrder), "monthly_settlement");
        asCustomer(c).header("Idempotency-Key", oldKey).body(oldBody).post("/v1/payments").then().statusCode(201);
        String oldEvent = "evt_old_" + UUID.randomUUID();
        String newEvent = "evt_new_" + UUID.randomUUID();

        // 23 h later: a second key is stored; nothing is old enough yet
        TestClock.set(t0.plus(Duration.ofHours(23)));
        String newKey = "new-" + UUID.randomUUID();
        asCustomer(c).header("Idempotency-Key", newKey)
                .body(payment(List.of(createOrder(c, usdOrder("11.00"))), "monthly_settlement"))
                .post("/v1/payments").then().statusCode(201);
        Instant now = t0.plus(Duration.ofHours(25));
        webhookEvent(oldEvent, now.minus(Duration.ofDays(30)).minusSeconds(1));
        webhookEvent(newEvent, now.minus(Duration.ofDays(29)));
        asAdmin().post(JOB).then().statusCode(200).body("job", is("purge-expired-records"));
        assertThat(keys(c)).isEqualTo(2);

        // 25 h after the first: its record (and the 30-day-old event) go, the 2-hour-old key and the 29-day-old event stay
        TestClock.set(now);
        asAdmin().post(JOB).then().statusCode(200)
                .body("counts.idempotency_records", not(is(0)))
                .body("counts.webhook_events", not(is(0)));
        assertThat(db.strings("select idempotency_key from idempotency_record where customer_id = $1", c))
                .containsExactly(newKey);
        assertThat(webhookEventKept(oldEvent)).isFalse();
        assertThat(webhookEventKept(newEvent)).isTrue();

        // a purged key is new again: with another body it pays, where it would have been IDEMPOTENCY_KEY_REUSED
        String another = createOrder(c, usdOrder("12.00"));
        asCustomer(c).header("Idempotency-Key", oldKey).body(payment(List.of(another), "monthly_settlement"))
                .post("/v1/payments").then().statusCode(201).body("orders[0].order_id", is(another));
        // the kept key still replays, and still refuses another body
        asCustomer(c).header("Idempotency-Key", newKey).body(payment(List.of(another), "monthly_settlement"))
                .post("/v1/payments").then().statusCode(422).body("error_code", is("IDEMPOTENCY_KEY_REUSED"));
        assertThat(db.count("select count(*) from customer_order where order_id = $1 and status = 'paid'", oldOrder)).isEqualTo(1);
    }

    @Test
    void concurrentRunsDeleteEachRecordOnce() throws Exception {
        Instant now = Instant.now().plus(800, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String prefix = "evt_many_" + UUID.randomUUID() + "_";
        db.exec("insert into webhook_event (event_id, type, payment_id, received_at) "
                + "select $1 || g, 'checkout.session.completed', null, $2 from generate_series(1, 2500) g",
                prefix, utc(now.minus(Duration.ofDays(31))));
        TestClock.set(now);
        var pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Long>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> asAdmin().post(JOB).then().statusCode(200).extract()
                        .jsonPath().getLong("counts.webhook_events")));
            }
            long total = 0;
            for (var r : runs) {
                total += r.get();
            }
            assertThat(db.count("select count(*) from webhook_event where event_id like $1", prefix + "%")).isZero();
            // other tests' events may be purged too, but each of ours was deleted by exactly one run
            assertThat(total).isGreaterThanOrEqualTo(2500);
        } finally {
            pool.shutdownNow();
        }
    }
}
