package dev.orderpay.platform.jobs;

import dev.orderpay.platform.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Every {@link Job} bean by name (contract §11). Names must be unique and lower-case-dashed. */
@ApplicationScoped
public class JobRegistry {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Map<String, Job> jobs;

    public JobRegistry(@Any Instance<Job> beans) {
        Map<String, Job> byName = new TreeMap<>();
        for (Job j : beans) {
            if (!NAME.matcher(j.name()).matches()) {
                throw new IllegalStateException("job name '" + j.name() + "' must be lower-case words joined by '-'");
            }
            if (byName.put(j.name(), j) != null) {
                throw new IllegalStateException("two jobs are named '" + j.name() + "'");
            }
        }
        this.jobs = Collections.unmodifiableMap(byName);
    }

    /** The jobs, by name. */
    public Collection<Job> all() {
        return jobs.values();
    }

    /** @throws ApiException 404 JOB_NOT_FOUND when no job has this name */
    public Job get(String name) {
        Job j = name == null ? null : jobs.get(name);
        if (j == null) {
            throw ApiException.notFound("JOB_NOT_FOUND", "there is no job named '" + name + "'; known: " + jobs.keySet());
        }
        return j;
    }

    /** Runs the named job once now. @throws ApiException 404 JOB_NOT_FOUND */
    public Uni<JobResult> run(String name) {
        Job j;
        try {
            j = get(name);
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().deferred(j::run);
    }
}
