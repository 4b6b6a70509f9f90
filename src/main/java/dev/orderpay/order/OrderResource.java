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
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The customer's orders (contract §4.2): search unpaid orders, read one. */
@Tag(name = "Unpaid orders")
@Path("/v1/orders")
@RolesAllowed("customer")
public class OrderResource {

    private final OrderService orders;
    private final OrderExport export;
    private final OrderQueryParser parser;
    private final Caller caller;

    public OrderResource(OrderService orders, OrderExport export, OrderQueryParser parser, Caller caller) {
        this.orders = orders;
        this.export = export;
        this.parser = parser;
        this.caller = caller;
    }

    /** {@code GET /v1/orders/unpaid?order_id=&service_type=&order_type=&status=&sort=&limit=&page_token=}. */
    @Operation(summary = "Search the caller's unpaid orders (contract §4.2)")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @Parameter(name = "order_id", in = ParameterIn.QUERY, description = "Case-insensitive prefix of the order No.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "service_type", in = ParameterIn.QUERY,
            description = "Service types (repeat, or comma-separated)",
            schema = @Schema(type = SchemaType.ARRAY))
    @Parameter(name = "order_type", in = ParameterIn.QUERY, description = "Order types (repeat, or comma-separated)",
            schema = @Schema(type = SchemaType.ARRAY, enumeration = {
                    "new_purchase", "renewal", "change", "trial_to_commercial", "pay_per_use_to_yearly_monthly"}))
    @Parameter(name = "status", in = ParameterIn.QUERY,
            description = "Unpaid statuses only (repeat, or comma-separated)",
            schema = @Schema(type = SchemaType.ARRAY, enumeration = {
                    "pending_approval", "pending_payment", "payment_in_progress"}))
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "Sort; ties by ascending order_id",
            schema = @Schema(type = SchemaType.STRING, enumeration = {
                    "-created_at", "created_at", "expires_at", "-expires_at"}, defaultValue = "-created_at"))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Page size 1–100",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "10"))
    @Parameter(name = "page_token", in = ParameterIn.QUERY,
            description = "next_page_token of the previous page (same sort)",
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "400", description = "error_code: VALIDATION_FAILED")
    @GET
    @Path("/unpaid")
    public Uni<OrderService.SearchResult> unpaid(@Context UriInfo uri) {
        String customerId = caller.customerId();
        return parser.search(uri.getQueryParameters()).flatMap(query -> orders.search(customerId, query));
    }

    /**
     * {@code GET /v1/orders/unpaid/export?format=csv&order_id=&service_type=&order_type=&status=&sort=} or
     * {@code ?selected=ID&selected=ID}: the matching (or the selected) orders as a CSV attachment
     * ({@link OrderExport}: UTF-8, one row per order, money as decimal strings, at most 10,000 rows).
     */
    @Operation(summary = "Export the caller's unpaid orders as CSV (issue #14): "
            + "every match of the search filters, or exactly the orders named by selected (max 100); UTF-8, one row "
            + "per order, money as decimal strings, at most 10,000 rows")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @Parameter(name = "order_id", in = ParameterIn.QUERY, description = "Case-insensitive prefix of the order No.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "service_type", in = ParameterIn.QUERY,
            description = "Service types (repeat, or comma-separated)",
            schema = @Schema(type = SchemaType.ARRAY))
    @Parameter(name = "order_type", in = ParameterIn.QUERY, description = "Order types (repeat, or comma-separated)",
            schema = @Schema(type = SchemaType.ARRAY, enumeration = {
                    "new_purchase", "renewal", "change", "trial_to_commercial", "pay_per_use_to_yearly_monthly"}))
    @Parameter(name = "status", in = ParameterIn.QUERY,
            description = "Unpaid statuses only (repeat, or comma-separated)",
            schema = @Schema(type = SchemaType.ARRAY, enumeration = {
                    "pending_approval", "pending_payment", "payment_in_progress"}))
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "Sort; ties by ascending order_id",
            schema = @Schema(type = SchemaType.STRING, enumeration = {
                    "-created_at", "created_at", "expires_at", "-expires_at"}, defaultValue = "-created_at"))
    @Parameter(name = "format", in = ParameterIn.QUERY, description = "Export format",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"csv"}, defaultValue = "csv"))
    @Parameter(name = "selected", in = ParameterIn.QUERY,
            description = "Export exactly these order IDs (repeat, or comma-separated; at most 100; any "
                + "status; not combinable with order_id, service_type, order_type, status)",
            schema = @Schema(type = SchemaType.ARRAY))
    @APIResponse(responseCode = "400", description = "error_code: VALIDATION_FAILED")
    @APIResponse(responseCode = "404", description = "error_code: ORDER_NOT_FOUND")
    @APIResponse(responseCode = "422", description = "error_code: EXPORT_TOO_LARGE")
    @GET
    @Path("/unpaid/export")
    @Produces("text/csv")
    public Uni<Response> export(@Context UriInfo uri) {
        String customerId = caller.customerId();
        return parser.export(uri.getQueryParameters()).flatMap(query -> export.rows(customerId, query)).map(rows -> Response.ok(OrderExport.csv(rows))
                .type("text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"unpaid-orders.csv\"")
                .header("X-Total-Count", rows.size())
                .build());
    }

    /** {@code POST /v1/orders/{order_id}/cancel}: {"orders": [every order cancelled]}. */
    @Operation(summary = "Cancel an unpaid order and the rest of its combined purchase")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "404", description = "error_code: ORDER_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "error_code: ORDER_NOT_CANCELLABLE")
    @POST
    @Path("/{order_id}/cancel")
    public Uni<Map<String, List<OrderView>>> cancel(@PathParam("order_id") String orderId) {
        return orders.cancel(caller.customerId(), orderId).map(l -> Map.of("orders", l));
    }

    /** {@code GET /v1/orders/{order_id}}: 404 ORDER_NOT_FOUND for unknown or another customer's order. */
    @Operation(summary = "One of the caller's orders, any status")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "404", description = "error_code: ORDER_NOT_FOUND")
    @GET
    @Path("/{order_id}")
    public Uni<OrderView> get(@PathParam("order_id") String orderId) {
        return orders.get(caller.customerId(), orderId);
    }
}
