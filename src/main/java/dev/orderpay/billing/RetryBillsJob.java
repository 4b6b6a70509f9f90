package dev.orderpay.billing;

import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.jobs.Job;
import dev.orderpay.platform.jobs.JobResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** {@code retry-bills} (contract §11): deducts overdue bills whose retry time has come, see {@link BillingService#retryBills()}. */
@ApplicationScoped
public class RetryBillsJob implements Job {

    private final BillingService service;
    private final AppClock clock;

    public RetryBillsJob(BillingService service, AppClock clock) {
        this.service = service;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "retry-bills";
    }

    @Override
    public Uni<JobResult> run() {
        Instant started = clock.now();
        return service.retryBills().map(counts -> JobResult.of(name(), started, clock.now(), counts));
    }
}
