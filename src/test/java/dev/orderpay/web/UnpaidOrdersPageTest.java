package dev.orderpay.web;

import static dev.orderpay.support.Api.asCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderpay.support.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The Unpaid Orders page end to end in headless Chromium (issue #14), against the service started
 * by {@code @QuarkusTest} with embedded PostgreSQL and the sandbox gateway. Every scenario signs in
 * through the page's development chooser as a customer of its own, acts only through the page,
 * and checks the outcome on the page and through the API. Runs with {@code ./mvnw test -Pbrowser}.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnpaidOrdersPageTest {

    static final String APPROVAL_PROMPT = "Once the following orders are approved, a notification will be sent to the phone "
            + "number and email specified for your account, and then you will be able to pay for your orders.";
    static final String CONTRACT_PROMPT = "Please verify that this order is independent of the contract. Otherwise, you "
            + "cannot make the payment.";

    @TestHTTPResource("/")
    URL base;

    PageBrowser browser;

    @BeforeAll
    void startBrowser() {
        browser = new PageBrowser();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void english() {
        browser.driver.get(base.toString());
        ((JavascriptExecutor) browser.driver).executeScript(
                "localStorage.setItem('orderpay.lang', 'en'); sessionStorage.clear();");
    }

    // --- helpers -------------------------------------------------------------------------------

    private void signIn(String customerId) {
        browser.driver.get(base + "#/signin");
        browser.driver.navigate().refresh();
        WebElement other = browser.visible("#signin-other");
        other.clear();
        other.sendKeys(customerId);
        browser.click("#signin-submit");
        browser.until(ExpectedConditions.textToBe(By.cssSelector("#account .who"), "Signed in as Test " + customerId));
        browser.listLoaded();
    }

    private static Map<String, Object> order(String id, String serviceType, String orderType, String price) {
        Map<String, Object> o = new LinkedHashMap<>(Api.order(serviceType, orderType, "USD", price));
        o.put("order_id", id);
        return o;
    }

    private static String uniq(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() % 100_000_000L, 36).toUpperCase();
    }

    private void tick(String orderId) {
        browser.click("input.select[data-order='" + orderId + "']");
    }

    private void waitSelected(int n) {
        browser.until(ExpectedConditions.textToBe(By.id("selection-count"), "Selected: " + n + "/30"));
    }

    private void clickRowAction(String orderId, String action) {
        browser.click("tr[data-order='" + orderId + "'] button." + action);
    }

    private void waitQuote() {
        browser.visible("#total-payable");
        browser.until(d -> !d.findElement(By.id("pay-submit")).getText().isEmpty());
    }

    private void awaitResult(String status) {
        browser.until(ExpectedConditions.attributeToBe(By.id("result-status"), "data-status", status));
    }

    private static String orderStatus(String customerId, String orderId) {
        return asCustomer(customerId).get("/v1/orders/" + orderId).then().statusCode(200).extract().path("status");
    }

    // --- scenarios ------------------------------------------------------------------------------

    @Test
    void searchByOrderNoAndEachFilter() {
        String c = Api.newCustomer();
        Api.putCustomer(c, true);
        String p = uniq("SR");
        String ec2 = p + "-EC2";
        String rds = p + "-RDS";
        String ebs = p + "-EBS";
        Api.createOrders(c, false, List.of(order(ec2, "hws.service.type.ec2", "new_purchase", "58.40"),
                order(rds, "hws.service.type.rds", "renewal", "98.00")));
        Map<String, Object> approval = order(ebs, "hws.service.type.ebs", "change", "12.00");
        approval.put("requires_approval", true);
        Api.createOrders(c, false, List.of(approval));
        signIn(c);
        assertThat(browser.rows()).containsExactlyInAnyOrder(ec2, rds, ebs);
        assertThat(browser.text("#orders-total")).startsWith("3 orders found");
        assertThat(browser.text("tr[data-order='" + ebs + "']")).contains("Pending approval");
        browser.capture("orders");

        // order No.: a prefix, any case
        WebElement no = browser.visible("#f-order-id");
        no.sendKeys((p + "-ec").toLowerCase());
        browser.click("#f-search");
        browser.until(d -> browser.rows().equals(List.of(ec2)));
        assertThat(browser.text("#orders-total")).startsWith("1 orders found");

        // service type
        browser.click("#f-reset");
        browser.listLoaded();
        browser.click("input[name=service_type][value='hws.service.type.rds']");
        browser.click("#f-search");
        browser.until(d -> browser.rows().equals(List.of(rds)));

        // order type
        browser.click("#f-reset");
        browser.listLoaded();
        browser.click("input[name=order_type][value=change]");
        browser.click("#f-search");
        browser.until(d -> browser.rows().equals(List.of(ebs)));

        // status, two at once
        browser.click("#f-reset");
        browser.listLoaded();
        browser.click("input[name=status][value=pending_approval]");
        browser.click("#f-search");
        browser.until(d -> browser.rows().equals(List.of(ebs)));
        browser.click("input[name=status][value=pending_payment]");
        browser.click("#f-search");
        browser.until(d -> browser.rows().size() == 3);

        // sort by deadline and nothing found
        browser.click("#f-reset");
        browser.listLoaded();
        browser.visible("#f-order-id").sendKeys("NO-SUCH-ORDER");
        browser.click("#f-search");
        assertThat(browser.text("#orders-empty")).isEqualTo("No unpaid orders match your search.");

        // details of an order: its line items
        browser.click("#f-reset");
        browser.listLoaded();
        clickRowAction(rds, "details");
        assertThat(browser.text("#details-lines")).contains("s6.large.2").contains("98.00 USD");
        browser.capture("details");
        browser.click("#details-close");
    }

    @Test
    void singlePaymentByMonthlySettlementThenRecordsAndBills() {
        String c = Api.newCustomer();
        Api.putCustomer(c, true);
        String id = uniq("MS");
        Api.createOrders(c, false, List.of(order(id, "hws.service.type.ec2", "new_purchase", "58.40")));
        signIn(c);
        clickRowAction(id, "pay");
        waitQuote();
        assertThat(browser.text("#total-payable")).isEqualTo("58.40 USD");
        browser.click("#method-monthly");
        assertThat(browser.text("#monthly-note")).contains("3rd of the following month").contains("deducted automatically");
        assertThat(browser.text("#pay-submit")).isEqualTo("Pay by Monthly Settlement");
        browser.capture("pay");
        browser.click("#pay-submit");
        awaitResult("succeeded");
        assertThat(browser.text("#result-status")).contains("Payment succeeded").contains("58.40 USD");
        browser.capture("result");
        assertThat(orderStatus(c, id)).isEqualTo("paid");

        browser.click("a[href='#/payments']");
        browser.visible("#payments-table");
        assertThat(browser.text("#payments-table")).contains(id).contains("Monthly Settlement").contains("Succeeded")
                .contains("58.40 USD");
        browser.capture("payments");

        browser.click("nav a[href='#/bills']");
        browser.visible("section.bill");
        assertThat(browser.text("section.bill")).contains(id).contains("58.40 USD").contains("Open");
        browser.capture("bills");
    }

    @Test
    void combinedPaymentOfThreeWithDiscountAndCashCouponShowsTheQuote() {
        String c = Api.newCustomer();
        Api.putCustomer(c, true);
        String p = uniq("CB");
        List<String> ids = List.of(p + "-1", p + "-2", p + "-3");
        Api.createOrders(c, false, List.of(order(ids.get(0), "hws.service.type.ec2", "new_purchase", "116.80"),
                order(ids.get(1), "hws.service.type.ebs", "renewal", "12.00"),
                order(ids.get(2), "hws.service.type.rds", "new_purchase", "98.00")));
        String discount = Api.grantDiscount(c, Api.discount("10.00"));
        String coupon = Api.grantCoupon(c, Api.cashCoupon("50.00", "USD"));
        signIn(c);
        ids.forEach(this::tick);
        waitSelected(3);
        browser.click("#combine");
        waitQuote();
        browser.click("input[name=discount][value='" + discount + "']");
        browser.click("input[name=coupon][value='" + coupon + "']");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("order_ids", ids);
        body.put("discount_id", discount);
        body.put("coupon_ids", List.of(coupon));
        var quote = asCustomer(c).body(body).post("/v1/payments/quote").then().statusCode(200).extract().jsonPath();
        String total = quote.getString("total_payable");
        browser.until(ExpectedConditions.textToBe(By.id("total-payable"), total + " USD"));
        for (int i = 0; i < 3; i++) {
            String row = "#breakdown-table tr[data-order='" + quote.getString("orders[" + i + "].order_id") + "'] ";
            assertThat(browser.text(row + ".discount")).isEqualTo(quote.getString("orders[" + i + "].discount_amount") + " USD");
            assertThat(browser.text(row + ".coupon")).isEqualTo(quote.getString("orders[" + i + "].coupon_amount") + " USD");
            assertThat(browser.text(row + ".payable")).isEqualTo(quote.getString("orders[" + i + "].payable_amount") + " USD");
        }
        assertThat(total).isEqualTo("154.12");
        browser.capture("pay-combined");
        browser.click("#method-monthly");
        browser.click("#pay-submit");
        awaitResult("succeeded");
        ids.forEach(id -> assertThat(orderStatus(c, id)).isEqualTo("paid"));
        var payment = asCustomer(c).get("/v1/payments?limit=1").then().statusCode(200).extract().jsonPath();
        assertThat(payment.getString("payments[0].total_payable")).isEqualTo(total);
    }

    @Test
    void theThirtyFirstSelectionIsRefused() {
        String c = Api.newCustomer();
        Api.putCustomer(c, false);
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            orders.add(Api.usdOrder("1.00"));
        }
        Api.createOrders(c, false, orders);
        signIn(c);
        new Select(browser.visible("#f-limit")).selectByValue("50");
        browser.click("#f-search");
        browser.until(d -> browser.rows().size() == 31);
        List<String> rows = browser.rows();
        for (int i = 0; i < 30; i++) {
            tick(rows.get(i));
            waitSelected(i + 1);
        }
        tick(rows.get(30));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("orders-msg"),
                "one combined payment can include at most 30 orders"));
        waitSelected(30);
        assertThat(browser.visible("input.select[data-order='" + rows.get(30) + "']").isSelected()).isFalse();
        browser.capture("orders-selection");
    }

    @Test
    void selectingOneOrderOfACombinedPurchaseSelectsAllOfIt() {
        String c = Api.newCustomer();
        Api.putCustomer(c, false);
        String p = uniq("CP");
        List<String> purchase = Api.createOrders(c, true, List.of(order(p + "-A", "hws.service.type.ec2", "new_purchase", "10.00"),
                order(p + "-B", "hws.service.type.ebs", "new_purchase", "20.00"),
                order(p + "-C", "hws.service.type.vpc", "new_purchase", "30.00")));
        String lone = Api.createOrder(c, order(p + "-LONE", "hws.service.type.cdn", "renewal", "5.00"));
        signIn(c);
        assertThat(browser.text("tr[data-order='" + purchase.get(1) + "']")).contains("Combined purchase");
        tick(purchase.get(1));
        waitSelected(3);
        assertThat(browser.text("#orders-msg")).contains("belongs to a combined purchase")
                .contains(purchase.get(0)).contains(purchase.get(2));
        for (String id : purchase) {
            assertThat(browser.visible("input.select[data-order='" + id + "']").isSelected()).isTrue();
        }
        assertThat(browser.visible("input.select[data-order='" + lone + "']").isSelected()).isFalse();
        // one order alone cannot be combined
        browser.click("#clear-selection");
        waitSelected(0);
        tick(lone);
        waitSelected(1);
        browser.click("#combine");
        assertThat(browser.text("#orders-msg")).isEqualTo("Select at least two orders to combine payments.");
    }

    @Test
    void ordersPendingApprovalBlockPaymentWithThePrompt() {
        String c = Api.newCustomer();
        Api.putCustomer(c, true);
        String id = uniq("AP");
        Map<String, Object> o = order(id, "hws.service.type.rds", "new_purchase", "98.00");
        o.put("requires_approval", true);
        Api.createOrders(c, false, List.of(o));
        signIn(c);
        clickRowAction(id, "pay");
        WebElement prompt = browser.visible("#approval-prompt");
        assertThat(prompt.findElement(By.tagName("p")).getText()).isEqualTo(APPROVAL_PROMPT);
        assertThat(browser.text("#approval-orders")).isEqualTo(id);
        assertThat(browser.driver.findElement(By.id("pay-submit")).isDisplayed()).isFalse();
        browser.capture("pay-approval");
    }

    @Test
    void contractOverlapBlocksPaymentUntilConfirmed() {
        String c = Api.newCustomer();
        Api.putCustomer(c, true);
        String id = uniq("CO");
        Map<String, Object> o = order(id, "hws.service.type.ec2", "change", "40.00");
        o.put("contract_overlap", true);
        Api.createOrders(c, false, List.of(o));
        signIn(c);
        assertThat(browser.text("tr[data-order='" + id + "']")).contains("Contract overlap");
        clickRowAction(id, "pay");
        waitQuote();
        assertThat(browser.visible("#contract-prompt").findElement(By.tagName("p")).getText()).isEqualTo(CONTRACT_PROMPT);
        browser.click("#method-monthly");
        assertThat(browser.visible("#pay-submit").isEnabled()).isFalse();
        assertThat(browser.text("#pay-hint")).isEqualTo("Tick the confirmation about the contract to pay.");
        browser.capture("pay-contract");
        browser.click("#contract-confirm");
        browser.until(ExpectedConditions.elementToBeClickable(By.id("pay-submit")));
        browser.click("#pay-submit");
        awaitResult("succeeded");
        assertThat(orderStatus(c, id)).isEqualTo("paid");
    }

    @Test
    void onlinePaymentAtTheSandboxCheckoutSucceeds() {
        String id = payOnlineWith("4242 4242 4242 4242");
        awaitResult("succeeded");
        assertThat(browser.text("#result-status")).contains("Payment succeeded");
        assertThat(browser.driver.getCurrentUrl()).startsWith(base.toString()).contains("#/result/PAY");
        await().atMost(Duration.ofSeconds(30)).until(() -> "paid".equals(orderStatus(lastCustomer, id)));
    }

    @Test
    void aDebitCardIsRefusedInWords() {
        String id = payOnlineWith("4000 0566 5566 5556");
        awaitResult("failed");
        assertThat(browser.text("#failure-reason")).isEqualTo(
                "The card is not accepted: only Visa and Mastercard credit cards can pay (not debit, prepaid or other cards).");
        browser.capture("result-refused");
        assertThat(orderStatus(lastCustomer, id)).isEqualTo("pending_payment");
    }

    private String lastCustomer;

    private String payOnlineWith(String card) {
        String c = Api.newCustomer();
        Api.putCustomer(c, false);
        lastCustomer = c;
        String id = uniq("ON");
        Api.createOrders(c, false, List.of(order(id, "hws.service.type.cdn", "new_purchase", "75.00")));
        signIn(c);
        clickRowAction(id, "pay");
        waitQuote();
        assertThat(browser.all("#method-monthly")).isEmpty();
        assertThat(browser.text("#pay-submit")).isEqualTo("Go to Online Payment");
        browser.click("#pay-submit");
        WebElement number = browser.visible("#card_number");
        assertThat(browser.driver.getCurrentUrl()).contains("/sandbox/checkout/");
        number.clear();
        number.sendKeys(card);
        browser.click("button.pay");
        browser.visible("#result-status");
        return id;
    }

    @Test
    void cancelAsksFirstAndCancelsTheWholeCombinedPurchase() {
        String c = Api.newCustomer();
        Api.putCustomer(c, false);
        String p = uniq("CX");
        List<String> purchase = Api.createOrders(c, true, List.of(order(p + "-A", "hws.service.type.dcs", "new_purchase", "10.00"),
                order(p + "-B", "hws.service.type.cce", "new_purchase", "20.00")));
        signIn(c);
        clickRowAction(purchase.get(0), "cancel");
        assertThat(browser.text("#cancel-combined")).contains("the rest of the combined purchase is cancelled too")
                .contains(purchase.get(1));
        browser.capture("cancel-dialog");
        browser.click("#cancel-keep");
        assertThat(orderStatus(c, purchase.get(0))).isEqualTo("pending_payment");
        clickRowAction(purchase.get(0), "cancel");
        browser.click("#cancel-confirm");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("orders-msg"), "Cancelled:"));
        browser.until(d -> browser.all("#orders-empty").size() == 1);
        for (String id : purchase) {
            assertThat(orderStatus(c, id)).isEqualTo("cancelled");
        }
    }

    @Test
    void exportDownloadsTheSelectedOrAllMatchingOrdersAsCsv() throws IOException {
        String c = Api.newCustomer();
        Api.putCustomer(c, false);
        String p = uniq("EX");
        Api.createOrders(c, false, List.of(order(p + "-1", "hws.service.type.ec2", "new_purchase", "58.40"),
                order(p + "-2", "hws.service.type.obs", "renewal", "23.00"),
                order(p + "-3", "hws.service.type.obs", "change", "40.00")));
        signIn(c);
        tick(p + "-1");
        tick(p + "-3");
        waitSelected(2);
        List<CSVRecord> selected = download("#export-selected");
        assertThat(selected).extracting(r -> r.get("order_id")).containsExactlyInAnyOrder(p + "-1", p + "-3");
        assertThat(selected).extracting(r -> r.get("amount")).containsExactlyInAnyOrder("58.40", "40.00");
        assertThat(selected).allSatisfy(r -> assertThat(r.get("currency")).isEqualTo("USD"));

        browser.click("input[name=service_type][value='hws.service.type.obs']");
        browser.click("#f-search");
        browser.until(d -> browser.rows().size() == 2);
        List<CSVRecord> matching = download("#export-all");
        assertThat(matching).extracting(r -> r.get("order_id")).containsExactlyInAnyOrder(p + "-2", p + "-3");
        assertThat(matching).extracting(r -> r.get("service_type_name")).containsOnly("Object Storage Service");
    }

    private List<CSVRecord> download(String button) throws IOException {
        try (Stream<Path> old = Files.list(browser.downloads)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
        browser.click(button);
        Path file = browser.downloads.resolve("unpaid-orders.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file) && Files.size(file) > 0);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    @Test
    void theLanguageSwitchesToSimplifiedChinese() {
        String c = Api.newCustomer();
        Api.putCustomer(c, false);
        Api.createOrders(c, false, List.of(order(uniq("ZH"), "hws.service.type.ec2", "new_purchase", "58.40")));
        signIn(c);
        assertThat(browser.text("h1")).isEqualTo("Unpaid Orders");
        new Select(browser.visible("#lang")).selectByValue("zh-CN");
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "待支付订单"));
        browser.listLoaded();
        assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(browser.text("#nav")).contains("支付记录").contains("账单");
        assertThat(browser.text("#orders-table")).contains("新购").contains("待支付");
        browser.capture("orders-zh");
        browser.driver.navigate().refresh();
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "待支付订单"));
        new Select(browser.visible("#lang")).selectByValue("en");
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "Unpaid Orders"));
    }

    @Test
    void signInPageLooksRight() {
        browser.driver.get(base + "#/signin");
        browser.visible("#signin-form");
        assertThat(browser.text("#signin-form")).contains("cust-acme").contains("cust-globex").contains("cust-initech");
        browser.capture("signin");
    }
}
