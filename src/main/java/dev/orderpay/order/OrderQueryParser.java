package dev.orderpay.order;

import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.Violations;
import dev.orderpay.platform.WireEnum;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Adapter side of the order search (issue #12 item 6): turns the raw parameters of a search or an
 * export into the typed {@link OrderSearch} / {@link OrderExport.Query} the services take. Both
 * doors use it: {@code OrderResource} with the query string ({@code GET /v1/orders/unpaid},
 * {@code GET /v1/orders/unpaid/export}) and the {@code search-unpaid-orders} function with its
 * JSON object already flattened to the same name → values map. Every violation of one request is
 * answered together as 400 {@code VALIDATION_FAILED} (contract §4.2, §9), with the field names of
 * the query string.
 */
@ApplicationScoped
public class OrderQueryParser {

    /** The parameters of {@code GET /v1/orders/unpaid} (contract §4.2). */
    public static final Set<String> SEARCH_PARAMETERS = Set.of("order_id", "service_type", "order_type", "status", "sort",
            "limit", "page_token");
    /** The repeatable ones (also a comma list); the others may be given once. */
    public static final Set<String> REPEATABLE = Set.of("service_type", "order_type", "status");
    /** The filters {@code selected} cannot be combined with. */
    static final List<String> FILTERS = List.of("order_id", "service_type", "order_type", "status");

    private final ServiceTypeCatalogue catalogue;

    public OrderQueryParser(ServiceTypeCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * The search of {@code GET /v1/orders/unpaid}; service types are checked against the catalogue.
     * Must be called on a Vert.x context (the catalogue is read once from the database).
     *
     * @throws ApiException 400 VALIDATION_FAILED (as a failed Uni)
     */
    public Uni<OrderSearch> search(Map<String, List<String>> params) {
        return catalogue.names().map(names -> parse(params, names.keySet()));
    }

    /**
     * The export of {@code GET /v1/orders/unpaid/export}: {@code format} (only {@code csv}),
     * {@code selected} (repeatable or comma list, at most {@value OrderExport#MAX_SELECTED} IDs, not with
     * the filters), the search's filters and sort, and neither {@code limit} nor {@code page_token}.
     * Checked in that order: a bad {@code format} alone, then {@code selected} and paging, then the search.
     *
     * @throws ApiException 400 VALIDATION_FAILED (the format check thrown at once, the rest as a failed Uni)
     */
    public Uni<OrderExport.Query> export(Map<String, List<String>> query) {
        Map<String, List<String>> params = new LinkedHashMap<>(query);
        List<String> format = params.remove("format");
        if (format != null && (format.size() != 1 || !"csv".equals(format.get(0)))) {
            throw ApiException.validation("format", "must be csv");
        }
        Set<String> selected = selected(params);
        return search(params).map(search -> new OrderExport.Query(search, selected));
    }

    /** Removes {@code selected} from {@code params} and checks it and what the export refuses. */
    private static Set<String> selected(Map<String, List<String>> params) {
        List<String> selectedRaw = params.remove("selected");
        Violations v = new Violations();
        for (String p : List.of("limit", "page_token")) {
            if (params.containsKey(p)) {
                v.add(p, "not accepted by the export, which returns every match");
            }
        }
        Set<String> selected = new LinkedHashSet<>();
        if (selectedRaw != null) {
            for (String id : commaList(selectedRaw)) {
                v.identifier("selected", id, true);
                selected.add(id);
            }
            if (selected.size() > OrderExport.MAX_SELECTED) {
                v.add("selected", "at most " + OrderExport.MAX_SELECTED + " order IDs");
            }
            for (String p : FILTERS) {
                if (params.containsKey(p)) {
                    v.add(p, "cannot be combined with selected");
                }
            }
        }
        v.throwIfAny();
        return selected;
    }

    /**
     * Parses the parameters of {@code GET /v1/orders/unpaid} (each list may repeat or be a comma list):
     * unknown names, an {@code order_id} prefix that is not an identifier, service types not in
     * {@code knownServiceTypes}, unknown order types, statuses other than the unpaid ones, an unknown sort,
     * a {@code limit} outside 1–100, a single-valued parameter given twice and a page token of another sort
     * are violations. Absent: every unpaid status, sort {@code -created_at}, limit 10.
     *
     * @throws ApiException 400 VALIDATION_FAILED with every violation found
     */
    public static OrderSearch parse(Map<String, List<String>> params, Set<String> knownServiceTypes) {
        Violations v = new Violations();
        for (String name : params.keySet()) {
            if (!SEARCH_PARAMETERS.contains(name)) {
                v.add(name, "unknown query parameter");
            }
        }
        String prefix = single(params, "order_id", v);
        if (prefix != null && !prefix.isEmpty() && !Violations.IDENTIFIER.matcher(prefix).matches()) {
            v.add("order_id", "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }
        Set<String> serviceTypes = new LinkedHashSet<>();
        for (String s : multi(params, "service_type")) {
            if (!knownServiceTypes.contains(s)) {
                v.add("service_type", "unknown value '" + s + "'");
            }
            serviceTypes.add(s);
        }
        Set<OrderType> orderTypes = new LinkedHashSet<>();
        for (String s : multi(params, "order_type")) {
            WireEnum.parse(OrderType.class, s).ifPresentOrElse(orderTypes::add,
                    () -> v.add("order_type", "unknown value '" + s + "'"));
        }
        Set<OrderStatus> statuses = new LinkedHashSet<>();
        for (String s : multi(params, "status")) {
            WireEnum.parse(OrderStatus.class, s).filter(OrderStatus::unpaid).ifPresentOrElse(statuses::add,
                    () -> v.add("status", "unknown value '" + s + "' (unpaid statuses only)"));
        }
        String sortParam = single(params, "sort", v);
        OrderSearch.Sort sort = sortParam == null ? OrderSearch.Sort.CREATED_AT_DESC : OrderSearch.Sort.parse(sortParam);
        if (sort == null) {
            v.add("sort", "unknown value '" + sortParam + "'");
        }
        int limit = v.limit("limit", single(params, "limit", v));
        String token = single(params, "page_token", v);
        OrderSearch.Cursor cursor = null;
        if (token != null && sort != null) {
            cursor = OrderSearch.Cursor.decode(token, sort);
            if (cursor == null) {
                v.add("page_token", "is not a page token of this search");
            }
        }
        v.throwIfAny();
        return new OrderSearch(prefix == null || prefix.isEmpty() ? null : prefix.toUpperCase(Locale.ROOT),
                serviceTypes, orderTypes, statuses.isEmpty() ? OrderStatus.UNPAID : statuses, sort, limit, cursor);
    }

    private static String single(Map<String, List<String>> params, String name, Violations v) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            v.add(name, "may be given once");
        }
        return values.get(0);
    }

    private static List<String> multi(Map<String, List<String>> params, String name) {
        return commaList(params.getOrDefault(name, List.of()));
    }

    /** Both repetition ({@code ?status=a&status=b}) and comma lists ({@code ?status=a,b}); blanks dropped, trimmed. */
    static List<String> commaList(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
