package dev.orderpay.archfixture;

import dev.orderpay.payment.Payment;
import io.smallrye.mutiny.Uni;

/**
 * A deliberate breach of the rule "aggregates are reached through their repository": a class
 * that is no repository queries and stores a {@code Payment} through Panache's active record.
 * Kept in the test sources so that {@code ArchitectureTest} can show the rule catches it. Never called.
 */
public final class RogueEntityQuery {

    private RogueEntityQuery() {
    }

    static Uni<Void> lookUp(String paymentId, Payment fresh) {
        return Payment.<Payment>find("paymentId", paymentId).firstResult()
                .flatMap(found -> fresh.persist()).replaceWithVoid();
    }
}
