package dev.orderpay.platform;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller (contract §3), identified by the JWT {@code sub} claim only. For role
 * {@code customer}, {@code sub} is the {@code customer_id}.
 *
 * <p>Never the principal name: MicroProfile JWT takes that from {@code upn}, then
 * {@code preferred_username}, then {@code sub}, so a token whose {@code upn} named another
 * customer would act as that customer (issue #10, defect 1).
 */
@RequestScoped
public class Caller {

    /** Longest actor recorded (columns such as {@code approved_by} are {@code varchar(64)}). */
    static final int MAX_ACTOR_LENGTH = 64;

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /**
     * The caller's customer ID: the token's {@code sub}.
     *
     * @throws ApiException 401 UNAUTHENTICATED when there is no authenticated caller, the token has no
     *                      {@code sub}, or it is not a valid identifier (contract §2)
     */
    public String customerId() {
        String sub = subject();
        if (!Violations.IDENTIFIER.matcher(sub).matches()) {
            throw ProblemMappers.unauthenticated();
        }
        return sub;
    }

    /**
     * Who acted, for the records that name it (e.g. {@code approved_by}, {@code rejected_by}): the
     * token's {@code sub}, cut to 64 characters.
     *
     * @throws ApiException 401 UNAUTHENTICATED when there is no authenticated caller or no {@code sub}
     */
    public String actor() {
        String sub = subject();
        return sub.length() > MAX_ACTOR_LENGTH ? sub.substring(0, MAX_ACTOR_LENGTH) : sub;
    }

    private String subject() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            throw ProblemMappers.unauthenticated();
        }
        String sub = jwt.getSubject();
        if (sub == null || sub.isBlank()) {
            throw ProblemMappers.unauthenticated();
        }
        return sub;
    }
}
