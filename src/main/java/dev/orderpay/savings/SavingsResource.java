package dev.orderpay.savings;

import dev.orderpay.platform.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Discounts and coupons (contract §5): admin grants, customer listings. */
@Path("/v1")
public class SavingsResource {

    private final SavingsService savings;
    private final Caller caller;

    public SavingsResource(SavingsService savings, Caller caller) {
        this.savings = savings;
        this.caller = caller;
    }

    /** {@code POST /v1/admin/customers/{customer_id}/discounts}: 201 and the discount. */
    @POST
    @Path("/admin/customers/{customer_id}/discounts")
    @RolesAllowed("admin")
    public Uni<Response> grantDiscount(@PathParam("customer_id") String customerId, SavingsService.DiscountGrant body) {
        return savings.grantDiscount(customerId, body).map(d -> Response.status(201).entity(d).build());
    }

    /** {@code POST /v1/admin/customers/{customer_id}/coupons}: 201 and the coupon. */
    @POST
    @Path("/admin/customers/{customer_id}/coupons")
    @RolesAllowed("admin")
    public Uni<Response> grantCoupon(@PathParam("customer_id") String customerId, SavingsService.CouponGrant body) {
        return savings.grantCoupon(customerId, body).map(c -> Response.status(201).entity(c).build());
    }

    /** {@code GET /v1/discounts?status=}: {"discounts": [...]}. */
    @GET
    @Path("/discounts")
    @RolesAllowed("customer")
    public Uni<Map<String, Object>> discounts(@QueryParam("status") String status) {
        return savings.discounts(caller.customerId(), status);
    }

    /** {@code GET /v1/coupons?status=}: {"coupons": [...]}. */
    @GET
    @Path("/coupons")
    @RolesAllowed("customer")
    public Uni<Map<String, Object>> coupons(@QueryParam("status") String status) {
        return savings.coupons(caller.customerId(), status);
    }
}
