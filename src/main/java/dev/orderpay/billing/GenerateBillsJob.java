package dev.orderpay.billing;

import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.jobs.Job;
import dev.orderpay.platform.jobs.JobResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** {@code generate-bills} (contract §11): issues the bills that are due (previous months, from the 3rd, billing zone) and deducts them, see {@link BillingService#generateBills()}. */
@ApplicationScoped
public class GenerateBillsJob implements Job {

    private final BillingService service;
    private final AppClock clock;

    public GenerateBillsJob(BillingService service, AppClock clock) {
        this.service = service;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "generate-bills";
    }

    @Override
    public Uni<JobResult> run() {
        Instant started = clock.now();
        return service.generateBills().map(counts -> JobResult.of(name(), started, clock.now(), counts));
    }
}
