package dev.orderpay.platform.jobs;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.orderpay.platform.openapi.ContractOpenApiFilter;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/admin/jobs} (role admin, contract §11): list the jobs with their schedules;
 * {@code POST /v1/admin/jobs/{job}} runs one now and answers its {@link JobResult} when it
 * is done (404 {@code JOB_NOT_FOUND} for an unknown name).
 */
@Tag(name = "Operations")
@Path("/v1/admin/jobs")
@RolesAllowed("admin")
public class JobResource {

    private final JobRegistry registry;
    private final JobScheduler scheduler;

    public JobResource(JobRegistry registry, JobScheduler scheduler) {
        this.registry = registry;
        this.scheduler = scheduler;
    }

    /** A job and its schedule on this instance ({@code null}: on demand only). */
    public record JobView(String name, String schedule) {
    }

    @Operation(summary = "The jobs and their schedules (contract §11)")
    @Extension(name = ContractOpenApiFilter.NO_DATABASE, value = "true")
    @GET
    public Map<String, List<JobView>> list() {
        Map<String, String> s = scheduler.schedules();
        return Map.of("jobs", registry.all().stream().map(j -> new JobView(j.name(), s.get(j.name()))).toList());
    }

    @Operation(summary = "Run a job now; safe alongside the scheduled runs")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "404", description = "error_code: JOB_NOT_FOUND")
    @POST
    @Path("/{job}")
    public Uni<JobResult> run(@PathParam("job") String job) {
        return registry.run(job);
    }
}
