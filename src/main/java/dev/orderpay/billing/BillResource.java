package dev.orderpay.billing;

import dev.orderpay.platform.Caller;
import dev.orderpay.platform.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The customer's monthly settlement bills (contract §8). */
@Tag(name = "Monthly bills")
@Path("/v1/bills")
@RolesAllowed("customer")
public class BillResource {

    private final BillingService billing;
    private final Caller caller;

    public BillResource(BillingService billing, Caller caller) {
        this.billing = billing;
        this.caller = caller;
    }

    /** {@code GET /v1/bills?month=yyyy-MM}: {"bills": [...]}. */
    @Operation(summary = "The caller's monthly settlement bills (contract §8)")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "400", description = "error_code: VALIDATION_FAILED")
    @GET
    public Uni<BillView.Bills> list(@QueryParam("month") String month, @Context UriInfo uri) {
        QueryParams.allowOnce(uri, Set.of("month"));
        return billing.list(caller.customerId(), month);
    }

    /** {@code GET /v1/bills/{bill_id}}. */
    @Operation(summary = "One bill")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "404", description = "error_code: BILL_NOT_FOUND")
    @GET
    @Path("/{bill_id}")
    public Uni<BillView> get(@PathParam("bill_id") String billId) {
        return billing.get(caller.customerId(), billId);
    }
}
