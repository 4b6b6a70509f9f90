package dev.orderpay.savings;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin grants of discounts and coupons to a customer (contract §5). */
@Tag(name = "Savings")
@Path("/v1/admin/customers/{customer_id}")
@RolesAllowed("admin")
public class SavingsAdminResource {

    private final SavingsService savings;

    public SavingsAdminResource(SavingsService savings) {
        this.savings = savings;
    }

    /** {@code POST /v1/admin/customers/{customer_id}/discounts}: 201 and the discount. */
    @Operation(summary = "Grant a discount")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "409", description = "error_code: SAVINGS_CONFLICT")
    @POST
    @Path("/discounts")
    public Uni<Response> grantDiscount(@PathParam("customer_id") String customerId, SavingsService.DiscountGrant body) {
        return savings.grantDiscount(customerId, body).map(d -> Response.status(201).entity(d).build());
    }

    /** {@code POST /v1/admin/customers/{customer_id}/coupons}: 201 and the coupon. */
    @Operation(summary = "Grant a coupon")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "409", description = "error_code: SAVINGS_CONFLICT")
    @POST
    @Path("/coupons")
    public Uni<Response> grantCoupon(@PathParam("customer_id") String customerId, SavingsService.CouponGrant body) {
        return savings.grantCoupon(customerId, body).map(c -> Response.status(201).entity(c).build());
    }

}
