package dev.orderpay.platform;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/**
 * The authenticated caller (contract §3). For role {@code customer} the JWT {@code sub}
 * is the {@code customer_id}.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /**
     * The caller's customer ID.
     *
     * @throws ApiException 401 when there is no authenticated caller or its subject is not a valid identifier
     */
    public String customerId() {
        if (identity.isAnonymous()) {
            throw ProblemMappers.unauthenticated();
        }
        String sub = identity.getPrincipal().getName();
        if (sub == null || !Violations.IDENTIFIER.matcher(sub).matches()) {
            throw ProblemMappers.unauthenticated();
        }
        return sub;
    }
}
