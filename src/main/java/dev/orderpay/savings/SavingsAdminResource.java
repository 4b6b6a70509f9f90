package dev.orderpay.savings;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** Admin grants of discounts and coupons to a customer (contract §5). */
@Path("/v1/admin/customers/{customer_id}")
@RolesAllowed("admin")
public class SavingsAdminResource {

    private final SavingsService savings;

    public SavingsAdminResource(SavingsService savings) {
        this.savings = savings;
    }

    /** {@code POST /v1/admin/customers/{customer_id}/discounts}: 201 and the discount. */
    @POST
    @Path("/discounts")
    public Uni<Response> grantDiscount(@PathParam("customer_id") String customerId, SavingsService.DiscountGrant body) {
        return savings.grantDiscount(customerId, body).map(d -> Response.status(201).entity(d).build());
    }

    /** {@code POST /v1/admin/customers/{customer_id}/coupons}: 201 and the coupon. */
    @POST
    @Path("/coupons")
    public Uni<Response> grantCoupon(@PathParam("customer_id") String customerId, SavingsService.CouponGrant body) {
        return savings.grantCoupon(customerId, body).map(c -> Response.status(201).entity(c).build());
    }

}
