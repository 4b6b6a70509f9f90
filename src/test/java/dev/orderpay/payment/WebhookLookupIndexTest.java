package dev.orderpay.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderpay.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #10, defect 10: a webhook event without our payment ID is matched by its Checkout Session
 * or PaymentIntent ID ({@code WebhookService.findPayment}); both columns are indexed (migration V6),
 * so the lookup no longer scans the payment table. With sequential scans priced out, the planner
 * picks the two indexes; without them it could only scan.
 */
@QuarkusTest
class WebhookLookupIndexTest {

    @Inject
    Db db;

    private List<String> plan(String sql) {
        return db.plan(sql, Tuple.tuple(), "enable_seqscan");
    }

    @Test
    void lookupByCheckoutSessionOrPaymentIntentUsesIndexes() {
        String plan = String.join("\n", plan("select payment_id from payment "
                + "where checkout_session_id = 'cs_test_x' or payment_intent_id = 'pi_test_y'"));

        assertThat(plan).contains("payment_by_checkout_session").contains("payment_by_payment_intent")
                .doesNotContain("Seq Scan");
    }

    @Test
    void eachIdAloneUsesItsIndex() {
        assertThat(String.join("\n", plan("select payment_id from payment where checkout_session_id = 'cs_test_x'")))
                .contains("payment_by_checkout_session").doesNotContain("Seq Scan");
        assertThat(String.join("\n", plan("select payment_id from payment where payment_intent_id = 'pi_test_y'")))
                .contains("payment_by_payment_intent").doesNotContain("Seq Scan");
    }

    @Test
    void retentionPurgesUseIndexes() {
        assertThat(String.join("\n", plan("select event_id from webhook_event where received_at < now() "
                + "order by received_at limit 1000 for update skip locked")))
                .contains("webhook_event_received").doesNotContain("Seq Scan");
        assertThat(String.join("\n", plan("select customer_id from idempotency_record where created_at < now() "
                + "order by created_at limit 1000 for update skip locked")))
                .contains("idempotency_created").doesNotContain("Seq Scan");
    }
}
