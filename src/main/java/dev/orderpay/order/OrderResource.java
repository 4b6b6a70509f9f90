package dev.orderpay.order;

import dev.orderpay.platform.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/** The customer's orders (contract §4.2): search unpaid orders, read one. */
@Path("/v1/orders")
@RolesAllowed("customer")
public class OrderResource {

    private final OrderService orders;
    private final Caller caller;

    public OrderResource(OrderService orders, Caller caller) {
        this.orders = orders;
        this.caller = caller;
    }

    /** {@code GET /v1/orders/unpaid?order_id=&service_type=&order_type=&status=&sort=&limit=&page_token=}. */
    @GET
    @Path("/unpaid")
    public Uni<OrderService.SearchResult> unpaid(@Context UriInfo uri) {
        return orders.search(caller.customerId(), uri.getQueryParameters());
    }

    /** {@code POST /v1/orders/{order_id}/cancel}: {"orders": [every order cancelled]}. */
    @POST
    @Path("/{order_id}/cancel")
    public Uni<Map<String, List<OrderView>>> cancel(@PathParam("order_id") String orderId) {
        return orders.cancel(caller.customerId(), orderId).map(l -> Map.of("orders", l));
    }

    /** {@code GET /v1/orders/{order_id}}: 404 ORDER_NOT_FOUND for unknown or another customer's order. */
    @GET
    @Path("/{order_id}")
    public Uni<OrderView> get(@PathParam("order_id") String orderId) {
        return orders.get(caller.customerId(), orderId);
    }
}
