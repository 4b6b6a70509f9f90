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
import java.util.Map;
import java.util.Set;

/** The customer's monthly settlement bills (contract §8). */
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
    @GET
    public Uni<Map<String, Object>> list(@QueryParam("month") String month, @Context UriInfo uri) {
        QueryParams.allowOnce(uri, Set.of("month"));
        return billing.list(caller.customerId(), month);
    }

    /** {@code GET /v1/bills/{bill_id}}. */
    @GET
    @Path("/{bill_id}")
    public Uni<Map<String, Object>> get(@PathParam("bill_id") String billId) {
        return billing.get(caller.customerId(), billId);
    }
}
