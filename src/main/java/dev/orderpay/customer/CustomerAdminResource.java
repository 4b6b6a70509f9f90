package dev.orderpay.customer;

import dev.orderpay.platform.Violations;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.regex.Pattern;
import dev.orderpay.platform.UniqueViolation;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code PUT /v1/admin/customers/{customer_id}} (role admin, contract §8). */
@Tag(name = "Account")
@Path("/v1/admin/customers/{customer_id}")
@RolesAllowed("admin")
public class CustomerAdminResource {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()-]{5,32}");

    private final CustomerService customers;

    public CustomerAdminResource(CustomerService customers) {
        this.customers = customers;
    }

    /** The JSON body; every field optional, replaced as a whole. */
    public record CustomerBody(String name, String email, String phone, Boolean monthlySettlementEnabled,
                               String gatewayCustomerId, String defaultPaymentMethod) {
    }

    /** The stored settings. */
    public record CustomerView(String customerId, String name, String email, String phone,
                               boolean monthlySettlementEnabled, String gatewayCustomerId,
                               String defaultPaymentMethod) {
        static CustomerView of(Customer c) {
            return new CustomerView(c.customerId, c.name, c.email, c.phone, c.monthlySettlementEnabled,
                    c.gatewayCustomerId, c.defaultPaymentMethod);
        }
    }

    @Operation(summary = "Customer settings (contract §8)")
    @PUT
    public Uni<CustomerView> put(@PathParam("customer_id") String customerId, CustomerBody body) {
        Violations v = new Violations().identifier("customer_id", customerId, true);
        if (body == null) {
            v.add("body", "is required");
            v.throwIfAny();
        }
        if (body.name() != null && (body.name().isBlank() || body.name().length() > 200)) {
            v.add("name", "must be 1-200 characters");
        }
        if (body.email() != null && !EMAIL.matcher(body.email()).matches()) {
            v.add("email", "is not an email address");
        }
        if (body.phone() != null && !PHONE.matcher(body.phone()).matches()) {
            v.add("phone", "is not a phone number");
        }
        if (body.gatewayCustomerId() != null && (body.gatewayCustomerId().isBlank() || body.gatewayCustomerId().length() > 255)) {
            v.add("gateway_customer_id", "must be 1-255 characters");
        }
        if (body.defaultPaymentMethod() != null && (body.defaultPaymentMethod().isBlank() || body.defaultPaymentMethod().length() > 255)) {
            v.add("default_payment_method", "must be 1-255 characters");
        }
        v.throwIfAny();
        CustomerService.CustomerSettings settings = new CustomerService.CustomerSettings(body.name(), body.email(), body.phone(),
                body.monthlySettlementEnabled(), body.gatewayCustomerId(), body.defaultPaymentMethod());
        // two first PUTs at once: the loser's insert hits the primary key; run it again as an update
        return customers.upsert(customerId, settings)
                .onFailure(UniqueViolation::is).recoverWithUni(e -> customers.upsert(customerId, settings))
                .map(CustomerView::of);
    }
}
