package dev.orderpay.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderpay.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The search's total can be counted from the keyset index alone (migration V11, issue #13: search
 * at 10M orders). The count's filter reads {@code status} and {@code expires_at}, which the index
 * {@code order_unpaid_by_created_incl} carries as INCLUDE columns, so PostgreSQL needs no table
 * row to count; with V1's index it had to read every matching row. The plan is asked with the
 * sequential and bitmap scans disabled, so that the test database's few rows do not make the planner
 * prefer them; with the index of V1 the same plan is an Index Scan and this test fails. The statement is
 * the one the search builds ({@code OrderRepository.totalOf}, {@code OWN_UNPAID}).
 */
@QuarkusTest
class SearchTotalIndexTest {

    /** The total {@code OrderRepository.search} sends with no optional filter (every unpaid status). */
    private static final String TOTAL = OrderRepository.totalOf(OrderRepository.OWN_UNPAID);

    @Inject
    Db db;

    @Test
    void theKeysetIndexCarriesStatusAndExpiryAndReplacesV1s() {
        List<String> defs = db.strings("select indexdef from pg_indexes where tablename = 'customer_order'"
                + " and indexname like 'order_unpaid_by_created%'");
        assertThat(defs).hasSize(1);
        assertThat(defs.get(0)).contains("order_unpaid_by_created_incl")
                .contains("(customer_id, created_at DESC, order_id) INCLUDE (status, expires_at)")
                .contains("WHERE");
    }

    @Test
    void theSearchTotalIsAnIndexOnlyScan() {
        // statistics and the visibility map as a running database has them (autovacuum), so that the
        // index-only scan's advantage counts in the plan
        db.exec("vacuum analyze customer_order");
        List<String> plan = db.plan(TOTAL, Tuple.of("cust-index-probe",
                new String[] {"pending_approval", "pending_payment", "payment_in_progress"},
                OffsetDateTime.now(ZoneOffset.UTC)), "enable_seqscan", "enable_bitmapscan");
        assertThat(String.join("\n", plan)).contains("Index Only Scan using order_unpaid_by_created_incl");
    }
}
