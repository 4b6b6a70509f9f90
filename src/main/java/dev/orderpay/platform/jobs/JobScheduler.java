package dev.orderpay.platform.jobs;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Schedules every {@link Job} that has a schedule in {@code payments.jobs.every.<name>} or
 * {@code payments.jobs.cron.<name>} (cron in {@code payments.billing.zone}) on the Quarkus
 * scheduler at startup, unless {@code payments.jobs.scheduled=false} (the test profile).
 * Within one instance a run is skipped while the previous one is still going; across
 * instances each job guards itself (see {@link Job}). A run happens on a scheduler worker
 * thread that subscribes to the job on a fresh Vert.x duplicated context and waits for it.
 *
 * @throws IllegalStateException at startup for a schedule naming an unknown job, or a job with both
 */
@ApplicationScoped
public class JobScheduler {

    private static final Logger LOG = Logger.getLogger(JobScheduler.class);

    private final JobRegistry registry;
    private final Scheduler scheduler;
    private final JobsConfig config;
    private final Map<String, String> schedules = new LinkedHashMap<>();

    public JobScheduler(JobRegistry registry, Scheduler scheduler, JobsConfig config) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        Map<String, String> every = config.jobs().every();
        Map<String, String> cron = config.jobs().cron();
        Set<String> named = new TreeSet<>(every.keySet());
        named.addAll(cron.keySet());
        for (String name : named) {
            registry.get(name); // fails startup on a typo
            if (every.containsKey(name) && cron.containsKey(name)) {
                throw new IllegalStateException("job '" + name + "' has both payments.jobs.every and payments.jobs.cron");
            }
        }
        if (!config.jobs().scheduled()) {
            LOG.info("payments.jobs.scheduled=false: jobs run only on demand (POST /v1/admin/jobs/{job})");
            return;
        }
        for (Job job : registry.all()) {
            String e = blankToNull(every.get(job.name()));
            String c = blankToNull(cron.get(job.name()));
            if (e == null && c == null) {
                continue;
            }
            Scheduler.JobDefinition<?> def = scheduler.newJob("orderpay-job-" + job.name())
                    .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                    .setTask(execution -> runOnce(job));
            if (c != null) {
                def.setCron(c).setTimeZone(config.billing().zone().getId());
                schedules.put(job.name(), "cron " + c + " (" + config.billing().zone().getId() + ")");
            } else {
                def.setInterval(e);
                schedules.put(job.name(), "every " + e);
            }
            def.schedule();
            LOG.infof("job %s scheduled: %s", job.name(), schedules.get(job.name()));
        }
    }

    private static void runOnce(Job job) {
        try {
            JobResult r = VertxContextSupport.subscribeAndAwait(job::run);
            LOG.debugf("job %s: %s", job.name(), r.counts());
        } catch (Throwable t) {
            LOG.errorf(t, "job %s failed; the next run will pick up what is left", job.name());
        }
    }

    /** The active schedule of each scheduled job ({@code "every 1m"}, {@code "cron … (UTC)"}); empty when off. */
    public Map<String, String> schedules() {
        return Map.copyOf(schedules);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
