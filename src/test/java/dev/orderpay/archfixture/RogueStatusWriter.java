package dev.orderpay.archfixture;

import dev.orderpay.order.Order;
import dev.orderpay.order.OrderStatus;

/**
 * A deliberate breach of the rule "only {@code Order} writes its status", kept in the test
 * sources so that {@code ArchitectureTest} can show the rule catches it. Never called.
 */
public final class RogueStatusWriter {

    private RogueStatusWriter() {
    }

    static void markPaid(Order order) {
        order.status = OrderStatus.PAID;
    }
}
