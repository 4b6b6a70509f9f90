package dev.orderpay.customer;

import dev.orderpay.platform.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/account} (role customer): the caller's own settings that a client needs to offer
 * the right choices, e.g. whether the payment step may offer Monthly Settlement (contract §6
 * check 8, §8). The contract has no customer-facing read of these settings; this one shows the
 * caller's own record only (from the JWT {@code sub}) and leaves out the gateway identifiers.
 * A customer with no settings yet reads as {@code monthly_settlement_enabled: false} and null
 * name, email and phone.
 */
@Tag(name = "Account")
@Path("/v1/account")
@RolesAllowed("customer")
public class AccountResource {

    private final Caller caller;
    private final CustomerService customers;

    public AccountResource(Caller caller, CustomerService customers) {
        this.caller = caller;
        this.customers = customers;
    }

    @Operation(summary = "The caller's own account settings (monthly settlement availability, "
            + "contact details for notifications)")
    @GET
    public Uni<CustomerService.AccountView> get() {
        return customers.account(caller.customerId());
    }
}
