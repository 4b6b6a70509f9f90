package dev.orderpay.platform;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.orderpay.platform.openapi.ContractOpenApiFilter;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/admin/clock} (role admin, contract §11): read, set ({@code PUT {"now": "…"}})
 * or reset ({@code DELETE}) the service clock. Setting needs
 * {@code payments.clock.adjustable=true}, else 409 {@code CLOCK_NOT_ADJUSTABLE}.
 */
@Tag(name = "Operations")
@Path("/v1/admin/clock")
@RolesAllowed("admin")
public class ClockResource {

    private final AppClock clock;

    public ClockResource(AppClock clock) {
        this.clock = clock;
    }

    /** Body of PUT. */
    public record SetClock(Instant now) {
    }

    /** The clock as the service reads it now (UTC). */
    public record ClockView(Instant now, boolean adjustable) {
    }

    @Operation(summary = "The service clock (contract §11)")
    @Extension(name = ContractOpenApiFilter.NO_DATABASE, value = "true")
    @GET
    public ClockView get() {
        return new ClockView(clock.now(), clock.adjustable());
    }

    @Operation(summary = "Set the service clock (payments.clock.adjustable only)")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @Extension(name = ContractOpenApiFilter.NO_DATABASE, value = "true")
    @APIResponse(responseCode = "409", description = "error_code: CLOCK_NOT_ADJUSTABLE")
    @PUT
    public ClockView set(SetClock body) {
        requireAdjustable();
        if (body == null || body.now() == null) {
            throw ApiException.validation("now", "is required (RFC 3339 UTC time)");
        }
        clock.set(body.now());
        return get();
    }

    @Operation(summary = "Back to real time")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @Extension(name = ContractOpenApiFilter.NO_DATABASE, value = "true")
    @APIResponse(responseCode = "409", description = "error_code: CLOCK_NOT_ADJUSTABLE")
    @DELETE
    public ClockView reset() {
        requireAdjustable();
        clock.reset();
        return get();
    }

    private void requireAdjustable() {
        if (!clock.adjustable()) {
            throw ApiException.conflict("CLOCK_NOT_ADJUSTABLE", "the clock is fixed to real time (payments.clock.adjustable=false)");
        }
    }
}
