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
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Discounts and coupons (contract §5): admin grants, customer listings. */
@Tag(name = "Savings")
@Path("/v1")
public class SavingsResource {

    private final SavingsService savings;
    private final Caller caller;

    public SavingsResource(SavingsService savings, Caller caller) {
        this.savings = savings;
        this.caller = caller;
    }

    /** {@code GET /v1/discounts?status=}: {"discounts": [...]}. */
    @Operation(summary = "The caller's discounts (usable by default)")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "400", description = "error_code: VALIDATION_FAILED")
    @GET
    @Path("/discounts")
    @RolesAllowed("customer")
    public Uni<DiscountView.Discounts> discounts(@QueryParam("status") String status, @Context UriInfo uri) {
        QueryParams.allowOnce(uri, Set.of("status"));
        return savings.discounts(caller.customerId(), status);
    }

    /** {@code GET /v1/coupons?status=}: {"coupons": [...]}. */
    @Operation(summary = "The caller's coupons (usable by default)")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "400", description = "error_code: VALIDATION_FAILED")
    @GET
    @Path("/coupons")
    @RolesAllowed("customer")
    public Uni<CouponView.Coupons> coupons(@QueryParam("status") String status, @Context UriInfo uri) {
        QueryParams.allowOnce(uri, Set.of("status"));
        return savings.coupons(caller.customerId(), status);
    }
}
