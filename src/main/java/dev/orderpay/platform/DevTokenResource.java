package dev.orderpay.platform;

import io.smallrye.jwt.build.Jwt;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import dev.orderpay.platform.openapi.ContractOpenApiFilter;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Dev and test only ({@code payments.dev-tokens.enabled}): mints an RS256 JWT signed with
 * the development key, as the API gateway would forward it (contract §3). Answers 404 when
 * disabled, which is the default outside the dev and test profiles.
 *
 * <p>{@code GET /v1/dev/token?sub=cust-acme&groups=customer} returns the token as text.
 */
@Tag(name = "Development")
@Path("/v1/dev/token")
public class DevTokenResource {

    private static final Set<String> ROLES = Set.of("customer", "approver", "order-service", "admin");

    private final PlatformConfig config;

    public DevTokenResource(PlatformConfig config) {
        this.config = config;
    }

    @Extension(name = ContractOpenApiFilter.NO_DATABASE, value = "true")
    @GET
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    public String token(@QueryParam("sub") String sub, @QueryParam("groups") List<String> groups) {
        if (!config.devTokens().enabled()) {
            throw ApiException.notFound("NOT_FOUND", "no such resource");
        }
        Violations v = new Violations().identifier("sub", sub, true);
        Set<String> roles = new LinkedHashSet<>();
        for (String g : groups == null || groups.isEmpty() ? List.of("customer") : groups) {
            for (String role : g.split(",")) {
                if (!ROLES.contains(role.trim())) {
                    v.add("groups", "unknown role " + role.trim());
                }
                roles.add(role.trim());
            }
        }
        v.throwIfAny();
        return Jwt.subject(sub).upn(sub).groups(roles).sign();
    }
}
