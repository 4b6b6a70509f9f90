package dev.orderpay.payment;

import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.db.SqlStatements;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Idempotency keys with Stripe's semantics (contract §6), stored in PostgreSQL table
 * {@code idempotency_record}, per customer. The first request with a key claims it;
 * the payment it made, as the JSON the first answer carried, is stored (in the same transaction
 * as the work it describes) and replayed verbatim for a retry with the same body. A request that
 * fails releases the key, so it is not stored. Only payments (answered 201) are stored: column
 * {@code response_status} is always 201 and not read back.
 */
@ApplicationScoped
public class IdempotencyStore {

    private final PaymentConfig config;
    private final SqlStatements sql;

    public IdempotencyStore(PaymentConfig config, SqlStatements sql) {
        this.config = config;
        this.sql = sql;
    }

    /**
     * A key this request holds. {@code lockedAt} (UTC, microseconds) is the time of its claim or
     * take-over, stored in the row's {@code locked_at}: the holder's token. {@link #complete},
     * {@link #linkPayment} and {@link #release} act only while the row still carries it, so a
     * request whose key was taken over after {@code payments.idempotency.lock-timeout} can neither
     * store its answer over the new holder's nor release the new holder's claim.
     */
    public record HeldKey(String customerId, String key, OffsetDateTime lockedAt) {
    }

    /**
     * What a claim found under a key.
     *
     * @param storedJson       the payment JSON a completed earlier request answered, to replay; null when the key is now ours
     * @param pendingPaymentId the payment an earlier request under this key recorded before it died (taken over
     *                         after {@code lockTimeout}; issue #10 item 7), to resume; null for a fresh key
     * @param held             the key as this request now holds it; null when replaying
     */
    public record Claim(String storedJson, String pendingPaymentId, HeldKey held) {

        /** The stored answer to replay, if a completed request holds the key. */
        public Optional<String> replay() {
            return Optional.ofNullable(storedJson);
        }
    }

    /**
     * Claims {@code key} for a request with fingerprint {@code requestHash} and says what it found.
     * A fresh key costs one statement, an upsert that commits on its own (no BEGIN/COMMIT round
     * trips; issue #13). A key already held is read and, if its first request died, taken over in
     * one short transaction under the row's lock; the payment that request recorded comes from the
     * same row read.
     *
     * @throws ApiException 422 IDEMPOTENCY_KEY_REUSED (same key, other body),
     *                      409 IDEMPOTENCY_IN_PROGRESS (the first request is still running)
     */
    public Uni<Claim> claim(String customerId, String key, String requestHash, Instant now) {
        return claim(customerId, key, requestHash, now, 1);
    }

    /** Attempts to claim a held key that keeps vanishing between upsert and read before answering 409. */
    static final int CLAIM_ATTEMPTS = 3;

    private Uni<Claim> claim(String customerId, String key, String requestHash, Instant now, int attempt) {
        // PostgreSQL keeps microseconds: the token must compare equal to what it stored
        OffsetDateTime at = now.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        OffsetDateTime staleBefore = now.minus(config.idempotency().lockTimeout()).atOffset(ZoneOffset.UTC);
        OffsetDateTime expiredBefore = now.minus(config.idempotency().retention()).atOffset(ZoneOffset.UTC);
        return sql.update("insert into idempotency_record (customer_id, idempotency_key, request_hash, state, created_at, locked_at) "
                                + "values ($1, $2, $3, 'in_progress', $4, $4) "
                                + "on conflict (customer_id, idempotency_key) do update set "
                                // an expired record is forgotten: the key starts afresh
                                + "request_hash = excluded.request_hash, state = 'in_progress', response_status = null, "
                                + "response_body = null, payment_id = null, created_at = excluded.created_at, locked_at = excluded.locked_at "
                                + "where idempotency_record.created_at < $5",
                        Tuple.of(customerId, key, requestHash, at, expiredBefore))
                // inserted, or an expired record started afresh (payment_id = null): nothing to resume
                .flatMap(inserted -> inserted == 1
                        ? Uni.createFrom().item(new Claim(null, null, new HeldKey(customerId, key, at)))
                        : Panache.withTransaction(() -> Panache.getSession()
                                .flatMap(s -> existing(s, customerId, key, requestHash, at, staleBefore)))
                        // released by its failed first request in between: claim it afresh, a few times;
                        // a key that keeps coming and going is busy with other requests
                        .flatMap(found -> found.isPresent() ? Uni.createFrom().item(found.get())
                                : attempt < CLAIM_ATTEMPTS ? claim(customerId, key, requestHash, now, attempt + 1)
                                : Uni.createFrom().failure(inProgress())));
    }

    /** The key's row, read under its lock; empty when it is gone (released since the upsert saw it). */
    private Uni<Optional<Claim>> existing(Mutiny.Session s, String customerId,
                                                   String key, String requestHash, OffsetDateTime now,
                                                   OffsetDateTime staleBefore) {
        return s.createNativeQuery("select request_hash, state, response_body, locked_at, payment_id "
                        + "from idempotency_record where customer_id = ?1 and idempotency_key = ?2 for update", Object[].class)
                .setParameter(1, customerId).setParameter(2, key)
                .getResultList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(Optional.<Claim>empty());
                    }
                    Object[] r = ((List<Object[]>) rows).get(0);
                    if (!requestHash.equals(r[0])) {
                        return Uni.createFrom().failure(ApiException.unprocessable("IDEMPOTENCY_KEY_REUSED",
                                "this Idempotency-Key was used with a different request body"));
                    }
                    if ("completed".equals(r[1])) {
                        return Uni.createFrom().item(Optional.of(new Claim((String) r[2], null, null)));
                    }
                    OffsetDateTime lockedAt = toOffset(r[3]);
                    if (lockedAt.isAfter(staleBefore)) {
                        return Uni.createFrom().failure(inProgress());
                    }
                    // The first attempt died midway (its transaction rolled back): take the key over.
                    return s.createNativeQuery("update idempotency_record set locked_at = ?3 "
                                    + "where customer_id = ?1 and idempotency_key = ?2")
                            .setParameter(1, customerId).setParameter(2, key).setParameter(3, now)
                            .executeUpdate().map(n -> Optional.of(new Claim(null, (String) r[4], new HeldKey(customerId, key, now))));
                });
    }

    /**
     * Stores the payment JSON answered under a held key. Call inside the transaction that did the work.
     *
     * @throws ApiException 409 IDEMPOTENCY_IN_PROGRESS when another request took the key over
     *                      (the caller's transaction then rolls back: nothing is paid under a key it no longer holds)
     */
    public Uni<Void> complete(HeldKey held, String paymentJson, String paymentId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "update idempotency_record set state = 'completed', response_status = 201, response_body = ?3, "
                                + "payment_id = ?4 where customer_id = ?1 and idempotency_key = ?2 and locked_at = ?5")
                .setParameter(1, held.customerId()).setParameter(2, held.key())
                .setParameter(3, paymentJson).setParameter(4, paymentId).setParameter(5, held.lockedAt())
                .executeUpdate()).flatMap(IdempotencyStore::stillHeld);
    }

    /**
     * Forgets a held key whose request failed, in one statement of its own (contract §6: failed
     * requests are not stored); a key another request has taken over since is left to it.
     */
    public Uni<Void> release(HeldKey held) {
        return sql.update("delete from idempotency_record where customer_id = $1 and idempotency_key = $2 "
                        + "and state = 'in_progress' and locked_at = $3",
                Tuple.of(held.customerId(), held.key(), held.lockedAt())).replaceWithVoid();
    }

    /**
     * Records, inside the transaction that created it, which payment a still-running request
     * made, so a retry after a crash can resume that payment instead of paying again (issue #10 item 7).
     *
     * @throws ApiException 409 IDEMPOTENCY_IN_PROGRESS when another request took the key over
     */
    public Uni<Void> linkPayment(HeldKey held, String paymentId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "update idempotency_record set payment_id = ?3 where customer_id = ?1 and idempotency_key = ?2 "
                                + "and locked_at = ?4")
                .setParameter(1, held.customerId()).setParameter(2, held.key()).setParameter(3, paymentId)
                .setParameter(4, held.lockedAt())
                .executeUpdate()).flatMap(IdempotencyStore::stillHeld);
    }

    private static Uni<Void> stillHeld(int rows) {
        return rows == 1 ? Uni.createFrom().voidItem() : Uni.createFrom().failure(inProgress());
    }

    private static ApiException inProgress() {
        return ApiException.conflict("IDEMPOTENCY_IN_PROGRESS",
                "a request with this Idempotency-Key is still being processed; retry later");
    }

    private static OffsetDateTime toOffset(Object v) {
        if (v instanceof OffsetDateTime o) {
            return o;
        }
        if (v instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        if (v instanceof LocalDateTime l) {
            return l.atOffset(ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + v.getClass());
    }
}
