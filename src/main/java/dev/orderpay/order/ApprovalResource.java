package dev.orderpay.order;

import dev.orderpay.platform.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/orders/{order_id}/approve} and {@code /reject} (role approver, contract
 * §4.2). The approver is not the customer: the order is found by ID across customers.
 * Answers {@link ApprovalService.Decision}.
 */
@Tag(name = "Approval")
@Path("/v1/orders/{order_id}")
@RolesAllowed("approver")
public class ApprovalResource {

    private final ApprovalService approvals;
    private final Caller caller;

    private final ObjectMapper json;

    public ApprovalResource(ApprovalService approvals, Caller caller,
                            ObjectMapper json) {
        this.json = json;
        this.approvals = approvals;
        this.caller = caller;
    }

    /** Optional body of reject. */
    public record RejectBody(String reason) {
    }

    @Operation(summary = "Approve a pending_approval order")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "404", description = "error_code: ORDER_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "error_code: ORDER_STATUS_CHANGED")
    @POST
    @Path("/approve")
    public Uni<ApprovalService.Decision> approve(@PathParam("order_id") String orderId) {
        return approvals.approve(orderId, approver());
    }

    /** The body is optional: none, an empty one, or {@code {"reason": "…"}} with any or no content type. */
    @Operation(summary = "Reject an order: it and its combined purchase are cancelled")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "404", description = "error_code: ORDER_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "error_code: ORDER_STATUS_CHANGED")
    @POST
    @Path("/reject")
    @Consumes(MediaType.WILDCARD)
    public Uni<ApprovalService.Decision> reject(@PathParam("order_id") String orderId, String body)
            throws JsonProcessingException {
        RejectBody parsed = body == null || body.isBlank() ? null : json.readValue(body, RejectBody.class);
        return approvals.reject(orderId, approver(), parsed == null ? null : parsed.reason());
    }

    /** The approver as recorded in {@code approved_by}/{@code rejected_by}: the token's {@code sub} (401 without one). */
    private String approver() {
        return caller.actor();
    }
}
