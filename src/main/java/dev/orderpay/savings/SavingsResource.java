package dev.orderpay.savings;

import dev.orderpay.platform.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import dev.orderpay.platform.QueryParams;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Set;

/** Discounts and coupons (contract §5): admin grants, customer listings. */
@Path("/v1")
public class SavingsResource {

    private final SavingsService savings;
    private final Caller caller;

    public SavingsResource(SavingsService savings, Caller caller) {
        this.savings = savings;
        this.caller = caller;
    }

    /** {@code GET /v1/discounts?status=}: {"discounts": [...]}. */
    @GET
    @Path("/discounts")
    @RolesAllowed("customer")
    public Uni<Map<String, Object>> discounts(@QueryParam("status") String status, @Context UriInfo uri) {
        QueryParams.allowOnce(uri, Set.of("status"));
        return savings.discounts(caller.customerId(), status);
    }

    /** {@code GET /v1/coupons?status=}: {"coupons": [...]}. */
    @GET
    @Path("/coupons")
    @RolesAllowed("customer")
    public Uni<Map<String, Object>> coupons(@QueryParam("status") String status, @Context UriInfo uri) {
        QueryParams.allowOnce(uri, Set.of("status"));
        return savings.coupons(caller.customerId(), status);
    }
}
