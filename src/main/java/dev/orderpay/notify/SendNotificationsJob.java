package dev.orderpay.notify;

import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.jobs.Job;
import dev.orderpay.platform.jobs.JobResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@code send-notifications} (contract §11): delivers due outbox messages.
 *
 * <p>Per round: claim up to {@code payments.notifications.batch-size} due messages in one
 * short statement ({@link OutboxRepository#claim}, {@code FOR UPDATE SKIP LOCKED}, leased
 * until now + {@code payments.notifications.lease}); send them concurrently outside any
 * transaction; record each outcome right after the provider answered, in its own
 * statement. A failure is retried after {@code backoff × 2^(attempt-1)} (at most
 * {@code max-backoff}); after {@code max-attempts} attempts, or at once when the provider
 * refused the message for good, it is {@code failed}. Rounds repeat until nothing is due
 * (at most 50 rounds per run). Two concurrent runs never claim the same message.
 */
@ApplicationScoped
public class SendNotificationsJob implements Job {

    private static final Logger LOG = Logger.getLogger(SendNotificationsJob.class);
    static final String NAME = "send-notifications";
    private static final int MAX_ROUNDS = 50;

    private final OutboxRepository outbox;
    private final EmailSender email;
    private final SmsSender sms;
    private final AppClock clock;
    private final NotifyConfig.Notifications config;

    public SendNotificationsJob(OutboxRepository outbox, EmailSender email, SmsSender sms, AppClock clock,
                                NotifyConfig config) {
        this.outbox = outbox;
        this.email = email;
        this.sms = sms;
        this.clock = clock;
        this.config = config.notifications();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Counts: {@code sent}, {@code retrying} (failed, will be tried again), {@code failed} (gave up), {@code lost} (claim taken over). */
    @Override
    public Uni<JobResult> run() {
        Instant started = clock.now();
        Map<String, AtomicLong> counts = new LinkedHashMap<>();
        for (String k : List.of("sent", "retrying", "failed", "lost")) {
            counts.put(k, new AtomicLong());
        }
        return outbox.giveUpLost(started, config.maxAttempts())
                .invoke(n -> counts.get("failed").addAndGet(n))
                .chain(() -> round(counts, 1))
                .map(x -> {
                    Map<String, Long> out = new LinkedHashMap<>();
                    counts.forEach((k, v) -> out.put(k, v.get()));
                    return JobResult.of(NAME, started, clock.now(), out);
                });
    }

    private Uni<Void> round(Map<String, AtomicLong> counts, int round) {
        Instant now = clock.now();
        return outbox.claim(now, config.batchSize(), now.plus(config.lease()), config.maxAttempts()).chain(claimed -> {
            if (claimed.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Uni<Void> all = Uni.join().all(claimed.stream().map(m -> deliver(m, counts)).toList())
                    .andCollectFailures().replaceWithVoid();
            return round >= MAX_ROUNDS || claimed.size() < config.batchSize() ? all
                    : all.chain(() -> round(counts, round + 1));
        });
    }

    /** Sends one claimed message and records the outcome; never fails. */
    private Uni<Void> deliver(OutboxRepository.Claimed m, Map<String, AtomicLong> counts) {
        Uni<Void> send = m.channel() == Channel.EMAIL
                ? email.send(m.recipient(), m.subject(), m.body(), m.messageId())
                : sms.send(m.recipient(), m.body(), m.messageId());
        return send.onItemOrFailure().transformToUni((ok, err) -> {
            Instant now = clock.now();
            if (err == null) {
                return outbox.markSent(m, now).invoke(won -> counts.get(won ? "sent" : "lost").incrementAndGet());
            }
            boolean permanent = err instanceof DeliveryException d && d.permanent();
            boolean giveUp = permanent || m.attempt() >= config.maxAttempts();
            Instant next = giveUp ? now : now.plus(backoff(m.attempt()));
            String error = (err instanceof DeliveryException ? "" : err.getClass().getSimpleName() + ": ") + err.getMessage();
            LOG.warnf("notification %s attempt %d failed%s: %s", m.messageId(), m.attempt(),
                    giveUp ? " (giving up)" : ", next at " + next, error);
            return outbox.markFailed(m, now, giveUp, next, error)
                    .invoke(won -> counts.get(!won ? "lost" : giveUp ? "failed" : "retrying").incrementAndGet());
        }).replaceWithVoid().onFailure().recoverWithItem(e -> {
            // recording failed (database down): the lease runs out and a later run retries
            LOG.errorf(e, "could not record the outcome of %s", m.messageId());
            return null;
        });
    }

    /** Wait after attempt {@code n} (1-based): backoff × 2^(n-1), at most max-backoff. */
    Duration backoff(int attempt) {
        Duration d = config.backoff();
        for (int i = 1; i < attempt && d.compareTo(config.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : d;
    }
}
