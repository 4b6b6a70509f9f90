package dev.orderpay.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderpay.order.OrderQueryParser;
import dev.orderpay.order.OrderService;
import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.Caller;
import io.quarkus.funqy.Funq;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * The order function of contract §10: a thin adapter over {@link OrderService#search}. Its JSON
 * object is flattened to the query string's name → values ({@link FunctionInputs#searchParameters})
 * and parsed by the same {@link OrderQueryParser} as {@code GET /v1/orders/unpaid}.
 */
@ApplicationScoped
@RolesAllowed("customer")
public class OrderFunctions {

    private final OrderService orders;
    private final Caller caller;
    private final FunctionInputs inputs;
    private final OrderQueryParser parser;

    public OrderFunctions(OrderService orders, Caller caller, FunctionInputs inputs, OrderQueryParser parser) {
        this.orders = orders;
        this.caller = caller;
        this.inputs = inputs;
        this.parser = parser;
    }

    /**
     * {@code search-unpaid-orders}: the query parameters of {@code GET /v1/orders/unpaid} as a JSON
     * object, e.g. {@code {"service_type": ["hws.service.type.ec2"], "sort": "expires_at", "limit": 5}};
     * answers 200 and {@code {orders, next_page_token, total_count}} exactly as REST does.
     *
     * @throws ApiException 400 VALIDATION_FAILED for an unknown field or value, a bad limit or page token
     */
    @Funq(FunctionNames.SEARCH_UNPAID_ORDERS)
    public OrderService.SearchResult searchUnpaidOrders(JsonNode input) {
        Map<String, List<String>> params = inputs.searchParameters(input);
        String customerId = caller.customerId();
        return FunctionInputs.await(() -> parser.search(params).flatMap(query -> orders.search(customerId, query)));
    }
}
