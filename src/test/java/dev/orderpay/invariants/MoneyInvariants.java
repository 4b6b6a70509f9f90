package dev.orderpay.invariants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The money invariants of issue #11, checked from the outside: it reads the database by JDBC
 * and the sandbox gateway's own records over HTTP ({@code GET /sandbox/control/payment_intents}
 * and {@code GET /sandbox/control/webhooks}), never the service's answers. Works in-process
 * (a {@code @QuarkusTest}) and against a separately started service.
 *
 * <p>Each violation is one string {@code "<INVARIANT> <row>: <what is wrong>"}, e.g.
 * {@code "ORDER_PAID_ONCE order CS2611301200KQWPA: paid by 2 succeeded payments [PAY…, PAY…]"}.
 * Invariants (issue #11 "Invariants"; money in minor units):
 * <ul>
 * <li>{@value #ORDER_PAID_ONCE}: an order is paid by at most one payment; a {@code paid} order
 *     has exactly one succeeded payment item (its {@code payment_id}, succeeded — or refunded at
 *     the gateway after succeeding); an order that is not paid has no succeeded payment; an open
 *     payment's orders are not held or paid by another payment.</li>
 * <li>{@value #CHARGE_EXPLAINED}: every PaymentIntent with money captured at the gateway is
 *     explained by exactly one payment (succeeded for that amount and currency, or refunded with
 *     the whole amount refunded at the gateway) or one bill; no succeeded/refunded online payment
 *     claims money the gateway does not have.</li>
 * <li>{@value #COUPON_BALANCE}: a cash coupon's balance = face value − Σ consumed − Σ reserved
 *     redemptions (so face − consumed once no reservation is left); a coupon is {@code reserved}
 *     exactly when it has one reserved redemption, never more; consumed only by a payment that
 *     succeeded.</li>
 * <li>{@value #RESERVATION_ENDS}: no reservation outlives its checkout: a reserved redemption or a
 *     {@code payment_in_progress} order is held by an open (requires_action/processing) payment
 *     that contains it.</li>
 * <li>{@value #NOTHING_STUCK} (only {@link #checkSettled()}, after reconciliation and expiry have
 *     run past their intervals): no payment open, no order {@code payment_in_progress}, no coupon
 *     or redemption {@code reserved}.</li>
 * <li>{@value #BILL_CHARGED_ONCE}: at most one captured PaymentIntent per bill; a {@code paid}
 *     bill has exactly one, for its total; an unpaid bill has none; the total is the sum of its items.</li>
 * <li>{@value #WEBHOOK_APPLIED_ONCE}: every webhook event the gateway delivered was answered
 *     {@code "result": "applied"} at most once (the gateway's delivery log records each answer).</li>
 * </ul>
 *
 * <p>Run it when the system is quiet (no request in flight, webhooks delivered): it reads the
 * database and the gateway one after the other, not as one snapshot. {@link #customers(String)}
 * limits it to customers whose ID starts with a prefix (and the gateway records naming them in
 * {@code metadata.customer_id}), so a scenario sharing a database with other tests checks its own rows.
 */
public final class MoneyInvariants {

    public static final String ORDER_PAID_ONCE = "ORDER_PAID_ONCE";
    public static final String CHARGE_EXPLAINED = "CHARGE_EXPLAINED";
    public static final String COUPON_BALANCE = "COUPON_BALANCE";
    public static final String RESERVATION_ENDS = "RESERVATION_ENDS";
    public static final String NOTHING_STUCK = "NOTHING_STUCK";
    public static final String BILL_CHARGED_ONCE = "BILL_CHARGED_ONCE";
    public static final String WEBHOOK_APPLIED_ONCE = "WEBHOOK_APPLIED_ONCE";

    private static final Set<String> OPEN = Set.of("requires_action", "processing");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String serviceBaseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String prefix = "";
    private final Map<String, Long> figures = new LinkedHashMap<>();

    private MoneyInvariants(String jdbcUrl, String user, String password, String serviceBaseUrl) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.serviceBaseUrl = serviceBaseUrl.endsWith("/") ? serviceBaseUrl.substring(0, serviceBaseUrl.length() - 1) : serviceBaseUrl;
    }

    /**
     * A checker of the database at {@code jdbcUrl} ({@code user}/{@code password} may be null when
     * the URL carries them) and the sandbox gateway served by the service at {@code serviceBaseUrl}
     * (e.g. {@code http://localhost:8080}; its {@code /sandbox/control/...} must be enabled).
     */
    public static MoneyInvariants of(String jdbcUrl, String user, String password, String serviceBaseUrl) {
        return new MoneyInvariants(jdbcUrl, user, password, serviceBaseUrl);
    }

    /**
     * A checker for a {@code @QuarkusTest}: the JDBC URL from {@code quarkus.datasource.jdbc.url}
     * (with {@code quarkus.datasource.username/password} if set), the service at {@code serviceBaseUrl}.
     */
    public static MoneyInvariants fromConfig(String serviceBaseUrl) {
        Config c = ConfigProvider.getConfig();
        return of(c.getValue("quarkus.datasource.jdbc.url", String.class),
                c.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                c.getOptionalValue("quarkus.datasource.password", String.class).orElse(null), serviceBaseUrl);
    }

    /** Only customers whose {@code customer_id} starts with {@code customerIdPrefix} (and their gateway records). */
    public MoneyInvariants customers(String customerIdPrefix) {
        this.prefix = customerIdPrefix == null ? "" : customerIdPrefix;
        return this;
    }

    /** The invariants that hold at any quiet moment. Empty when they all hold. */
    public List<String> check() {
        return run(false);
    }

    /** {@link #check()} plus {@value #NOTHING_STUCK}: for after reconciliation and expiry have run past their intervals. */
    public List<String> checkSettled() {
        return run(true);
    }

    /** What the last check looked at: rows and gateway records per kind (orders, payments, coupons, bills, intents, events). */
    public Map<String, Long> figures() {
        return Map.copyOf(figures);
    }

    private List<String> run(boolean settled) {
        List<String> out = new ArrayList<>();
        figures.clear();
        try (Connection db = user == null ? DriverManager.getConnection(jdbcUrl) : DriverManager.getConnection(jdbcUrl, user, password)) {
            db.setReadOnly(true);
            db.setAutoCommit(false);
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Map<String, Payment> payments = payments(db);
            JsonNode intents = get("/sandbox/control/payment_intents");
            orders(db, payments, settled, out);
            coupons(db, payments, settled, out);
            List<JsonNode> scopedIntents = new ArrayList<>();
            for (JsonNode pi : intents) {
                if (inScope(pi)) {
                    scopedIntents.add(pi);
                }
            }
            figures.put("intents", (long) scopedIntents.size());
            charges(scopedIntents, payments, out);
            bills(db, scopedIntents, out);
            webhooks(scopedIntents, payments, out);
            if (settled) {
                payments.values().stream().filter(p -> OPEN.contains(p.status)).forEach(p ->
                        out.add(NOTHING_STUCK + " payment " + p.id + ": still " + p.status + " after reconciliation and expiry"));
            }
            db.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database at " + jdbcUrl.replaceAll("password=[^&]*", "password=***"), e);
        }
        return out;
    }

    // --- database ------------------------------------------------------------------------------

    private record Payment(String id, String customerId, String status, String method, String currency, long totalPayable,
                           long refundedAmount, String intentId, String sessionId, Set<String> orderIds) {
    }

    private Map<String, Payment> payments(Connection db) throws SQLException {
        Map<String, Payment> out = new LinkedHashMap<>();
        try (PreparedStatement st = db.prepareStatement("""
                select p.payment_id, p.customer_id, p.status, p.method, p.currency, p.total_payable, p.refunded_amount,
                       p.payment_intent_id, p.checkout_session_id,
                       coalesce((select string_agg(po.order_id, ',') from payment_order po where po.payment_id = p.payment_id), '')
                from payment p where starts_with(p.customer_id, ?) order by p.payment_id""")) {
            st.setString(1, prefix);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Set<String> orders = new LinkedHashSet<>();
                    for (String o : rs.getString(10).split(",")) {
                        if (!o.isEmpty()) {
                            orders.add(o);
                        }
                    }
                    out.put(rs.getString(1), new Payment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getString(9), orders));
                }
            }
        }
        figures.put("payments", (long) out.size());
        return out;
    }

    private void orders(Connection db, Map<String, Payment> payments, boolean settled, List<String> out) throws SQLException {
        Map<String, List<Payment>> succeededByOrder = new HashMap<>();
        payments.values().stream().filter(p -> "succeeded".equals(p.status)).forEach(p ->
                p.orderIds.forEach(o -> succeededByOrder.computeIfAbsent(o, k -> new ArrayList<>()).add(p)));
        long n = 0;
        try (PreparedStatement st = db.prepareStatement(
                "select order_id, status, payment_id from customer_order where starts_with(customer_id, ?) order by order_id")) {
            st.setString(1, prefix);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    n++;
                    String order = rs.getString(1);
                    String status = rs.getString(2);
                    String holderId = rs.getString(3);
                    Payment holder = holderId == null ? null : payments.get(holderId);
                    List<Payment> succeeded = succeededByOrder.getOrDefault(order, List.of());
                    String row = " order " + order + ": ";
                    if (succeeded.size() > 1) {
                        out.add(ORDER_PAID_ONCE + row + "paid by " + succeeded.size() + " succeeded payments " + ids(succeeded));
                    }
                    if ("paid".equals(status)) {
                        if (holder == null) {
                            out.add(ORDER_PAID_ONCE + row + "paid but names no payment (payment_id " + holderId + ")");
                        } else if (!holder.orderIds.contains(order)) {
                            out.add(ORDER_PAID_ONCE + row + "paid by " + holder.id + ", which has no item for it");
                        } else if (!"succeeded".equals(holder.status) && !("refunded".equals(holder.status) && holder.refundedAmount > 0)) {
                            out.add(ORDER_PAID_ONCE + row + "paid by " + holder.id + ", which is " + holder.status);
                        } else {
                            long others = succeeded.stream().filter(p -> !p.id.equals(holder.id)).count();
                            if (others > 0) {
                                out.add(ORDER_PAID_ONCE + row + "paid by " + holder.id + " but also by succeeded " + ids(succeeded));
                            }
                        }
                    } else if (!succeeded.isEmpty()) {
                        out.add(ORDER_PAID_ONCE + row + status + " although payment " + ids(succeeded) + " succeeded");
                    }
                    if ("payment_in_progress".equals(status)) {
                        if (holder == null || !OPEN.contains(holder.status) || !holder.orderIds.contains(order)) {
                            out.add(RESERVATION_ENDS + row + "payment_in_progress but held by "
                                    + (holder == null ? "no payment (" + holderId + ")" : holder.id + " (" + holder.status + ")"));
                        }
                        if (settled) {
                            out.add(NOTHING_STUCK + row + "still payment_in_progress after reconciliation and expiry");
                        }
                    }
                }
            }
        }
        figures.put("orders", n);
        // an open payment's orders are held by it, or ended (cancelled/expired) meanwhile: never held or paid by another
        try (PreparedStatement st = db.prepareStatement("""
                select p.payment_id, o.order_id, o.status, o.payment_id from payment p
                join payment_order po on po.payment_id = p.payment_id join customer_order o on o.order_id = po.order_id
                where starts_with(p.customer_id, ?) and p.status in ('requires_action', 'processing')
                  and o.status in ('payment_in_progress', 'paid') and o.payment_id is distinct from p.payment_id
                order by p.payment_id, o.order_id""")) {
            st.setString(1, prefix);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(ORDER_PAID_ONCE + " order " + rs.getString(2) + ": taken by open payment " + rs.getString(1)
                            + " while " + rs.getString(3) + " by " + rs.getString(4));
                }
            }
        }
    }

    private void coupons(Connection db, Map<String, Payment> payments, boolean settled, List<String> out) throws SQLException {
        long n = 0;
        try (PreparedStatement st = db.prepareStatement("""
                select c.coupon_id, c.type, c.face_value, c.balance, c.status,
                       coalesce(sum(r.amount) filter (where r.state = 'consumed'), 0),
                       coalesce(sum(r.amount) filter (where r.state = 'reserved'), 0),
                       count(r.payment_id) filter (where r.state = 'reserved'),
                       count(r.payment_id) filter (where r.state = 'consumed')
                from coupon c left join coupon_redemption r on r.coupon_id = c.coupon_id
                where starts_with(c.customer_id, ?) group by c.coupon_id order by c.coupon_id""")) {
            st.setString(1, prefix);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    n++;
                    String row = " coupon " + rs.getString(1) + ": ";
                    boolean cash = "cash".equals(rs.getString(2));
                    long face = rs.getLong(3);
                    long balance = rs.getLong(4);
                    String status = rs.getString(5);
                    long consumed = rs.getLong(6);
                    long reserved = rs.getLong(7);
                    long reservations = rs.getLong(8);
                    long consumptions = rs.getLong(9);
                    if (cash && balance != face - consumed - reserved) {
                        out.add(COUPON_BALANCE + row + "balance " + balance + " != face " + face + " - consumed " + consumed
                                + " - reserved " + reserved);
                    }
                    if (reservations > 1) {
                        out.add(COUPON_BALANCE + row + "reserved by " + reservations + " payments at once");
                    }
                    if ("reserved".equals(status) != (reservations > 0)) {
                        out.add(COUPON_BALANCE + row + "status " + status + " but " + reservations + " reserved redemptions");
                    }
                    if (!cash && consumptions > 1) {
                        out.add(COUPON_BALANCE + row + "discount coupon consumed " + consumptions + " times");
                    }
                    if (cash && "used".equals(status) && balance != 0) {
                        out.add(COUPON_BALANCE + row + "used with balance " + balance + " left");
                    }
                    if (settled && "reserved".equals(status)) {
                        out.add(NOTHING_STUCK + row + "still reserved after reconciliation and expiry");
                    }
                }
            }
        }
        figures.put("coupons", n);
        try (PreparedStatement st = db.prepareStatement("""
                select r.coupon_id, r.payment_id, r.state from coupon_redemption r join coupon c on c.coupon_id = r.coupon_id
                where starts_with(c.customer_id, ?) order by r.coupon_id, r.payment_id""")) {
            st.setString(1, prefix);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String row = " redemption " + rs.getString(1) + "/" + rs.getString(2) + ": ";
                    Payment p = payments.get(rs.getString(2));
                    String pStatus = p == null ? "unknown" : p.status;
                    String state = rs.getString(3);
                    if ("reserved".equals(state) && !OPEN.contains(pStatus)) {
                        out.add(RESERVATION_ENDS + row + "reserved but its payment is " + pStatus);
                    }
                    if ("consumed".equals(state) && !"succeeded".equals(pStatus) && !"refunded".equals(pStatus)) {
                        out.add(COUPON_BALANCE + row + "consumed but its payment is " + pStatus);
                    }
                    if ("consumed".equals(state) && "refunded".equals(pStatus) && p.refundedAmount == 0) {
                        out.add(COUPON_BALANCE + row + "consumed by a payment refunded without ever succeeding");
                    }
                    if ("released".equals(state) && "succeeded".equals(pStatus)) {
                        out.add(COUPON_BALANCE + row + "released although its payment succeeded");
                    }
                    if (settled && "reserved".equals(state)) {
                        out.add(NOTHING_STUCK + row + "still reserved after reconciliation and expiry");
                    }
                }
            }
        }
    }

    // --- gateway -------------------------------------------------------------------------------

    private boolean inScope(JsonNode pi) {
        return pi.path("metadata").path("customer_id").asText("").startsWith(prefix);
    }

    private void charges(List<JsonNode> intents, Map<String, Payment> payments, List<String> out) {
        Map<String, List<Payment>> byIntent = new HashMap<>();
        Map<String, List<Payment>> bySession = new HashMap<>();
        for (Payment p : payments.values()) {
            if (p.intentId != null) {
                byIntent.computeIfAbsent(p.intentId, k -> new ArrayList<>()).add(p);
            }
            if (p.sessionId != null) {
                bySession.computeIfAbsent(p.sessionId, k -> new ArrayList<>()).add(p);
            }
        }
        Map<String, JsonNode> intentById = new HashMap<>();
        for (JsonNode pi : intents) {
            String id = pi.path("id").asText();
            intentById.put(id, pi);
            long received = pi.path("amount_received").asLong();
            if (received <= 0 || pi.path("metadata").hasNonNull("bill_id")) {
                continue; // nothing captured; bills are BILL_CHARGED_ONCE's
            }
            String row = " charge " + id + " (" + received + " " + pi.path("currency").asText() + "): ";
            Set<Payment> explaining = new LinkedHashSet<>(byIntent.getOrDefault(id, List.of()));
            String session = pi.path("checkout_session").asText(null);
            if (session != null) {
                explaining.addAll(bySession.getOrDefault(session, List.of()));
            }
            Payment named = payments.get(pi.path("metadata").path("payment_id").asText(""));
            if (named != null) {
                explaining.add(named);
            }
            if (explaining.isEmpty()) {
                out.add(CHARGE_EXPLAINED + row + "captured but explained by no payment (metadata " + pi.path("metadata") + ")");
                continue;
            }
            if (explaining.size() > 1) {
                out.add(CHARGE_EXPLAINED + row + "claimed by " + explaining.size() + " payments " + ids(explaining));
                continue;
            }
            Payment p = explaining.iterator().next();
            long refunded = pi.path("amount_refunded").asLong();
            switch (p.status) {
                case "succeeded" -> {
                    if (received != p.totalPayable || !pi.path("currency").asText().equalsIgnoreCase(p.currency)) {
                        out.add(CHARGE_EXPLAINED + row + "payment " + p.id + " succeeded for " + p.totalPayable + " " + p.currency);
                    }
                    if (refunded != p.refundedAmount && !(refunded >= p.totalPayable && p.refundedAmount == p.totalPayable)) {
                        out.add(CHARGE_EXPLAINED + row + "gateway refunded " + refunded + " but payment " + p.id + " records "
                                + p.refundedAmount);
                    }
                }
                case "refunded" -> {
                    if (refunded < received) {
                        out.add(CHARGE_EXPLAINED + row + "payment " + p.id + " is refunded but the gateway refunded only " + refunded);
                    }
                }
                case "requires_action", "processing" -> {
                    // being settled (a quiet moment still has it after a crash); checkSettled() reports open payments
                }
                default -> {
                    if (refunded < received) {
                        out.add(CHARGE_EXPLAINED + row + "money kept but payment " + p.id + " is " + p.status
                                + " (refunded " + refunded + ")");
                    }
                }
            }
        }
        for (Payment p : payments.values()) {
            if (!"online".equals(p.method) || p.totalPayable == 0
                    || !("succeeded".equals(p.status) || "refunded".equals(p.status))) {
                continue;
            }
            String row = " payment " + p.id + ": ";
            JsonNode pi = p.intentId == null ? null : intentById.get(p.intentId);
            if (pi == null) {
                out.add(CHARGE_EXPLAINED + row + p.status + " for " + p.totalPayable + " but the gateway has no PaymentIntent "
                        + p.intentId);
            } else if (pi.path("amount_received").asLong() != p.totalPayable && "succeeded".equals(p.status)) {
                out.add(CHARGE_EXPLAINED + row + "succeeded for " + p.totalPayable + " but the gateway received "
                        + pi.path("amount_received").asLong() + " (" + pi.path("status").asText() + ")");
            } else if ("refunded".equals(p.status) && pi.path("amount_received").asLong() == 0
                    && !"canceled".equals(pi.path("status").asText())) {
                out.add(CHARGE_EXPLAINED + row + "refunded but the gateway's PaymentIntent is " + pi.path("status").asText());
            }
        }
    }

    private void bills(Connection db, List<JsonNode> intents, List<String> out) throws SQLException {
        Map<String, List<JsonNode>> captured = new HashMap<>();
        for (JsonNode pi : intents) {
            String bill = pi.path("metadata").path("bill_id").asText(null);
            if (bill != null && pi.path("amount_received").asLong() > 0) {
                captured.computeIfAbsent(bill, k -> new ArrayList<>()).add(pi);
            }
        }
        Set<String> known = new HashSet<>();
        long n = 0;
        try (PreparedStatement st = db.prepareStatement("""
                select b.bill_id, b.status, b.total, coalesce((select sum(i.amount) from bill_item i where i.bill_id = b.bill_id), 0)
                from bill b where starts_with(b.customer_id, ?) order by b.bill_id""")) {
            st.setString(1, prefix);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    n++;
                    String bill = rs.getString(1);
                    known.add(bill);
                    String status = rs.getString(2);
                    long total = rs.getLong(3);
                    String row = " bill " + bill + ": ";
                    List<JsonNode> charges = captured.getOrDefault(bill, List.of());
                    if (total != rs.getLong(4)) {
                        out.add(BILL_CHARGED_ONCE + row + "total " + total + " != sum of its items " + rs.getLong(4));
                    }
                    if (charges.size() > 1) {
                        out.add(BILL_CHARGED_ONCE + row + "charged " + charges.size() + " times " + intentIds(charges));
                    } else if ("paid".equals(status) && total > 0 && charges.isEmpty()) {
                        out.add(BILL_CHARGED_ONCE + row + "paid but the gateway captured nothing for it");
                    } else if ("paid".equals(status) && total > 0 && charges.get(0).path("amount_received").asLong() != total) {
                        out.add(BILL_CHARGED_ONCE + row + "total " + total + " but the gateway captured "
                                + charges.get(0).path("amount_received").asLong());
                    } else if (!"paid".equals(status) && !charges.isEmpty()) {
                        out.add(BILL_CHARGED_ONCE + row + status + " although the gateway captured " + intentIds(charges));
                    }
                }
            }
        }
        captured.keySet().stream().filter(b -> !known.contains(b)).sorted().forEach(b ->
                out.add(CHARGE_EXPLAINED + " charge " + intentIds(captured.get(b)) + ": captured for unknown bill " + b));
        figures.put("bills", n);
    }

    private void webhooks(List<JsonNode> intents, Map<String, Payment> payments, List<String> out) {
        Set<String> objects = new HashSet<>();
        for (JsonNode pi : intents) {
            objects.add(pi.path("id").asText());
            objects.add(pi.path("checkout_session").asText(""));
            objects.add(pi.path("latest_charge").asText(""));
        }
        payments.values().forEach(p -> {
            objects.add(p.sessionId);
            objects.add(p.intentId);
        });
        long n = 0;
        for (JsonNode e : get("/sandbox/control/webhooks").path("events")) {
            if (!prefix.isEmpty() && !objects.contains(e.path("object_id").asText(""))) {
                continue;
            }
            n++;
            int applied = 0;
            for (JsonNode a : e.path("attempts")) {
                int status = a.path("status").asInt(0);
                if (status >= 200 && status < 300 && "applied".equals(a.path("result").asText(null))) {
                    applied++;
                }
            }
            if (applied > 1) {
                out.add(WEBHOOK_APPLIED_ONCE + " event " + e.path("id").asText() + " (" + e.path("type").asText() + ", "
                        + e.path("object_id").asText() + "): applied " + applied + " times");
            }
        }
        figures.put("events", n);
    }

    private JsonNode get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(serviceBaseUrl + path)).timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode()
                        + " (is payments.sandbox.enabled on?) " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + serviceBaseUrl + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String ids(Collection<Payment> payments) {
        return payments.stream().map(Payment::id).toList().toString();
    }

    private static String intentIds(List<JsonNode> intents) {
        return intents.stream().map(pi -> pi.path("id").asText()).toList().toString();
    }
}
