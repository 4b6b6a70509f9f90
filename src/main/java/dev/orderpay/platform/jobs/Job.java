package dev.orderpay.platform.jobs;

import io.smallrye.mutiny.Uni;

/**
 * A background job (contract §11): run on a schedule by {@link JobScheduler} and on demand
 * by an admin ({@code POST /v1/admin/jobs/{name}}). To add one, write an
 * {@code @ApplicationScoped} bean implementing this interface, and give it a schedule in
 * application.properties ({@code payments.jobs.every.<name>=5m} or
 * {@code payments.jobs.cron.<name>=0 0 3 * * ?}); without one it runs only on demand.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>{@link #run()} is subscribed on a Vert.x context (a request's or a fresh duplicated
 *       one), so Hibernate Reactive ({@code Panache.withTransaction}) and the reactive
 *       pool may be used directly; never block.</li>
 *   <li>Safe when several instances (or an admin call and the schedule) run it at once:
 *       take work with row locks {@code FOR UPDATE SKIP LOCKED} or a PostgreSQL advisory
 *       lock ({@code pg_try_advisory_xact_lock}), never twice the same effect.</li>
 *   <li>Safe after a crash midway: work in short transactions that each leave a
 *       consistent state; a later run finishes what is left.</li>
 *   <li>Read time only from {@link dev.orderpay.platform.AppClock}.</li>
 * </ul>
 */
public interface Job {

    /** The job's name: lower-case words joined by '-', e.g. {@code expire-orders}; unique. */
    String name();

    /** One run over everything due now; completes with what it did. */
    Uni<JobResult> run();
}
