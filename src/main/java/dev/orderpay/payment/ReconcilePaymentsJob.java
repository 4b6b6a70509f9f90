package dev.orderpay.payment;

import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.jobs.Job;
import dev.orderpay.platform.jobs.JobResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** {@code reconcile-payments} (contract §11): settles online payments whose webhooks never came, one batch per run, see {@link Reconciliation#run()}. */
@ApplicationScoped
public class ReconcilePaymentsJob implements Job {

    private final Reconciliation service;
    private final AppClock clock;

    public ReconcilePaymentsJob(Reconciliation service, AppClock clock) {
        this.service = service;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "reconcile-payments";
    }

    @Override
    public Uni<JobResult> run() {
        Instant started = clock.now();
        return service.run().map(counts -> JobResult.of(name(), started, clock.now(), counts));
    }
}
