package dev.orderpay.billing;

import dev.orderpay.customer.Customer;
import dev.orderpay.customer.CustomerService;
import dev.orderpay.gateway.GatewayRejectedException;
import dev.orderpay.gateway.PaymentGateway;
import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.AppClock;
import dev.orderpay.platform.FaultPoints;
import dev.orderpay.platform.Ids;
import dev.orderpay.platform.db.SqlStatements;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Monthly settlement bills (contract §8). {@link #generateBills()} issues, for each customer
 * and currency, the bill of every finished month whose issue time (the 3rd of the next
 * month, 00:00, billing zone) has come and that has unbilled items, then deducts it from the
 * card on file with an off-session PaymentIntent whose idempotency key is the bill ID.
 * {@link #retryBills()} retries overdue bills, once a day at 03:00 (billing zone).
 *
 * <p>Issuing runs under a PostgreSQL advisory transaction lock, so two instances never
 * issue the same bill twice; deductions are claimed row by row with {@code SKIP LOCKED} and
 * a lease, and the gateway's idempotency key makes a repeated attempt return the first
 * charge instead of making a second one. The gateway is never called inside a transaction.
 */
@ApplicationScoped
public class BillingService {

    private static final Logger LOG = Logger.getLogger(BillingService.class);
    private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final Duration UNAVAILABLE_RETRY = Duration.ofMinutes(15);

    private final PaymentGateway gateway;
    private final AppClock clock;
    private final BillingConfig config;
    private final BillingCalendar calendar;
    private final FaultPoints faults;
    private final SqlStatements sql;
    private final BillRepository bills;
    private final CustomerService customers;

    public BillingService(PaymentGateway gateway, AppClock clock, BillingConfig config, BillingCalendar calendar,
                          FaultPoints faults, SqlStatements sql, BillRepository bills, CustomerService customers) {
        this.sql = sql;
        this.bills = bills;
        this.customers = customers;
        this.calendar = calendar;
        this.faults = faults;
        this.gateway = gateway;
        this.clock = clock;
        this.config = config;
    }

    /** One order paid by monthly settlement: its payable in minor units of the payment's currency. */
    public record SettledOrder(String orderId, long payableAmount) {
    }

    /**
     * Puts the orders of a monthly-settlement payment on the customer's bill (contract §6, §8):
     * one bill item per order, in the billing month of {@code paidAt} ({@link BillingCalendar}),
     * not yet on an issued bill. Runs inside the caller's transaction, so the items exist exactly
     * when the payment does.
     *
     * @param currency ISO 4217 code of the payment; amounts are minor units of it
     */
    public Uni<Void> recordBillItems(String customerId, String currency, String paymentId, List<SettledOrder> orders,
                                     Instant paidAt) {
        String month = calendar.monthOf(paidAt);
        List<BillItem> items = orders.stream().map(o -> {
            BillItem b = new BillItem();
            b.customerId = customerId;
            b.currency = currency;
            b.billingMonth = month;
            b.orderId = o.orderId();
            b.paymentId = paymentId;
            b.amount = o.payableAmount();
            b.paidAt = paidAt;
            return b;
        }).toList();
        return items.isEmpty() ? Uni.createFrom().voidItem() : bills.addItems(items);
    }

    private ZoneId zone() {
        return config.billing().zone();
    }

    /** The latest month whose bill may be issued at {@code now}: last month from the 3rd on, else the one before. */
    YearMonth latestIssuableMonth(Instant now) {
        ZonedDateTime local = now.atZone(zone());
        YearMonth previous = YearMonth.from(local).minusMonths(1);
        return local.getDayOfMonth() >= 3 ? previous : previous.minusMonths(1);
    }

    /** The next 03:00 in the billing zone strictly after {@code now}: when an overdue bill is retried. */
    Instant nextRetry(Instant now) {
        ZonedDateTime local = now.atZone(zone());
        ZonedDateTime at = local.toLocalDate().atTime(LocalTime.of(3, 0)).atZone(zone());
        if (!at.toInstant().isAfter(now)) {
            at = local.toLocalDate().plusDays(1).atTime(LocalTime.of(3, 0)).atZone(zone());
        }
        return at.toInstant();
    }

    /** Job {@code generate-bills}: issue due bills, then deduct every issued bill. Returns counts. */
    public Uni<Map<String, Integer>> generateBills() {
        return issue().flatMap(issued -> charge(List.of("issued")).map(charged -> {
            Map<String, Integer> out = new TreeMap<>(charged);
            out.put("issued", issued);
            return out;
        }));
    }

    /** Job {@code retry-bills}: deduct overdue bills whose retry time has come (and issued ones left behind). */
    public Uni<Map<String, Integer>> retryBills() {
        return charge(List.of("overdue", "issued"));
    }

    private Uni<Integer> issue() {
        Instant now = clock.now();
        String latest = latestIssuableMonth(now).toString();
        YearMonth zoneMonth = YearMonth.from(now.atZone(zone()));
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s
                .createNativeQuery("select pg_advisory_xact_lock(hashtext('orderpay.generate-bills'))").getSingleResult()
                .flatMap(x -> s.createNativeQuery("select customer_id, currency, billing_month, sum(amount) from bill_item "
                                + "where bill_id is null and billing_month <= ?1 group by customer_id, currency, billing_month "
                                + "order by customer_id, currency, billing_month", Object[].class)
                        .setParameter(1, latest).getResultList())
                .flatMap(groups -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (Object[] g : groups) {
                        String customer = (String) g[0];
                        String currency = (String) g[1];
                        String month = (String) g[2];
                        long total = ((Number) g[3]).longValue();
                        String billId = Ids.billId();
                        LocalDate due = YearMonth.parse(month).plusMonths(1).atDay(3);
                        chain = chain.flatMap(n -> s.createNativeQuery(
                                        "insert into bill (bill_id, customer_id, currency, billing_month, total, status, issued_at, "
                                                + "due_date, charge_after, updated_at) values (?1, ?2, ?3, ?4, ?5, 'issued', ?6, ?7, ?6, ?6) "
                                                + "on conflict (customer_id, currency, billing_month) do nothing")
                                .setParameter(1, billId).setParameter(2, customer).setParameter(3, currency)
                                .setParameter(4, month).setParameter(5, total).setParameter(6, now.atOffset(ZoneOffset.UTC))
                                .setParameter(7, due).executeUpdate()
                                .flatMap(inserted -> {
                                    if (inserted == 0) {
                                        // The month's bill was issued before these items were recorded.
                                        LOG.errorf("bill of %s %s %s already issued; %d unbilled minor units left for an operator",
                                                customer, currency, month, total);
                                        return Uni.createFrom().item(n);
                                    }
                                    return s.createNativeQuery("update bill_item set bill_id = ?1 where bill_id is null "
                                                    + "and customer_id = ?2 and currency = ?3 and billing_month = ?4")
                                            .setParameter(1, billId).setParameter(2, customer).setParameter(3, currency)
                                            .setParameter(4, month).executeUpdate().map(u -> n + 1);
                                }));
                    }
                    if (groups.isEmpty()) {
                        LOG.debugf("no bills to issue up to %s (now %s in the billing zone)", latest, zoneMonth);
                    }
                    return chain;
                })));
    }

    /** Claims due bills in {@code statuses} (one instance each, by lease) and deducts them one by one. */
    private Uni<Map<String, Integer>> charge(List<String> statuses) {
        Instant now = clock.now();
        return sql.rows("update bill set charge_after = $2 where bill_id in (select bill_id from bill "
                                + "where status = any($3) and charge_after <= $1 order by bill_id limit 100 for update skip locked) "
                                + "returning bill_id",
                        Tuple.of(SqlStatements.utc(now), SqlStatements.utc(now.plus(LEASE)), statuses.toArray(String[]::new)),
                        row -> row.getString(0))
                .flatMap(ids -> Multi.createFrom().iterable(ids.stream().sorted().toList())
                        .onItem().transformToUniAndConcatenate(this::chargeOne)
                        .collect().asList())
                .map(results -> {
                    Map<String, Integer> counts = new TreeMap<>();
                    results.forEach(r -> counts.merge(r, 1, Integer::sum));
                    return counts;
                });
    }

    /** One deduction attempt; returns paid, overdue or deferred. */
    private Uni<String> chargeOne(String billId) {
        return Panache.withSession(() -> bills.findById(billId)
                        .flatMap(b -> customers.find(b.customerId).map(c -> new Object[] {b, c})))
                .flatMap(pair -> {
                    Bill b = (Bill) pair[0];
                    Customer c = (Customer) pair[1];
                    if ("paid".equals(b.status)) {
                        return Uni.createFrom().item("paid");
                    }
                    if (b.total == 0) {
                        // nothing to deduct (coupons covered the month): settled without the gateway
                        return record(billId, "paid", null, null);
                    }
                    if (c.gatewayCustomerId == null || c.defaultPaymentMethod == null) {
                        return record(billId, "overdue", null, "no_payment_method");
                    }
                    if (b.paymentIntentId != null) {
                        // An earlier deduction may still succeed: settle or end it before charging again.
                        return gateway.retrievePaymentIntent(b.paymentIntentId)
                                .flatMap(earlier -> afterEarlier(b, c, earlier))
                                .onFailure(GatewayRejectedException.class).recoverWithUni(e -> newCharge(b, c))
                                .onFailure(e -> !(e instanceof GatewayRejectedException)).recoverWithUni(e -> {
                                    LOG.warnf("deduction of bill %s deferred: %s", billId, e.toString());
                                    return defer(billId).replaceWith("deferred");
                                });
                    }
                    return newCharge(b, c);
                });
    }

    /**
     * What to do with the bill's earlier PaymentIntent before charging again (issue #10 item 6):
     * {@code succeeded} → the bill is paid, no new charge; {@code processing} → wait for its outcome
     * (webhook or the next retry); {@code requires_*} → cancel it, then charge anew; {@code canceled}
     * → charge anew.
     */
    private Uni<String> afterEarlier(Bill b, Customer c, PaymentGateway.PaymentIntent earlier) {
        String status = earlier.status();
        if ("succeeded".equals(status)) {
            return paid(b.billId, earlier.id());
        }
        if ("processing".equals(status)) {
            return waitFor(b.billId, earlier.id());
        }
        if ("canceled".equals(status)) {
            return newCharge(b, c);
        }
        return gateway.cancelPaymentIntent(earlier.id(), b.billId + ":cancel-" + earlier.id())
                .flatMap(cancelled -> "canceled".equals(cancelled.status()) ? newCharge(b, c)
                        : "succeeded".equals(cancelled.status()) ? paid(b.billId, cancelled.id())
                        : waitFor(b.billId, cancelled.id()))
                // refused: it moved on meanwhile; look again
                .onFailure(GatewayRejectedException.class).recoverWithUni(e -> gateway.retrievePaymentIntent(earlier.id())
                        .flatMap(now -> "succeeded".equals(now.status()) ? paid(b.billId, now.id())
                                : "canceled".equals(now.status()) ? newCharge(b, c) : waitFor(b.billId, now.id())));
    }

    /** The earlier deduction is still in flight: no new charge; looked at again at the next retry time. */
    private Uni<String> waitFor(String billId, String paymentIntentId) {
        Instant now = clock.now();
        return Panache.withTransaction(() -> bills.findById(billId).map(b -> {
            if ("paid".equals(b.status)) {
                return "paid";
            }
            b.chargeAfter = nextRetry(now);
            b.updatedAt = now;
            return "processing";
        }));
    }

    private Uni<String> paid(String billId, String paymentIntentId) {
        Instant now = clock.now();
        return Panache.withTransaction(() -> bills.findById(billId).map(b -> {
            if (!"paid".equals(b.status)) {
                b.status = "paid";
                b.paidAt = now;
                b.lastError = null;
                b.paymentIntentId = paymentIntentId;
                b.updatedAt = now;
            }
            return "paid";
        }));
    }

    /**
     * A bill PaymentIntent's webhook ({@code payment_intent.succeeded}/{@code payment_failed} with
     * {@code metadata.bill_id}; issue #10 item 6): re-reads the PaymentIntent and, when it
     * succeeded, marks the bill paid (once; no charge is made here). A failure only records the
     * error; the daily retry charges again. Returns the bill's status afterwards, or null for an
     * unknown bill.
     */
    public Uni<String> onPaymentIntentEvent(String billId, String paymentIntentId) {
        return Panache.withSession(() -> bills.findById(billId)).flatMap(b -> {
            if (b == null || "paid".equals(b.status) || paymentIntentId == null) {
                return Uni.createFrom().item(b == null ? null : b.status);
            }
            return gateway.retrievePaymentIntent(paymentIntentId).flatMap(pi -> {
                if (!billId.equals(pi.metadata().get("bill_id"))) {
                    return Uni.createFrom().item(b.status);
                }
                if ("succeeded".equals(pi.status())) {
                    return paid(billId, pi.id());
                }
                Instant now = clock.now();
                return Panache.withTransaction(() -> bills.findById(billId).map(fresh -> {
                    if (!"paid".equals(fresh.status) && pi.id().equals(fresh.paymentIntentId) && pi.lastErrorCode() != null) {
                        fresh.lastError = pi.lastErrorCode();
                        fresh.updatedAt = now;
                    }
                    return fresh.status;
                }));
            });
        });
    }

    /** A new deduction attempt (no earlier PaymentIntent can still succeed); returns paid, overdue or deferred. */
    private Uni<String> newCharge(Bill b, Customer c) {
        String billId = b.billId;
        // The first deduction's key is the bill ID (contract §8); each retry is a new attempt.
        String key = b.attempts == 0 ? b.billId : b.billId + ":retry-" + b.attempts;
        return gateway.createOffSessionPaymentIntent(new PaymentGateway.OffSessionCharge(key,
                        c.gatewayCustomerId, c.defaultPaymentMethod, b.total, b.currency,
                        "Monthly bill " + b.billingMonth + " " + b.currency,
                        Map.of("bill_id", b.billId, "customer_id", b.customerId)))
                .invoke(pi -> faults.reached(FaultPoints.Point.MONTHLY))
                .flatMap(pi -> "succeeded".equals(pi.status())
                        ? record(billId, "paid", pi.id(), null)
                        : record(billId, "overdue", pi.id(), pi.lastErrorCode() != null ? pi.lastErrorCode() : pi.status()))
                .onFailure(GatewayRejectedException.class).recoverWithUni(e -> {
                    GatewayRejectedException r = (GatewayRejectedException) e;
                    return record(billId, "overdue", null, r.declineCode() != null ? r.declineCode() : r.code());
                })
                .onFailure(e -> !(e instanceof GatewayRejectedException)).recoverWithUni(e -> {
                    LOG.warnf("deduction of bill %s deferred: %s", billId, e.toString());
                    return defer(billId).replaceWith("deferred");
                });
    }

    private Uni<String> record(String billId, String status, String paymentIntentId, String error) {
        Instant now = clock.now();
        return Panache.withTransaction(() -> bills.findById(billId).map(b -> {
            // the attempt was made even when its own webhook marked the bill paid first
            b.attempts += 1;
            if ("paid".equals(b.status)) {
                b.updatedAt = now;
                return "paid";
            }
            b.status = status;
            b.updatedAt = now;
            b.paymentIntentId = paymentIntentId != null ? paymentIntentId : b.paymentIntentId;
            if ("paid".equals(status)) {
                b.paidAt = now;
                b.lastError = null;
            } else {
                b.lastError = error;
                b.chargeAfter = nextRetry(now);
            }
            return status;
        }));
    }

    private Uni<Void> defer(String billId) {
        Instant now = clock.now();
        return Panache.withTransaction(() -> bills.findById(billId).map(b -> {
            b.chargeAfter = now.plus(UNAVAILABLE_RETRY);
            return b;
        })).replaceWithVoid();
    }

    // ---- customer reads ---------------------------------------------------------------

    /**
     * {@code GET /v1/bills?month=yyyy-MM}: the customer's bills, newest month first; a month
     * not issued yet shows as an {@code open} bill (no bill_id) of the items so far.
     *
     * @throws ApiException 400 VALIDATION_FAILED for a malformed month
     */
    public Uni<BillView.Bills> list(String customerId, String month) {
        if (month != null && !MONTH.matcher(month).matches()) {
            throw ApiException.validation("month", "must be a month such as 2026-11");
        }
        return Panache.withSession(() -> {
            Uni<List<Bill>> issued = bills.billsOf(customerId, month);
            Uni<List<BillItem>> open = bills.unbilledItemsOf(customerId, month);
            return issued.flatMap(bs -> items(bs).flatMap(byBill -> open.map(unbilled -> {
                List<BillView> out = new ArrayList<>();
                bs.forEach(b -> out.add(BillView.of(b, byBill.getOrDefault(b.billId, List.of()))));
                Map<String, List<BillItem>> groups = new LinkedHashMap<>();
                unbilled.forEach(i -> groups.computeIfAbsent(i.billingMonth + "|" + i.currency, k -> new ArrayList<>()).add(i));
                groups.values().forEach(g -> out.add(BillView.open(g)));
                return new BillView.Bills(out);
            })));
        });
    }

    /** {@code GET /v1/bills/{bill_id}}. @throws ApiException 404 BILL_NOT_FOUND (also another customer's) */
    public Uni<BillView> get(String customerId, String billId) {
        return Panache.withSession(() -> bills.billOf(customerId, billId)
                .flatMap(b -> {
                    if (b == null) {
                        return Uni.createFrom().failure(ApiException.notFound("BILL_NOT_FOUND", "bill " + billId + " was not found"));
                    }
                    return items(List.of(b)).map(m -> BillView.of(b, m.getOrDefault(b.billId, List.of())));
                }));
    }

    private Uni<Map<String, List<BillItem>>> items(List<Bill> issued) {
        if (issued.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return bills.itemsOf(issued.stream().map(b -> b.billId).toList()).map(items -> {
            Map<String, List<BillItem>> m = new LinkedHashMap<>();
            items.forEach(i -> m.computeIfAbsent(i.billId, k -> new ArrayList<>()).add(i));
            return m;
        });
    }
}
