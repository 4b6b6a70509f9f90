package dev.orderpay.order;

import dev.orderpay.platform.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.orderpay.platform.ApiException;

/** The customer's orders (contract §4.2): search unpaid orders, read one. */
@Path("/v1/orders")
@RolesAllowed("customer")
public class OrderResource {

    private final OrderService orders;
    private final OrderExport export;
    private final Caller caller;

    public OrderResource(OrderService orders, OrderExport export, Caller caller) {
        this.orders = orders;
        this.export = export;
        this.caller = caller;
    }

    /** {@code GET /v1/orders/unpaid?order_id=&service_type=&order_type=&status=&sort=&limit=&page_token=}. */
    @GET
    @Path("/unpaid")
    public Uni<OrderService.SearchResult> unpaid(@Context UriInfo uri) {
        return orders.search(caller.customerId(), uri.getQueryParameters());
    }

    /**
     * {@code GET /v1/orders/unpaid/export?format=csv&order_id=&service_type=&order_type=&status=&sort=} or
     * {@code ?selected=ID&selected=ID}: the matching (or the selected) orders as a CSV attachment
     * ({@link OrderExport}: UTF-8, one row per order, money as decimal strings, at most 10,000 rows).
     */
    @GET
    @Path("/unpaid/export")
    @Produces("text/csv")
    public Uni<Response> export(@Context UriInfo uri) {
        Map<String, List<String>> params = new LinkedHashMap<>(uri.getQueryParameters());
        List<String> format = params.remove("format");
        if (format != null && (format.size() != 1 || !"csv".equals(format.get(0)))) {
            throw ApiException.validation("format", "must be csv");
        }
        return export.rows(caller.customerId(), params).map(rows -> Response.ok(OrderExport.csv(rows))
                .type("text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"unpaid-orders.csv\"")
                .header("X-Total-Count", rows.size())
                .build());
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
