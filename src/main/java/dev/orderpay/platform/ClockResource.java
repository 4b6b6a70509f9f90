package dev.orderpay.platform;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.time.Instant;

/**
 * {@code /v1/admin/clock} (role admin, contract §11): read, set ({@code PUT {"now": "…"}})
 * or reset ({@code DELETE}) the service clock. Setting needs
 * {@code payments.clock.adjustable=true}, else 409 {@code CLOCK_NOT_ADJUSTABLE}.
 */
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

    @GET
    public ClockView get() {
        return new ClockView(clock.now(), clock.adjustable());
    }

    @PUT
    public ClockView set(SetClock body) {
        requireAdjustable();
        if (body == null || body.now() == null) {
            throw ApiException.validation("now", "is required (RFC 3339 UTC time)");
        }
        clock.set(body.now());
        return get();
    }

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
