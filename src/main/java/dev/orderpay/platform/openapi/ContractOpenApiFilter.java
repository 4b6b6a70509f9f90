package dev.orderpay.platform.openapi;

import dev.orderpay.platform.DatabaseUnavailable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Completes the generated OpenAPI document ({@code /q/openapi}) with what the scanner cannot
 * see (contract §2, §9, §11): on every {@code /v1} operation and function, the problem+json
 * responses with the {@code error_code}s each status can carry (401/403 for secured
 * operations, 400 where there is input, 500 everywhere, and the operation's own from
 * {@link #OPERATIONS}); the true success status of payments (201); the query parameters of the
 * unpaid-orders search; and a description of every known field. The sandbox gateway (dev and
 * test only, a stand-in for the payment provider) is left out, with the schemas only it used. Registered by
 * {@code mp.openapi.filter}; the static part is {@code META-INF/openapi.yaml}.
 */
public class ContractOpenApiFilter implements OASFilter {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String PROBLEM_REF = "#/components/schemas/Problem";

    /** What one operation is and which error codes it answers beyond the defaults. */
    record Documented(String summary, Map<Integer, List<String>> errors) {
    }

    private static final List<String> PAY_400 = List.of("VALIDATION_FAILED", "TOO_MANY_ORDERS", "DUPLICATE_ORDER_ID",
            "IDEMPOTENCY_KEY_REQUIRED");
    private static final List<String> PAY_409 = List.of("ORDERS_PENDING_APPROVAL", "ORDER_STATUS_CHANGED", "ORDER_EXPIRED",
            "TOTAL_CHANGED", "COUPON_ALREADY_USED", "IDEMPOTENCY_IN_PROGRESS");
    private static final List<String> PAY_422 = List.of("COMBINED_PURCHASE_INCOMPLETE", "CONTRACT_CONFIRMATION_REQUIRED",
            "CURRENCY_MISMATCH", "MONTHLY_SETTLEMENT_NOT_ENABLED", "IDEMPOTENCY_KEY_REUSED", "DISCOUNT_NOT_APPLICABLE",
            "COUPON_NOT_APPLICABLE", "COUPON_DISCOUNT_CONFLICT", "COUPON_COMBINATION_NOT_ALLOWED",
            // issue #10 item 5: the gateway refuses the payment for good (never 503 + Retry-After)
            "AMOUNT_NOT_SUPPORTED_BY_GATEWAY", "GATEWAY_REFUSED");
    private static final Map<Integer, List<String>> PAY = Map.of(400, PAY_400, 404, List.of("ORDER_NOT_FOUND"),
            409, PAY_409, 422, PAY_422, 503, List.of("GATEWAY_UNAVAILABLE"));
    private static final Map<Integer, List<String>> QUOTE = Map.of(
            400, List.of("VALIDATION_FAILED", "TOO_MANY_ORDERS", "DUPLICATE_ORDER_ID"), 404, List.of("ORDER_NOT_FOUND"),
            409, List.of("ORDERS_PENDING_APPROVAL", "ORDER_STATUS_CHANGED", "ORDER_EXPIRED", "COUPON_ALREADY_USED"),
            422, List.of("COMBINED_PURCHASE_INCOMPLETE", "CONTRACT_CONFIRMATION_REQUIRED", "CURRENCY_MISMATCH",
                    "DISCOUNT_NOT_APPLICABLE", "COUPON_NOT_APPLICABLE", "COUPON_DISCOUNT_CONFLICT",
                    "COUPON_COMBINATION_NOT_ALLOWED"));
    private static final Map<Integer, List<String>> SEARCH = Map.of(400, List.of("VALIDATION_FAILED"));

    /** Operation ({@code METHOD path}) → summary and error codes by status (contract §4–§9). */
    static final Map<String, Documented> OPERATIONS = Map.ofEntries(
            Map.entry("GET /v1/service-types", new Documented("The service type catalogue (contract §4.1)", Map.of())),
            Map.entry("GET /v1/orders/unpaid", new Documented("Search the caller's unpaid orders (contract §4.2)", SEARCH)),
            Map.entry("GET /v1/orders/unpaid/export", new Documented("Export the caller's unpaid orders as CSV (issue #14): "
                    + "every match of the search filters, or exactly the orders named by selected (max 100); UTF-8, one row "
                    + "per order, money as decimal strings, at most 10,000 rows",
                    Map.of(400, List.of("VALIDATION_FAILED"), 404, List.of("ORDER_NOT_FOUND"), 422, List.of("EXPORT_TOO_LARGE")))),
            Map.entry("GET /v1/account", new Documented("The caller's own account settings (monthly settlement availability, "
                    + "contact details for notifications)", Map.of())),
            Map.entry("GET /v1/orders/{order_id}", new Documented("One of the caller's orders, any status",
                    Map.of(404, List.of("ORDER_NOT_FOUND")))),
            Map.entry("POST /v1/orders/{order_id}/cancel", new Documented(
                    "Cancel an unpaid order and the rest of its combined purchase",
                    Map.of(404, List.of("ORDER_NOT_FOUND"), 409, List.of("ORDER_NOT_CANCELLABLE")))),
            Map.entry("POST /v1/orders/{order_id}/approve", new Documented("Approve a pending_approval order",
                    Map.of(404, List.of("ORDER_NOT_FOUND"), 409, List.of("ORDER_STATUS_CHANGED")))),
            Map.entry("POST /v1/orders/{order_id}/reject", new Documented(
                    "Reject an order: it and its combined purchase are cancelled",
                    Map.of(404, List.of("ORDER_NOT_FOUND"), 409, List.of("ORDER_STATUS_CHANGED")))),
            Map.entry("POST /v1/admin/orders", new Documented(
                    "Create orders, idempotent per order_id: 201 created, 200 the same content again",
                    Map.of(409, List.of("ORDER_CONFLICT")))),
            Map.entry("POST /v1/payments", new Documented(
                    "Pay one order (single payment) or 2–30 together (combined payment) (contract §6)", PAY)),
            Map.entry("POST /v1/payments/quote", new Documented(
                    "Quote a payment: breakdown and usable savings; changes nothing (contract §5)", QUOTE)),
            Map.entry("GET /v1/payments", new Documented("The caller's payments, newest first", SEARCH)),
            Map.entry("GET /v1/payments/{payment_id}", new Documented("One of the caller's payments",
                    Map.of(404, List.of("PAYMENT_NOT_FOUND")))),
            Map.entry("POST /v1/payments/{payment_id}/cancel", new Documented("Abandon an online checkout",
                    Map.of(404, List.of("PAYMENT_NOT_FOUND"), 409, List.of("PAYMENT_NOT_CANCELLABLE", "SETTLEMENT_IN_PROGRESS"),
                            503, List.of("GATEWAY_UNAVAILABLE")))),
            Map.entry("POST /v1/gateway/webhooks", new Documented(
                    "Payment gateway webhook, authenticated by its signature (contract §7)",
                    Map.of(400, List.of("INVALID_SIGNATURE", "VALIDATION_FAILED"), 409, List.of("SETTLEMENT_IN_PROGRESS"),
                            503, List.of("GATEWAY_UNAVAILABLE")))),
            Map.entry("GET /v1/bills", new Documented("The caller's monthly settlement bills (contract §8)", SEARCH)),
            Map.entry("GET /v1/bills/{bill_id}", new Documented("One bill", Map.of(404, List.of("BILL_NOT_FOUND")))),
            Map.entry("GET /v1/discounts", new Documented("The caller's discounts (usable by default)", SEARCH)),
            Map.entry("GET /v1/coupons", new Documented("The caller's coupons (usable by default)", SEARCH)),
            Map.entry("POST /v1/admin/customers/{customer_id}/discounts", new Documented("Grant a discount",
                    Map.of(409, List.of("SAVINGS_CONFLICT")))),
            Map.entry("POST /v1/admin/customers/{customer_id}/coupons", new Documented("Grant a coupon",
                    Map.of(409, List.of("SAVINGS_CONFLICT")))),
            Map.entry("PUT /v1/admin/customers/{customer_id}", new Documented("Customer settings (contract §8)", Map.of())),
            Map.entry("GET /v1/admin/clock", new Documented("The service clock (contract §11)", Map.of())),
            Map.entry("PUT /v1/admin/clock", new Documented("Set the service clock (payments.clock.adjustable only)",
                    Map.of(409, List.of("CLOCK_NOT_ADJUSTABLE")))),
            Map.entry("DELETE /v1/admin/clock", new Documented("Back to real time",
                    Map.of(409, List.of("CLOCK_NOT_ADJUSTABLE")))),
            Map.entry("GET /v1/admin/jobs", new Documented("The jobs and their schedules (contract §11)", Map.of())),
            Map.entry("POST /v1/admin/jobs/{job}", new Documented("Run a job now; safe alongside the scheduled runs",
                    Map.of(404, List.of("JOB_NOT_FOUND")))),
            Map.entry("GET /v1/admin/notifications", new Documented("The notification outbox", SEARCH)),
            Map.entry("POST /v1/admin/notifications/{message_id}/retry", new Documented("Send a failed notification again",
                    Map.of(404, List.of("NOTIFICATION_NOT_FOUND"), 409, List.of("NOTIFICATION_NOT_RETRYABLE")))),
            Map.entry("POST /search-unpaid-orders", new Documented(null, SEARCH)),
            Map.entry("POST /pay-order", new Documented(null, PAY)),
            Map.entry("POST /combine-payments", new Documented(null, PAY)),
            Map.entry("POST /quote-payment", new Documented(null, QUOTE)));

    /** snake_case field name → description, applied to every schema property without one. */
    static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("order_id", "Order No.: 1–64 characters of [A-Za-z0-9_-], e.g. CS2611301200KQWPA"),
            Map.entry("order_ids", "Order IDs: 1 for a single payment, 2–30 for a combined payment, distinct"),
            Map.entry("customer_id", "Customer ID (the JWT sub of role customer)"),
            Map.entry("payment_id", "Payment ID (PAY + ULID)"),
            Map.entry("service_type", "Service type, e.g. hws.service.type.ec2 (GET /v1/service-types)"),
            Map.entry("service_types", "Service types this applies to; empty means all"),
            Map.entry("service_type_name", "Display name of the service type"),
            Map.entry("order_type", "new_purchase, renewal, change, trial_to_commercial or pay_per_use_to_yearly_monthly"),
            Map.entry("order_types", "Order types this applies to; empty means all"),
            Map.entry("status", "Status (contract §4 orders, §6 payments, §5 savings, §8 bills)"),
            Map.entry("currency", "ISO 4217 code; one currency per order and per payment"),
            Map.entry("amount", "Money: decimal string with the currency's minor digits, e.g. \"120.00\""),
            Map.entry("unit_price", "Money: price of one unit"),
            Map.entry("quantity", "Units, at least 1"),
            Map.entry("discount_amount", "Money: what the discount takes off"),
            Map.entry("coupon_amount", "Money: what the coupons take off"),
            Map.entry("payable_amount", "Money: amount − discount − coupons, never negative"),
            Map.entry("total_amount", "Money: sum of the orders' amounts (list price)"),
            Map.entry("total_discount", "Money: sum of the discount amounts"),
            Map.entry("total_coupon", "Money: sum of the coupon amounts"),
            Map.entry("total_payable", "Money: what the customer pays; the sum of the payable amounts"),
            Map.entry("expected_total_payable", "Money: the total the customer saw; a different total is 409 TOTAL_CHANGED"),
            Map.entry("created_at", "RFC 3339, UTC"),
            Map.entry("updated_at", "RFC 3339, UTC"),
            Map.entry("expires_at", "Payment deadline, RFC 3339 UTC; past it an unpaid order is expired"),
            Map.entry("valid_from", "Start of validity, RFC 3339 UTC"),
            Map.entry("valid_until", "End of validity, RFC 3339 UTC"),
            Map.entry("now", "The service clock, RFC 3339 UTC"),
            Map.entry("combined_purchase_id", "Orders of one combined purchase share it and are paid together"),
            Map.entry("combined", "Give all orders of this request one new combined_purchase_id"),
            Map.entry("contract_overlap", "Overlaps the standard sales contract: paying needs contract_independence_confirmed"),
            Map.entry("contract_independence_confirmed", "The customer confirms the orders are independent of the contract"),
            Map.entry("requires_approval", "Start in pending_approval"),
            Map.entry("line_items", "The order's lines; amount is their sum"),
            Map.entry("product_id", "Product ID"),
            Map.entry("description", "Human-readable description"),
            Map.entry("region", "Cloud region"),
            Map.entry("method", "online (card at the gateway's checkout) or monthly_settlement"),
            Map.entry("discount_id", "At most one discount per request (contract §5)"),
            Map.entry("coupon_ids", "Up to 3 distinct coupons (contract §5)"),
            Map.entry("coupon_id", "Coupon ID"),
            Map.entry("return_url", "Where the checkout page sends the customer back (online only)"),
            Map.entry("checkout_url", "The gateway's checkout page (online, requires_action)"),
            Map.entry("failure_reason", "card_declined, card_not_accepted, checkout_expired, amount_mismatch or gateway_error"),
            Map.entry("refunded_amount", "Money refunded at the gateway so far (charge.refunded); equals total_payable when "
                    + "status is refunded after a full refund, less after a partial one (status stays succeeded)"),
            Map.entry("skipped_orders", "Orders of a combined payment not paid: {order_id, status, reason}"),
            Map.entry("orders", "The orders"),
            Map.entry("payments", "The payments"),
            Map.entry("next_page_token", "Opaque keyset cursor of the next page; null on the last"),
            Map.entry("total_count", "All matches, across pages"),
            Map.entry("type", "Kind (discount: commercial|promotion|partner|contract; coupon: cash|discount)"),
            Map.entry("percent_off", "Percentage as a decimal string, e.g. \"15.00\""),
            Map.entry("face_value", "Money: a cash coupon's value"),
            Map.entry("min_spend", "Money: minimum amount after discount over the coupon's eligible orders"),
            Map.entry("max_deduction", "Money: cap of a discount coupon over one request"),
            Map.entry("stackable_with_discount", "May be used on an order that also gets the discount"),
            Map.entry("name", "Name"),
            Map.entry("email", "Email address for notifications"),
            Map.entry("phone", "Phone number for SMS notifications"),
            Map.entry("monthly_settlement_enabled", "The customer may pay by monthly settlement"),
            Map.entry("gateway_customer_id", "The customer at the payment gateway"),
            Map.entry("default_payment_method", "The card on file at the gateway, charged for monthly bills"),
            Map.entry("adjustable", "Whether PUT /v1/admin/clock is allowed"),
            Map.entry("sort", "-created_at (default), created_at, expires_at or -expires_at; ties by order_id"),
            Map.entry("limit", "Page size 1–100 (default 10)"),
            Map.entry("page_token", "next_page_token of the previous page"),
            Map.entry("quote", "TOTAL_CHANGED only: the fresh quote"),
            Map.entry("bill_id", "Bill ID"),
            Map.entry("month", "Billing month, yyyy-MM in the billing zone"),
            Map.entry("total", "Money: the bill's total"),
            Map.entry("issued_at", "RFC 3339, UTC"),
            Map.entry("due_date", "Date the bill is charged to the card on file"),
            Map.entry("paid_at", "RFC 3339, UTC"),
            Map.entry("items", "The bill's items: {order_id, payment_id, amount, paid_at}"),
            Map.entry("available_discounts", "The customer's usable discounts for these orders"),
            Map.entry("available_coupons", "The customer's usable coupons for these orders"),
            Map.entry("balance", "Money: what is left of a cash coupon"),
            Map.entry("idempotency_key", "Stands for the Idempotency-Key header (contract §6)"),
            Map.entry("decision", "approved or rejected"),
            Map.entry("payable", "Whether the orders can now be paid"),
            Map.entry("notification_id", "The notification sent to the customer (SMS and email)"),
            Map.entry("approved_at", "RFC 3339, UTC"),
            Map.entry("reason", "Why (shown to the customer)"),
            Map.entry("job", "Job name: expire-orders, reconcile-payments, generate-bills, retry-bills, send-notifications, purge-expired-records"),
            Map.entry("schedule", "When the job runs by itself"),
            Map.entry("started_at", "RFC 3339, UTC"),
            Map.entry("finished_at", "RFC 3339, UTC"),
            Map.entry("counts", "What the run did, by outcome"),
            Map.entry("message_id", "Outbox message ID"),
            Map.entry("channel", "sms or email"),
            Map.entry("kind", "What the notification is about"),
            Map.entry("recipient", "Phone number or email address"),
            Map.entry("attempts", "Delivery attempts so far"),
            Map.entry("next_attempt_at", "RFC 3339, UTC; when the next delivery attempt is due"),
            Map.entry("last_error", "The last delivery error, if any"),
            Map.entry("sent_at", "RFC 3339, UTC"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (String path : new ArrayList<>(openAPI.getPaths().getPathItems().keySet())) {
            if (path.startsWith("/sandbox/")) {
                openAPI.getPaths().removePathItem(path);
                continue;
            }
            if (!path.startsWith("/v1/") && !OPERATIONS.containsKey("POST " + path)) {
                continue;
            }
            PathItem item = openAPI.getPaths().getPathItem(path);
            item.getOperations().forEach((method, op) -> {
                document(method.name() + " " + path, op);
                String tag = capability(path);
                if (tag != null) {
                    op.setTags(new ArrayList<>(List.of(tag)));
                }
            });
        }
        openAPI.setTags(new ArrayList<>(openAPI.getTags() == null ? List.of() : openAPI.getTags()));
        CAPABILITIES.forEach((name, description) -> {
            if (openAPI.getTags().stream().noneMatch(t -> name.equals(t.getName()))) {
                openAPI.addTag(OASFactory.createTag().name(name).description(description));
            }
        });
        // drop the class-name tags the scanner made, now that no operation uses them
        Set<String> usedTags = new HashSet<>();
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
            if (op.getTags() != null) {
                usedTags.addAll(op.getTags());
            }
        }));
        openAPI.setTags(new ArrayList<>(openAPI.getTags().stream().filter(t -> usedTags.contains(t.getName())).toList()));
        Operation search = operation(openAPI, "/v1/orders/unpaid");
        if (search != null) {
            searchParameters(search, true);
        }
        Operation export = operation(openAPI, "/v1/orders/unpaid/export");
        if (export != null) {
            exportParameters(export);
        }
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            removeUnreferencedSchemas(openAPI);
            openAPI.getComponents().getSchemas().values().forEach(ContractOpenApiFilter::describeFields);
        }
    }

    /** Drops the schemas nothing refers to any more (those of the sandbox paths removed above). */
    private static void removeUnreferencedSchemas(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        Set<String> used = new HashSet<>();
        Deque<Schema> todo = new ArrayDeque<>();
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
            if (op.getParameters() != null) {
                op.getParameters().forEach(p -> push(todo, p.getSchema()));
            }
            if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                pushContent(todo, op.getRequestBody().getContent());
            }
            if (op.getResponses() != null && op.getResponses().getAPIResponses() != null) {
                op.getResponses().getAPIResponses().values().forEach(r -> {
                    if (r.getContent() != null) {
                        pushContent(todo, r.getContent());
                    }
                });
            }
        }));
        while (!todo.isEmpty()) {
            Schema s = todo.pop();
            if (s.getRef() != null) {
                String name = s.getRef().substring(s.getRef().lastIndexOf('/') + 1);
                if (used.add(name) && schemas.containsKey(name)) {
                    todo.push(schemas.get(name));
                }
            }
            if (s.getProperties() != null) {
                s.getProperties().values().forEach(p -> push(todo, p));
            }
            push(todo, s.getItems());
            if (s.getAdditionalPropertiesSchema() != null) {
                push(todo, s.getAdditionalPropertiesSchema());
            }
            for (List<Schema> list : Arrays.asList(s.getAllOf(), s.getAnyOf(), s.getOneOf())) {
                if (list != null) {
                    list.forEach(x -> push(todo, x));
                }
            }
        }
        new ArrayList<>(schemas.keySet()).stream().filter(name -> !used.contains(name))
                .forEach(openAPI.getComponents()::removeSchema);
    }

    private static void pushContent(Deque<Schema> todo, Content content) {
        if (content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(m -> push(todo, m.getSchema()));
        }
    }

    private static void push(Deque<Schema> todo, Schema schema) {
        if (schema != null) {
            todo.push(schema);
        }
    }

    private static Operation operation(OpenAPI openAPI, String path) {
        PathItem item = openAPI.getPaths().getPathItem(path);
        return item == null ? null : item.getGET();
    }

    /** Operations that never touch the database, so never answer 503 SERVICE_UNAVAILABLE. */
    static final Set<String> NO_DATABASE = Set.of("GET /v1/dev/token", "GET /v1/admin/clock",
            "PUT /v1/admin/clock", "DELETE /v1/admin/clock", "GET /v1/admin/jobs");

    private static void document(String key, Operation op) {
        Documented doc = OPERATIONS.get(key);
        if (doc != null && doc.summary() != null) {
            op.setSummary(doc.summary());
        }
        APIResponses responses = op.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            op.setResponses(responses);
        }
        Map<Integer, List<String>> errors = new TreeMap<>(doc == null ? Map.of() : doc.errors());
        boolean secured = op.getSecurity() != null && !op.getSecurity().isEmpty();
        if (secured) {
            errors.putIfAbsent(401, List.of("UNAUTHENTICATED"));
            errors.putIfAbsent(403, List.of("FORBIDDEN"));
        }
        boolean hasInput = op.getRequestBody() != null || (op.getParameters() != null && !op.getParameters().isEmpty())
                || key.equals("GET /v1/orders/unpaid") || key.equals("GET /v1/orders/unpaid/export");
        if (hasInput) {
            errors.putIfAbsent(400, List.of("VALIDATION_FAILED"));
        }
        if (op.getRequestBody() != null) {
            // a body over quarkus.http.limits.max-body-size (platform.RequestGuard)
            errors.putIfAbsent(413, List.of("REQUEST_TOO_LARGE"));
        }
        if (!NO_DATABASE.contains(key)) {
            // PostgreSQL unreachable or restarting (platform.DatabaseUnavailable, issue #11 item 3)
            errors.merge(503, List.of(DatabaseUnavailable.ERROR_CODE), (a, b) -> Stream.concat(a.stream(),
                    b.stream()).toList());
        }
        errors.putIfAbsent(500, List.of("INTERNAL_ERROR"));
        for (Map.Entry<Integer, List<String>> e : errors.entrySet()) {
            responses.addAPIResponse(String.valueOf(e.getKey()), problem(e.getKey(), e.getValue()));
        }
        if (key.equals("POST /v1/payments")) {
            responses.removeAPIResponse("200");
            responses.addAPIResponse("201", json("The payment; a repeated Idempotency-Key with the same body replays "
                    + "the first answer", "#/components/schemas/PaymentView"));
            if (op.getParameters() != null) {
                op.getParameters().stream().filter(p -> "Idempotency-Key".equalsIgnoreCase(p.getName())).forEach(p -> p
                        .required(true)
                        .description("1–255 printable ASCII characters; the same key and body replay the first answer "
                                + "for 24 h (contract §6)"));
            }
        } else if (key.equals("POST /v1/payments/quote")) {
            responses.addAPIResponse("200", json("The quote", "#/components/schemas/Quote"));
        } else if (key.equals("POST /v1/admin/orders")) {
            responses.addAPIResponse("201", OASFactory.createAPIResponse().description("Created (some order was new)"));
        }
    }

    private static APIResponse problem(int status, List<String> codes) {
        APIResponse r = OASFactory.createAPIResponse()
                .description("error_code: " + String.join(", ", codes))
                .content(OASFactory.createContent().addMediaType(PROBLEM_JSON,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF))));
        if (status == 503 || status == 429) {
            r.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
        return r;
    }

    private static APIResponse json(String description, String ref) {
        Content content = OASFactory.createContent().addMediaType("application/json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ref)));
        return OASFactory.createAPIResponse().description(description).content(content);
    }

    private static void searchParameters(Operation op, boolean paging) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        params.put("order_id", query("order_id", "Case-insensitive prefix of the order No.", stringSchema()));
        params.put("service_type", query("service_type", "Service types (repeat, or comma-separated)", arrayOf(stringSchema())));
        params.put("order_type", query("order_type", "Order types (repeat, or comma-separated)", arrayOf(enumSchema(
                "new_purchase", "renewal", "change", "trial_to_commercial", "pay_per_use_to_yearly_monthly"))));
        params.put("status", query("status", "Unpaid statuses only (repeat, or comma-separated)", arrayOf(enumSchema(
                "pending_approval", "pending_payment", "payment_in_progress"))));
        params.put("sort", query("sort", "Sort; ties by ascending order_id", enumSchema(
                "-created_at", "created_at", "expires_at", "-expires_at").defaultValue("-created_at")));
        if (paging) {
            params.put("limit", query("limit", "Page size 1–100", OASFactory.createSchema()
                    .addType(Schema.SchemaType.INTEGER).minimum(BigDecimal.ONE)
                    .maximum(BigDecimal.valueOf(100)).defaultValue(10)));
            params.put("page_token", query("page_token", "next_page_token of the previous page (same sort)", stringSchema()));
        }
        if (op.getParameters() != null) {
            op.getParameters().forEach(p -> params.remove(p.getName()));
        }
        params.values().forEach(op::addParameter);
    }

    /** Swagger tags by capability (issue #14 item 12), not by resource class; in this order. */
    static final Map<String, String> CAPABILITIES = new LinkedHashMap<>();

    static {
        CAPABILITIES.put("Unpaid orders", "Search, read, export and cancel the caller's orders (contract §4)");
        CAPABILITIES.put("Payments", "Quote, pay (single or combined), follow and cancel payments (contract §5, §6)");
        CAPABILITIES.put("Savings", "Discounts and coupons (contract §5)");
        CAPABILITIES.put("Monthly bills", "Monthly settlement bills (contract §8)");
        CAPABILITIES.put("Account", "The customer's settings (contract §8)");
        CAPABILITIES.put("Approval", "Approvers approve or reject orders (contract §4.2)");
        CAPABILITIES.put("Order intake", "The ordering system creates orders (contract §4.2)");
        CAPABILITIES.put("Payment callback", "Signed webhooks of the payment gateway (contract §7)");
        CAPABILITIES.put("Operations", "Clock, jobs and notifications for operators (contract §11)");
        CAPABILITIES.put("Development", "Dev and test only");
    }

    /** The capability a {@code /v1} path belongs to, or null to keep the operation's tags. */
    static String capability(String path) {
        if (!path.startsWith("/v1/")) {
            return null;
        }
        if (path.endsWith("/approve") || path.endsWith("/reject")) {
            return "Approval";
        }
        if (path.startsWith("/v1/admin/orders")) {
            return "Order intake";
        }
        if (path.startsWith("/v1/orders") || path.startsWith("/v1/service-types")) {
            return "Unpaid orders";
        }
        if (path.startsWith("/v1/payments")) {
            return "Payments";
        }
        if (path.startsWith("/v1/discounts") || path.startsWith("/v1/coupons") || path.endsWith("/discounts")
                || path.endsWith("/coupons")) {
            return "Savings";
        }
        if (path.startsWith("/v1/bills")) {
            return "Monthly bills";
        }
        if (path.startsWith("/v1/account") || path.startsWith("/v1/admin/customers")) {
            return "Account";
        }
        if (path.startsWith("/v1/gateway")) {
            return "Payment callback";
        }
        if (path.startsWith("/v1/dev")) {
            return "Development";
        }
        return "Operations";
    }

    /** The export takes the search filters (not limit, page_token), plus format and selected. */
    private static void exportParameters(Operation op) {
        searchParameters(op, false);
        op.addParameter(query("format", "Export format", enumSchema("csv").defaultValue("csv")));
        op.addParameter(query("selected", "Export exactly these order IDs (repeat, or comma-separated; at most 100; any "
                + "status; not combinable with order_id, service_type, order_type, status)", arrayOf(stringSchema())));
    }

    private static Parameter query(String name, String description, Schema schema) {
        return OASFactory.createParameter().name(name).in(Parameter.In.QUERY).description(description).schema(schema);
    }

    private static Schema stringSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }

    private static Schema enumSchema(String... values) {
        Schema s = stringSchema();
        for (String v : values) {
            s.addEnumeration(v);
        }
        return s;
    }

    private static Schema arrayOf(Schema items) {
        return OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(items);
    }

    private static void describeFields(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        schema.getProperties().forEach((name, property) -> {
            if (property.getDescription() == null && FIELDS.containsKey(name)) {
                property.setDescription(FIELDS.get(name));
            }
        });
    }
}
