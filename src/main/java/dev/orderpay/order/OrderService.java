package dev.orderpay.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderpay.customer.CustomerService;
import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.Hashing;
import dev.orderpay.platform.Ids;
import dev.orderpay.platform.Violations;
import dev.orderpay.platform.WireEnum;
import dev.orderpay.pricing.MinorUnits;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Orders: creation by the ordering system, reads by their customer (contract §4). */
@ApplicationScoped
public class OrderService {


    private final OrderRepository orders;
    private final ServiceTypeCatalogue catalogue;
    private final CustomerService customers;
    private final AppClock clock;
    private final OrderConfig config;
    private final ObjectMapper json;

    public OrderService(OrderRepository orders, ServiceTypeCatalogue catalogue, CustomerService customers,
                        AppClock clock, OrderConfig config, ObjectMapper json) {
        this.orders = orders;
        this.catalogue = catalogue;
        this.customers = customers;
        this.clock = clock;
        this.config = config;
        this.json = json;
    }

    /** The result of a creation: the orders and whether any was new (201) or all existed (200). */
    public record Created(List<OrderView> orders, boolean created) {
    }

    /** A page of search results (contract §4.2 response). */
    public record SearchResult(List<OrderView> orders, String nextPageToken, long totalCount) {
    }

    /** One of the customer's orders, any status. @throws ApiException 404 ORDER_NOT_FOUND */
    @WithSession
    public Uni<OrderView> get(String customerId, String orderId) {
        return catalogue.names().flatMap(names -> orders.findOwned(customerId, orderId).flatMap(o -> {
            if (o == null) {
                return Uni.createFrom().failure(orderNotFound(orderId));
            }
            return orders.withLineItems(List.of(o)).map(l -> OrderView.of(o, names.get(o.serviceType), clock.now()));
        }));
    }

    /**
     * The customer's unpaid orders matching {@code query} (contract §4.2), a page of at most
     * {@code query.limit()} with the token of the next page (null on the last) and the total count.
     * No Hibernate session: the page is one statement on the reactive client ({@link OrderRepository#search}).
     */
    public Uni<SearchResult> search(String customerId, OrderSearch query) {
        return catalogue.names().flatMap(names -> {
            Instant now = clock.now();
            return orders.search(customerId, query, now).map(page -> {
                List<OrderView> views = page.orders().stream()
                        .map(o -> OrderView.of(o, names.get(o.serviceType), now)).toList();
                String next = null;
                if (page.hasMore()) {
                    Order last = page.orders().get(page.orders().size() - 1);
                    next = new OrderSearch.Cursor(query.sort(), query.sort().keyOf(last), last.orderId).encode();
                }
                return new SearchResult(views, next, page.totalCount());
            });
        });
    }

    /**
     * Creates the orders of one request (contract §4.2), idempotent per {@code order_id}:
     * the same content again returns the existing orders, other content is 409 ORDER_CONFLICT.
     * With {@code combined} all new orders share one new combined purchase.
     *
     * @throws ApiException 400 VALIDATION_FAILED, 409 ORDER_CONFLICT
     */
    @WithTransaction
    public Uni<Created> create(CreateOrdersRequest req) {
        return catalogue.names().flatMap(names -> {
            List<Draft> drafts = validate(req, names.keySet());
            List<String> givenIds = drafts.stream().map(d -> d.orderId).filter(id -> id != null).toList();
            Uni<List<Order>> existingUni = givenIds.isEmpty()
                    ? Uni.createFrom().item(List.of())
                    : orders.findByIds(givenIds);
            return existingUni.flatMap(existing -> {
                Map<String, Order> byId = existing.stream().collect(Collectors.toMap(o -> o.orderId, Function.identity()));
                for (Draft d : drafts) {
                    Order o = d.orderId == null ? null : byId.get(d.orderId);
                    if (o != null && (!o.contentHash.equals(d.contentHash) || !o.customerId.equals(req.customerId()))) {
                        return Uni.createFrom().failure(ApiException.conflict("ORDER_CONFLICT",
                                "order " + d.orderId + " already exists with different content"));
                    }
                }
                if (Boolean.TRUE.equals(req.combined()) && !byId.isEmpty() && byId.size() != drafts.size()) {
                    return Uni.createFrom().failure(ApiException.conflict("ORDER_CONFLICT",
                            "some orders of this combined purchase exist already; a combined purchase is created whole"));
                }
                List<Draft> fresh = drafts.stream().filter(d -> d.orderId == null || !byId.containsKey(d.orderId)).toList();
                Uni<List<Order>> inserted = fresh.isEmpty() ? Uni.createFrom().item(List.of()) : insert(req, fresh);
                return inserted.flatMap(created -> {
                    // in request order: the existing order for a known order_id, else the next created one
                    Iterator<Order> next = created.iterator();
                    List<Order> result = new ArrayList<>();
                    for (Draft d : drafts) {
                        Order known = d.orderId == null ? null : byId.get(d.orderId);
                        result.add(known != null ? known : next.next());
                    }
                    List<Order> reused = existing.isEmpty() ? List.of() : new ArrayList<>(existing);
                    return orders.withLineItems(reused).map(x -> new Created(result.stream()
                            .map(o -> OrderView.of(o, names.get(o.serviceType), clock.now())).toList(), !fresh.isEmpty()));
                });
            });
        });
    }

    private Uni<List<Order>> insert(CreateOrdersRequest req, List<Draft> drafts) {
        Instant now = clock.now();
        boolean combined = Boolean.TRUE.equals(req.combined()) && drafts.size() > 1;
        String combinedId = combined ? Ids.combinedPurchaseId() : null;
        // the orders of one combined purchase share one deadline: they can only be paid together
        Instant sharedDeadline = drafts.stream().map(d -> d.src.expiresAt()).filter(Objects::nonNull)
                .min(Instant::compareTo).orElse(null);
        List<Order> created = new ArrayList<>();
        List<LineItem> lines = new ArrayList<>();
        for (Draft d : drafts) {
            Order o = new Order();
            o.orderId = d.orderId != null ? d.orderId : Ids.orderId(now);
            o.customerId = req.customerId();
            o.serviceType = d.src.serviceType();
            o.orderType = d.orderType;
            o.currency = d.src.currency();
            o.requiresApproval = Boolean.TRUE.equals(d.src.requiresApproval());
            o.contractOverlap = Boolean.TRUE.equals(d.src.contractOverlap());
            o.place(now);
            o.createdAt = now;
            Instant deadline = combined ? sharedDeadline : d.src.expiresAt();
            o.expiresAt = deadline != null ? deadline.truncatedTo(ChronoUnit.MICROS)
                    : now.plus(config.orders().paymentTtl());
            o.combinedPurchaseId = combinedId;
            o.contentHash = d.contentHash;
            o.updatedAt = now;
            List<LineItem> own = new ArrayList<>();
            int no = 1;
            for (CreateOrdersRequest.NewLineItem li : d.src.lineItems()) {
                LineItem l = new LineItem();
                l.orderId = o.orderId;
                l.lineNo = no++;
                l.productId = li.productId();
                l.description = li.description();
                l.quantity = li.quantity();
                l.unitPrice = MinorUnits.parse(li.unitPrice(), o.currency);
                l.amount = Math.multiplyExact(l.unitPrice, (long) l.quantity);
                l.region = li.region();
                own.add(l);
            }
            o.amount = own.stream().mapToLong(l -> l.amount).sum();
            o.lineItems = own;
            lines.addAll(own);
            created.add(o);
        }
        return customers.ensure(req.customerId())
                .flatMap(c -> orders.insert(created, lines))
                .replaceWith(created);
    }

    private record Draft(CreateOrdersRequest.NewOrder src, String orderId, OrderType orderType, String contentHash) {
    }

    private List<Draft> validate(CreateOrdersRequest req, Set<String> serviceTypes) {
        Violations v = new Violations();
        if (req == null) {
            v.add("body", "is required").throwIfAny();
        }
        v.identifier("customer_id", req.customerId(), true);
        List<CreateOrdersRequest.NewOrder> list = req.orders();
        boolean combined = Boolean.TRUE.equals(req.combined());
        if (list == null || list.isEmpty()) {
            v.add("orders", "must hold at least one order");
        } else if (list.size() > (combined ? 30 : 100)) {
            v.add("orders", combined ? "a combined purchase holds at most 30 orders" : "at most 100 orders per request");
        }
        v.throwIfAny();
        List<Draft> drafts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String firstCurrency = list.get(0) == null ? null : list.get(0).currency();
        for (int i = 0; i < list.size(); i++) {
            CreateOrdersRequest.NewOrder o = list.get(i);
            String f = "orders[" + i + "]";
            if (o == null) {
                v.add(f, "is required");
                continue;
            }
            v.identifier(f + ".order_id", o.orderId(), false);
            if (o.orderId() != null && !ids.add(o.orderId())) {
                v.add(f + ".order_id", "is repeated in this request");
            }
            if (o.serviceType() == null || !serviceTypes.contains(o.serviceType())) {
                v.add(f + ".service_type", o.serviceType() == null ? "is required" : "unknown value '" + o.serviceType() + "'");
            }
            OrderType type = o.orderType() == null ? null : WireEnum.parse(OrderType.class, o.orderType()).orElse(null);
            if (type == null) {
                v.add(f + ".order_type", o.orderType() == null ? "is required" : "unknown value '" + o.orderType() + "'");
            }
            boolean currencyOk = o.currency() != null && MinorUnits.SUPPORTED.contains(o.currency());
            if (!currencyOk) {
                v.add(f + ".currency", o.currency() == null ? "is required" : "unsupported currency '" + o.currency() + "'");
            }
            if (o.expiresAt() != null && !o.expiresAt().isAfter(clock.now())) {
                v.add(f + ".expires_at", "must be in the future");
            } else if (o.expiresAt() != null && o.expiresAt().isAfter(clock.now().plus(Duration.ofDays(366)))) {
                v.add(f + ".expires_at", "must be within a year");
            }
            if (combined && currencyOk && firstCurrency != null && !firstCurrency.equals(o.currency())) {
                v.add(f + ".currency", "all orders of a combined purchase are paid in one payment, so in one currency ("
                        + firstCurrency + ")");
            }
            long total = 0;
            if (o.lineItems() == null || o.lineItems().isEmpty()) {
                v.add(f + ".line_items", "must hold at least one line");
            } else if (o.lineItems().size() > 100) {
                v.add(f + ".line_items", "at most 100 lines");
            } else {
                for (int j = 0; j < o.lineItems().size(); j++) {
                    total = Math.addExact(total, validateLine(o.lineItems().get(j), f + ".line_items[" + j + "]",
                            currencyOk ? o.currency() : null, v));
                }
                if (currencyOk && total > MinorUnits.maxOrderAmount(o.currency())) {
                    v.add(f + ".line_items", "order amount exceeds 1,000,000,000 " + o.currency());
                }
            }
            drafts.add(new Draft(o, o.orderId(), type, contentHash(req.customerId(), combined, o)));
        }
        v.throwIfAny();
        return drafts;
    }

    private static long validateLine(CreateOrdersRequest.NewLineItem li, String f, String currency, Violations v) {
        if (li == null) {
            v.add(f, "is required");
            return 0;
        }
        if (li.productId() == null || li.productId().isBlank() || li.productId().length() > 128) {
            v.add(f + ".product_id", "must be 1-128 characters");
        }
        if (li.description() == null || li.description().isBlank() || li.description().length() > 500) {
            v.add(f + ".description", "must be 1-500 characters");
        }
        if (li.region() != null && (li.region().isBlank() || li.region().length() > 64)) {
            v.add(f + ".region", "must be 1-64 characters");
        }
        if (li.quantity() == null || li.quantity() < 1 || li.quantity() > 1_000_000) {
            v.add(f + ".quantity", "must be a whole number from 1 to 1000000");
            return 0;
        }
        if (currency == null) {
            return 0;
        }
        long unit;
        try {
            unit = MinorUnits.parse(li.unitPrice(), currency);
        } catch (IllegalArgumentException e) {
            v.add(f + ".unit_price", li.unitPrice() == null ? "is required" : e.getMessage());
            return 0;
        }
        long max = MinorUnits.maxOrderAmount(currency);
        if (unit > max) {
            v.add(f + ".unit_price", "exceeds 1,000,000,000 " + currency);
            return 0;
        }
        long amount = unit * li.quantity();
        if (amount > max) {
            v.add(f + ".quantity", "line amount exceeds 1,000,000,000 " + currency);
            return 0;
        }
        if (li.amount() != null) {
            try {
                if (MinorUnits.parse(li.amount(), currency) != amount) {
                    v.add(f + ".amount", "must equal quantity x unit_price");
                }
            } catch (IllegalArgumentException e) {
                v.add(f + ".amount", e.getMessage());
            }
        }
        return amount;
    }

    /**
     * SHA-256 of the order's content as it will be stored (defaults filled in, line amounts
     * computed, money in minor units), so a resend that spells the same content differently
     * is still "the same content" (contract §4.2).
     */
    private String contentHash(String customerId, boolean combined, CreateOrdersRequest.NewOrder o) {
        List<HashedLine> lines = new ArrayList<>();
        for (CreateOrdersRequest.NewLineItem li : o.lineItems() == null ? List.<CreateOrdersRequest.NewLineItem>of() : o.lineItems()) {
            Object unitPrice;
            try {
                unitPrice = MinorUnits.parse(li.unitPrice(), o.currency());
            } catch (RuntimeException invalidAndReportedElsewhere) {
                unitPrice = li.unitPrice();
            }
            lines.add(new HashedLine(li.productId(), li.description(), li.quantity(), unitPrice, li.region()));
        }
        HashedOrder content = new HashedOrder(customerId, combined, o.serviceType(), o.orderType(), o.currency(),
                Boolean.TRUE.equals(o.requiresApproval()), Boolean.TRUE.equals(o.contractOverlap()),
                o.expiresAt() == null ? null : o.expiresAt().truncatedTo(ChronoUnit.MICROS).toString(), lines);
        try {
            return Hashing.sha256(json.writeValueAsString(content));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The content of an order as {@link #contentHash} hashes it: its JSON (application {@link ObjectMapper},
     * snake_case, components in this order, nulls written) is what stored {@code content_hash} values were
     * computed from, so neither names nor order may change.
     */
    record HashedOrder(String customerId, boolean combined, String serviceType, String orderType, String currency,
                       boolean requiresApproval, boolean contractOverlap, String expiresAt, List<HashedLine> lineItems) {
    }

    /** One line of {@link HashedOrder}; {@code unitPrice} in minor units, or the raw string when it does not parse. */
    record HashedLine(String productId, String description, Integer quantity, Object unitPrice, String region) {
    }


    /**
     * Cancels an unpaid order of the customer and the rest of its combined purchase
     * (contract §4.2). Returns every order cancelled.
     *
     * @throws ApiException 404 ORDER_NOT_FOUND; 409 ORDER_NOT_CANCELLABLE when an online
     *                      checkout holds any of them, or the order is no longer unpaid
     */
    @WithTransaction
    public Uni<List<OrderView>> cancel(String customerId, String orderId) {
        return catalogue.names().flatMap(names -> orders.lockWithCombinedPurchases(customerId, List.of(orderId))
                .flatMap(group -> {
                    Instant now = clock.now();
                    Order target = group.stream().filter(o -> o.orderId.equals(orderId)).findFirst().orElse(null);
                    if (target == null) {
                        return Uni.createFrom().failure(orderNotFound(orderId));
                    }
                    List<Order> affected = group.stream()
                            .filter(o -> o == target || o.effectiveStatus(now).unpaid()).toList();
                    for (Order o : affected) {
                        OrderStatus s = o.effectiveStatus(now);
                        if (s == OrderStatus.PAYMENT_IN_PROGRESS) {
                            return Uni.createFrom().failure(ApiException.conflict("ORDER_NOT_CANCELLABLE",
                                    "order " + o.orderId + " is held by an online checkout; cancel that payment first"));
                        }
                        if (!s.unpaid()) {
                            return Uni.createFrom().failure(ApiException.conflict("ORDER_NOT_CANCELLABLE",
                                    "order " + o.orderId + " is " + s.wire() + " and cannot be cancelled"));
                        }
                    }
                    affected.forEach(o -> o.cancel(now));
                    return orders.withLineItems(new ArrayList<>(affected)).map(list -> list.stream()
                            .map(o -> OrderView.of(o, names.get(o.serviceType), now)).toList());
                }));
    }

    /** 404 ORDER_NOT_FOUND for an unknown ID or another customer's order (contract §3). */
    public static ApiException orderNotFound(String orderId) {
        return ApiException.notFound("ORDER_NOT_FOUND", "order " + orderId + " was not found");
    }
}
