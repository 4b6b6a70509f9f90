package dev.orderpay.order;

import static dev.orderpay.support.Api.*;
import static dev.orderpay.support.Lifecycle.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import dev.orderpay.support.Db;
import dev.orderpay.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Payment deadlines (contract §4) with the adjustable clock, and the expire-orders job. */
@QuarkusTest
class ExpiryTest {

    @Inject
    Db db;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private String status(String id) {
        return db.string("select status from customer_order where order_id = $1", id);
    }

    private static Map<String, Object> due(Instant deadline, boolean approval) {
        Map<String, Object> o = usdOrder("3.00");
        o.put("expires_at", deadline.toString());
        o.put("requires_approval", approval);
        return o;
    }

    @Test
    void pastTheDeadlineAnOrderIsGoneAtOnceAndTheJobThenMarksItExpired() throws Exception {
        String c = newCustomer();
        putCustomer(c, true);
        Instant deadline = Instant.now().plus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String payable = createOrder(c, due(deadline, false));
        String awaiting = createOrder(c, due(deadline, true));
        String later = createOrder(c, due(deadline.plus(1, ChronoUnit.DAYS), false));
        String held = createOrder(c, due(deadline, false));
        // a running online checkout holds this one (the gateway flow sets it; simulated here)
        db.exec("update customer_order set status = 'payment_in_progress' where order_id = $1", held);
        asCustomer(c).get("/v1/orders/unpaid").then().body("total_count", is(4));

        TestClock.set(deadline.plusSeconds(1));
        // before any job: gone from search, expired when read, refused for payment
        asCustomer(c).get("/v1/orders/unpaid").then().body("orders.order_id", containsInAnyOrder(later, held));
        asCustomer(c).get("/v1/orders/" + payable).then().body("status", is("expired"));
        pay(c, payment(List.of(payable), "monthly_settlement")).statusCode(409).body("error_code", is("ORDER_EXPIRED"))
                .body("orders[0].order_id", is(payable)).body("orders[0].status", is("expired"));
        assertThat(status(payable)).isEqualTo("pending_payment");
        assertThat(status(awaiting)).isEqualTo("pending_approval");

        // two runs at once (two instances): each order is expired once, the held one is left alone
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(() -> asAdmin().post("/v1/admin/jobs/expire-orders").then().statusCode(200)
                    .body("job", is("expire-orders")).extract().path("counts.expired"));
        }
        int total = 0;
        for (Future<Integer> f : pool.invokeAll(runs)) {
            total += f.get();
        }
        pool.shutdown();
        assertThat(total).isGreaterThanOrEqualTo(2);
        assertThat(status(payable)).isEqualTo("expired");
        assertThat(status(awaiting)).isEqualTo("expired");
        assertThat(status(later)).isEqualTo("pending_payment");
        assertThat(status(held)).isEqualTo("payment_in_progress");
        assertThat(db.count("select count(*) from customer_order where customer_id = $1 and status = 'expired' "
                + "and updated_at >= $2", c, OffsetDateTime.parse(deadline.toString()))).isEqualTo(2);
        asCustomer(c).get("/v1/orders/" + awaiting).then().body("status", is("expired"));
        // once expired, always expired: moving the clock back does not revive it
        TestClock.reset();
        asCustomer(c).get("/v1/orders/" + payable).then().body("status", is("expired"));
        pay(c, payment(List.of(payable), "monthly_settlement")).statusCode(409).body("error_code", is("ORDER_EXPIRED"));
        runJob("expire-orders");
        assertThat(status(later)).isEqualTo("pending_payment");
    }
}
