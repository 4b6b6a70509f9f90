package dev.orderpay.order;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import dev.orderpay.platform.UniqueViolation;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /v1/admin/orders} (role order-service, contract §4.2): 201 created, 200 same content again. */
@Tag(name = "Order intake")
@Path("/v1/admin/orders")
@RolesAllowed("order-service")
public class OrderAdminResource {

    private final OrderService orders;

    public OrderAdminResource(OrderService orders) {
        this.orders = orders;
    }

    @Operation(summary = "Create orders, idempotent per order_id: 201 created, 200 the same content again")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "201", description = "Created (some order was new)")
    @APIResponse(responseCode = "409", description = "error_code: ORDER_CONFLICT")
    @POST
    public Uni<Response> create(CreateOrdersRequest body) {
        // two identical requests at once: the loser's insert hits the primary key; run it again to replay the winner's orders
        return orders.create(body).onFailure(UniqueViolation::is).recoverWithUni(e -> orders.create(body))
                .map(c -> Response.status(c.created() ? 201 : 200)
                .entity(Map.<String, List<OrderView>>of("orders", c.orders())).build());
    }
}
