package dev.orderpay.demo;

import dev.orderpay.customer.CustomerService;
import dev.orderpay.order.CreateOrdersRequest;
import dev.orderpay.order.Order;
import dev.orderpay.order.OrderRepository;
import dev.orderpay.order.OrderService;
import dev.orderpay.payment.PaymentRequest;
import dev.orderpay.payment.PaymentService;
import dev.orderpay.platform.AppClock;
import dev.orderpay.savings.SavingsService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jboss.logging.Logger;

/**
 * Demo data for dev mode ({@code payments.demo-data.enabled}, on in the dev profile):
 * three customers, 240 orders across every service type, order type and unpaid status
 * in USD, CNY and JPY (some combined, some with contract overlap, some awaiting approval,
 * some already past their deadline), plus discounts and coupons of each kind. Written
 * through the same services the API uses, once (skipped when cust-acme exists). Deterministic.
 * Its own package above the capabilities: it only calls their services (issue #12 item 10).
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    /** A cloud product: service type, product ID, description, monthly list price in US cents. */
    record Product(String serviceType, String productId, String description, long usdCentsPerMonth, String region) {
    }

    static final List<Product> PRODUCTS = List.of(
            new Product("hws.service.type.ec2", "s6.large.2", "s6.large.2 | 2 vCPUs | 4 GiB", 5840, "ap-southeast-1"),
            new Product("hws.service.type.ec2", "c7.xlarge.4", "c7.xlarge.4 | 4 vCPUs | 16 GiB", 17280, "ap-southeast-3"),
            new Product("hws.service.type.ec2", "m7.2xlarge.8", "m7.2xlarge.8 | 8 vCPUs | 64 GiB", 46000, "eu-west-101"),
            new Product("hws.service.type.ebs", "evs.ssd.100", "Ultra-high I/O (SSD) EVS disk, 100 GiB", 1200, "ap-southeast-1"),
            new Product("hws.service.type.ebs", "evs.gpssd.500", "General Purpose SSD EVS disk, 500 GiB", 3500, "cn-north-4"),
            new Product("hws.service.type.obs", "obs.std.1tb", "OBS Standard storage package, 1 TB", 2300, "ap-southeast-1"),
            new Product("hws.service.type.obs", "obs.traffic.500gb", "OBS outbound traffic package, 500 GB", 4000, "cn-east-3"),
            new Product("hws.service.type.rds", "rds.mysql.x1.large.2", "RDS for MySQL 8.0 | 2 vCPUs | 4 GiB | single", 9800, "ap-southeast-1"),
            new Product("hws.service.type.rds", "rds.pg.x1.xlarge.4.ha", "RDS for PostgreSQL 16 | 4 vCPUs | 16 GiB | primary/standby", 41200, "eu-west-101"),
            new Product("hws.service.type.vpc", "eip.5_bgp", "EIP, dynamic BGP", 360, "ap-southeast-1"),
            new Product("hws.service.type.vpc", "bandwidth.10mbit", "Dedicated bandwidth, 10 Mbit/s", 11500, "cn-north-4"),
            new Product("hws.service.type.cdn", "cdn.traffic.1tb.apac", "CDN traffic package, 1 TB, Asia Pacific", 7500, "global"),
            new Product("hws.service.type.dcs", "redis.ha.8gb", "DCS Redis 6.0 | master/standby | 8 GB", 12800, "ap-southeast-3"),
            new Product("hws.service.type.cce", "cce.cluster.ha.50", "CCE cluster, HA control plane, up to 50 nodes", 24500, "ap-southeast-1"));

    static final String[] ORDER_TYPES = {"new_purchase", "renewal", "change", "trial_to_commercial",
            "pay_per_use_to_yearly_monthly"};
    static final int[] MONTHS = {1, 1, 1, 3, 12};

    private final DemoConfig config;
    private final CustomerService customers;
    private final OrderService orders;
    private final SavingsService savings;
    private final AppClock clock;
    private final PaymentService payments;
    private final OrderRepository orderRows;

    public DemoData(DemoConfig config, CustomerService customers, OrderService orders, SavingsService savings,
                    AppClock clock, PaymentService payments, OrderRepository orderRows) {
        this.payments = payments;
        this.orderRows = orderRows;
        this.config = config;
        this.customers = customers;
        this.orders = orders;
        this.savings = savings;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (!config.demoData().enabled()) {
            return;
        }
        boolean loaded = VertxContextSupport.subscribeAndAwait(() -> customers.exists("cust-acme"));
        if (loaded) {
            LOG.info("demo data: already loaded");
            return;
        }
        VertxContextSupport.subscribeAndAwait(this::load);
        LOG.info("demo data loaded: customers cust-acme (monthly settlement), cust-globex, cust-initech; 240 orders");
        Thread starter = new Thread(this::startDemoCheckouts, "demo-checkouts");
        starter.setDaemon(true);
        starter.start();
    }

    /**
     * Two online checkouts left open for cust-globex, so the demo also shows orders
     * {@code payment_in_progress}. Started through the real payment flow once the HTTP
     * server (and with it the sandbox gateway) is up.
     */
    private void startDemoCheckouts() {
        try {
            Thread.sleep(2000);
            List<Order> candidates = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                    () -> orderRows.payableAlone("cust-globex", clock.now(), 2)));
            for (Order o : candidates) {
                VertxContextSupport.subscribeAndAwait(() -> payments.pay("cust-globex", "demo-checkout-" + o.orderId,
                        new PaymentRequest(List.of(o.orderId), "online", null, List.of(), false, null, null)));
            }
            LOG.infof("demo data: %d online checkouts left open for cust-globex", candidates.size());
        } catch (Throwable e) {
            LOG.warnf("demo data: no open online checkouts (%s)", e.toString());
        }
    }

    private Uni<Void> load() {
        Uni<?> chain = customers.upsert("cust-acme", new CustomerService.CustomerSettings("Acme Cloud Ltd",
                        "billing@acme.example", "+6561234567", true, "cus_acme", "pm_card_visa"))
                .flatMap(x -> customers.upsert("cust-globex", new CustomerService.CustomerSettings("Globex Trading Co",
                        "ap@globex.example", "+85223456789", false, "cus_globex", null)))
                .flatMap(x -> customers.upsert("cust-initech", new CustomerService.CustomerSettings("Initech KK",
                        "keiri@initech.example", "+81312345678", true, "cus_initech", "pm_card_mastercard")));
        Random random = new Random(20261130L);
        int[] ordinal = {0};
        String[][] plan = {{"cust-acme", "USD"}, {"cust-globex", "CNY"}, {"cust-initech", "JPY"}};
        for (String[] p : plan) {
            for (int batch = 0; batch < 40; batch++) {
                CreateOrdersRequest req = batch(p[0], p[1], batch, random, ordinal);
                chain = chain.flatMap(x -> orders.create(req));
            }
        }
        return chain.flatMap(x -> savingsFor()).flatMap(x -> ageSome());
    }

    /** Batches of 1–3 orders; every fourth batch is a combined purchase; currencies mostly the customer's own. */
    private CreateOrdersRequest batch(String customer, String mainCurrency, int batch, Random random, int[] ordinal) {
        boolean combined = batch % 4 == 1;
        int size = combined ? 3 : batch % 3 == 0 ? 1 : 2;
        if (ordinal[0] + size > 240) {
            size = 1;
        }
        List<CreateOrdersRequest.NewOrder> list = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int n = ordinal[0]++;
            Product product = PRODUCTS.get(n % PRODUCTS.size());
            String currency = n % 7 == 3 ? "USD" : mainCurrency;
            int months = MONTHS[random.nextInt(MONTHS.length)];
            int quantity = 1 + random.nextInt(3);
            String unitPrice = price(product.usdCentsPerMonth() * months, currency);
            String description = product.description() + ", " + months + (months == 1 ? " month" : " months");
            list.add(new CreateOrdersRequest.NewOrder(null, product.serviceType(), ORDER_TYPES[n % ORDER_TYPES.length],
                    currency, List.of(new CreateOrdersRequest.NewLineItem(product.productId(), description, quantity,
                    unitPrice, null, product.region())),
                    n % 11 == 5, n % 13 == 7, null));
        }
        // a combined purchase is in one currency
        if (combined) {
            String cur = list.get(0).currency();
            list.replaceAll(o -> new CreateOrdersRequest.NewOrder(null, o.serviceType(), o.orderType(), cur,
                    o.lineItems().stream().map(l -> new CreateOrdersRequest.NewLineItem(l.productId(), l.description(),
                            l.quantity(), convert(l.unitPrice(), o.currency(), cur), null, l.region())).toList(),
                    o.requiresApproval(), o.contractOverlap(), null));
        }
        return new CreateOrdersRequest(customer, combined, list);
    }

    /** Converts a USD-cent list price into {@code currency} at fixed demo rates, formatted with its minor digits. */
    static String price(long usdCents, String currency) {
        BigDecimal usd = BigDecimal.valueOf(usdCents, 2);
        return switch (currency) {
            case "CNY" -> usd.multiply(new BigDecimal("7.20")).setScale(2, RoundingMode.HALF_UP).toPlainString();
            case "JPY" -> usd.multiply(new BigDecimal("150")).setScale(0, RoundingMode.HALF_UP).toPlainString();
            default -> usd.toPlainString();
        };
    }

    private static String convert(String amount, String from, String to) {
        if (from.equals(to)) {
            return amount;
        }
        BigDecimal usd = switch (from) {
            case "CNY" -> new BigDecimal(amount).divide(new BigDecimal("7.20"), 2, RoundingMode.HALF_UP);
            case "JPY" -> new BigDecimal(amount).divide(new BigDecimal("150"), 2, RoundingMode.HALF_UP);
            default -> new BigDecimal(amount);
        };
        return price(usd.movePointRight(2).longValueExact(), to);
    }

    private Uni<Void> savingsFor() {
        Instant now = clock.now();
        Instant inAYear = now.plus(365, ChronoUnit.DAYS);
        return savings.grantDiscount("cust-acme", new SavingsService.DiscountGrant("D-ACME-COMMERCIAL", "commercial",
                        "10.00", List.of(), List.of(), null, inAYear))
                .flatMap(x -> savings.grantDiscount("cust-acme", new SavingsService.DiscountGrant("D-ACME-EC2-PROMO",
                        "promotion", "15.00", List.of("hws.service.type.ec2"), List.of("new_purchase"), null, inAYear)))
                .flatMap(x -> savings.grantCoupon("cust-acme", new SavingsService.CouponGrant("C-ACME-CASH-50", "cash",
                        "50.00", null, null, null, "USD", List.of(), List.of(), null, inAYear, true)))
                .flatMap(x -> savings.grantCoupon("cust-acme", new SavingsService.CouponGrant("C-ACME-RDS-20", "discount",
                        null, "20.00", "100.00", "80.00", "USD", List.of("hws.service.type.rds"), List.of(), null, inAYear,
                        true)))
                .flatMap(x -> savings.grantDiscount("cust-globex", new SavingsService.DiscountGrant("D-GLOBEX-PARTNER",
                        "partner", "8.00", List.of(), List.of("renewal"), null, inAYear)))
                .flatMap(x -> savings.grantCoupon("cust-globex", new SavingsService.CouponGrant("C-GLOBEX-CASH-300", "cash",
                        "300.00", null, "500.00", null, "CNY", List.of(), List.of(), null, inAYear, false)))
                .flatMap(x -> savings.grantCoupon("cust-initech", new SavingsService.CouponGrant("C-INITECH-CASH-5000",
                        "cash", "5000", null, null, null, "JPY", List.of("hws.service.type.ec2", "hws.service.type.ebs"),
                        List.of(), null, inAYear, true)))
                .replaceWithVoid();
    }

    /** Moves one order in eight into the past so it shows as expired (deadline passed, job not yet run). */
    private Uni<Void> ageSome() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "update customer_order set created_at = created_at - interval '10 days', "
                                + "expires_at = expires_at - interval '10 days' "
                                + "where combined_purchase_id is null and right(order_id, 1) in ('A', 'E', 'K')")
                .executeUpdate())).replaceWithVoid();
    }
}
