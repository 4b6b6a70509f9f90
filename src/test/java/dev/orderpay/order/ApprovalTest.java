package dev.orderpay.order;

import static dev.orderpay.support.Api.*;
import static dev.orderpay.support.Lifecycle.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.orderpay.support.Api;
import dev.orderpay.support.GreenMailResource;
import dev.orderpay.support.NotificationFlowSetup;
import dev.orderpay.support.SmsProviderResource;
import dev.orderpay.support.TestClock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Approve / reject (contract §4.2) through the API, with the notifications they queue
 * delivered by the send-notifications job to a real SMTP server (GreenMail) and an HTTP
 * SMS provider (WireMock).
 */
@QuarkusTest
@WithTestResource(value = GreenMailResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SmsProviderResource.class, scope = TestResourceScope.GLOBAL)
class ApprovalTest extends NotificationFlowSetup {

    private static Map<String, Object> needsApproval(String unitPrice) {
        Map<String, Object> o = usdOrder(unitPrice);
        o.put("requires_approval", true);
        return o;
    }

    private List<String> statuses(List<String> ids) {
        return ids.stream().map(id -> db.string("select status from customer_order where order_id = $1", id)).toList();
    }

    private long outboxRows(String customerId) {
        return db.count("select count(*) from notification where customer_id = $1", customerId);
    }

    @Test
    void combinedPurchaseIsPayableOnlyAfterTheLastApprovalAndTheCustomerIsNotifiedOnce() throws Exception {
        String c = customerWithContacts(true);
        String phone = phoneOf(db, c);
        List<String> ids = createOrders(c, true, List.of(needsApproval("10.00"), needsApproval("20.00"), needsApproval("30.00")));

        approve(ids.get(0)).statusCode(200).body("decision", is("approved")).body("payable", is(false))
                .body("notification_id", nullValue()).body("orders.size()", is(3));
        approve(ids.get(1)).statusCode(200).body("payable", is(false));
        assertThat(statuses(ids)).containsOnly("pending_approval");
        assertThat(db.count("select count(*) from customer_order where order_id = any($1) and approved_at is not null",
                (Object) ids.toArray(new String[0]))).isEqualTo(2);
        pay(c, payment(ids, "monthly_settlement")).statusCode(409)
                .body("error_code", is("ORDERS_PENDING_APPROVAL"))
                .body("pending_approval_orders", containsInAnyOrder(ids.toArray()));
        assertThat(outboxRows(c)).isZero();

        String notificationId = approve(ids.get(2)).statusCode(200).body("payable", is(true))
                .body("orders.status", everyItem(is("pending_payment")))
                .body("notification_id", startsWith("NTF")).extract().path("notification_id");
        assertThat(statuses(ids)).containsOnly("pending_payment");
        assertThat(db.strings("select channel || ':' || status from notification where customer_id = $1 order by channel", c))
                .containsExactly("email:pending", "sms:pending");

        // the sender job twice at the same time: still one email and one SMS
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(() -> asAdmin().post("/v1/admin/jobs/send-notifications").then().extract().statusCode());
        }
        for (Future<Integer> f : pool.invokeAll(runs)) {
            assertThat(f.get()).isEqualTo(200);
        }
        pool.shutdown();
        runJob("send-notifications");

        List<MimeMessage> mails = mailsTo(mail, c + "@example.com");
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("Your orders can now be paid");
        assertThat(body(mails.get(0))).contains(ids.get(0), ids.get(1), ids.get(2)).contains("can now pay for your orders");
        assertThat(mails.get(0).getHeader("X-Orderpay-Message")[0]).isEqualTo(notificationId + ":email");
        List<LoggedRequest> texts = smsTo(sms, phone);
        assertThat(texts).hasSize(1);
        assertThat(texts.get(0).getBodyAsString()).contains(ids.get(0), ids.get(1), ids.get(2), "can now be paid",
                "\"idempotency_key\":\"" + notificationId + ":sms\"");
        assertThat(db.strings("select status || '/' || attempts from notification where customer_id = $1", c))
                .containsOnly("sent/1");

        pay(c, payment(ids, "monthly_settlement")).statusCode(201).body("total_payable", is("60.00"));
    }

    @Test
    void approvingASingleOrderMakesItPayable() {
        String c = customerWithContacts(true);
        String id = createOrder(c, needsApproval("5.00"));
        approve(id).statusCode(200).body("payable", is(true)).body("combined_purchase_id", nullValue())
                .body("orders[0].approved_at", notNullValue());
        asCustomer(c).get("/v1/orders/" + id).then().body("status", is("pending_payment"));
        // again: nothing changes, no second notification
        approve(id).statusCode(409).body("error_code", is("ORDER_STATUS_CHANGED"))
                .body("orders[0].order_id", is(id)).body("orders[0].status", is("pending_payment"));
        assertThat(outboxRows(c)).isEqualTo(2);
        assertThat(db.string("select approved_by from customer_order where order_id = $1", id)).isEqualTo("approver-ann");
    }

    @Test
    void approvingTheSameOrderTwiceWhileOthersWaitChangesNothing() {
        String c = customerWithContacts(true);
        List<String> ids = createOrders(c, true, List.of(needsApproval("1.00"), needsApproval("2.00")));
        String first = approve(ids.get(0)).statusCode(200).extract().path("orders[0].approved_at");
        approve(ids.get(0)).statusCode(200).body("payable", is(false)).body("orders[0].approved_at", is(first));
        assertThat(statuses(ids)).containsOnly("pending_approval");
        assertThat(outboxRows(c)).isZero();
    }

    @Test
    void concurrentApprovalsOfOneCombinedPurchaseReleaseItOnce() throws Exception {
        String c = customerWithContacts(true);
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            orders.add(needsApproval("1.00"));
        }
        List<String> ids = createOrders(c, true, orders);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (String id : ids) {
            calls.add(() -> approve(id).statusCode(200).extract().path("payable"));
        }
        List<Boolean> payable = new ArrayList<>();
        for (Future<Boolean> f : pool.invokeAll(calls)) {
            payable.add(f.get());
        }
        pool.shutdown();
        assertThat(payable).containsOnly(true, false).filteredOn(p -> p).hasSize(1);
        assertThat(statuses(ids)).containsOnly("pending_payment");
        assertThat(db.count("select count(distinct notification_id) from notification where customer_id = $1", c)).isEqualTo(1);
    }

    @Test
    void rejectCancelsTheWholeCombinedPurchaseAndNotifies() throws Exception {
        String c = customerWithContacts(true);
        String phone = phoneOf(db, c);
        List<String> ids = createOrders(c, true, List.of(needsApproval("1.00"), usdOrder("2.00"), needsApproval("3.00")));
        approve(ids.get(0)).statusCode(200);
        reject(ids.get(2), "Quota exceeded for this project").statusCode(200)
                .body("decision", is("rejected")).body("orders.status", everyItem(is("cancelled")))
                .body("notification_id", startsWith("NTF"));
        assertThat(statuses(ids)).containsOnly("cancelled");
        assertThat(db.string("select rejection_reason from customer_order where order_id = $1", ids.get(2)))
                .isEqualTo("Quota exceeded for this project");
        asCustomer(c).get("/v1/orders/unpaid").then().body("total_count", is(0));
        pay(c, payment(ids, "monthly_settlement")).statusCode(409).body("error_code", is("ORDER_STATUS_CHANGED"));

        runJob("send-notifications");
        List<MimeMessage> mails = mailsTo(mail, c + "@example.com");
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("Your orders were rejected");
        assertThat(body(mails.get(0))).contains(ids.get(0), ids.get(1), ids.get(2), "rejected", "Quota exceeded");
        assertThat(smsTo(sms, phone)).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains(ids.get(2), "rejected"));
        // a rejected order cannot be approved or rejected again
        approve(ids.get(0)).statusCode(409).body("error_code", is("ORDER_STATUS_CHANGED"))
                .body("orders[0].status", is("cancelled"));
        reject(ids.get(0), null).statusCode(409);
    }

    @Test
    void rejectWithoutBodyAndReasonTooLong() {
        String c = customerWithContacts(false);
        String id = createOrder(c, needsApproval("1.00"));
        reject(id, "x".repeat(501)).statusCode(400).body("error_code", is("VALIDATION_FAILED"))
                .body("violations[0].field", is("reason"));
        asApprover().post("/v1/orders/" + id + "/reject").then().statusCode(200).body("orders[0].status", is("cancelled"));
        asApprover().body(Map.of("reason", "x", "extra", 1)).post("/v1/orders/" + id + "/reject").then().statusCode(400);
        // no body and no content type at all, as curl -X POST sends it
        String other = createOrder(c, needsApproval("2.00"));
        RestAssured.given().auth().oauth2(Api.token("approver-ann", "approver"))
                .post("/v1/orders/" + other + "/reject").then().statusCode(200).body("orders[0].status", is("cancelled"));
    }

    @Test
    void unknownExpiredOrPayableOrdersCannotBeDecided() {
        String c = customerWithContacts(true);
        approve("NO-SUCH-ORDER").statusCode(404).body("error_code", is("ORDER_NOT_FOUND"));
        reject("NO-SUCH-ORDER", null).statusCode(404).body("error_code", is("ORDER_NOT_FOUND"));
        String plain = createOrder(c, usdOrder("1.00"));
        approve(plain).statusCode(409).body("error_code", is("ORDER_STATUS_CHANGED"))
                .body("orders[0].status", is("pending_payment"));
        Map<String, Object> o = needsApproval("1.00");
        Instant deadline = Instant.now().plus(1, ChronoUnit.HOURS);
        o.put("expires_at", deadline.toString());
        String expiring = createOrder(c, o);
        TestClock.set(deadline.plusSeconds(1));
        approve(expiring).statusCode(409).body("error_code", is("ORDER_EXPIRED"))
                .body("orders[0].order_id", is(expiring)).body("orders[0].status", is("expired"));
        reject(expiring, null).statusCode(409).body("error_code", is("ORDER_EXPIRED"));
        assertThat(outboxRows(c)).isZero();
    }

    @Test
    void aChannelWithoutAddressIsSkippedNotFailed() {
        String c = newCustomer(); // created by the ordering system: no email, no phone
        String id = createOrder(c, needsApproval("1.00"));
        approve(id).statusCode(200).body("payable", is(true));
        assertThat(db.strings("select channel || ':' || status from notification where customer_id = $1 order by channel", c))
                .containsExactly("email:skipped", "sms:skipped");
        runJob("send-notifications");
        assertThat(db.strings("select status from notification where customer_id = $1", c)).containsOnly("skipped");
        asAdmin().get("/v1/admin/notifications?status=failed&customer_id=" + c).then().statusCode(200)
                .body("notifications", empty());
        asAdmin().get("/v1/admin/notifications?status=skipped&customer_id=" + c).then().statusCode(200)
                .body("notifications.size()", is(2)).body("notifications[0].last_error", startsWith("the customer has no"));
    }
}
