package dev.orderpay.notify;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import dev.orderpay.platform.QueryParams;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The operator's view of the notification outbox (role admin, contract §11):
 * {@code GET /v1/admin/notifications?status=failed&customer_id=&limit=} (newest first) and
 * {@code POST /v1/admin/notifications/{message_id}/retry} for a failed message.
 */
@Tag(name = "Operations")
@Path("/v1/admin/notifications")
@RolesAllowed("admin")
public class NotificationAdminResource {

    private final NotificationService notifications;

    public NotificationAdminResource(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Operation(summary = "The notification outbox")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "400", description = "error_code: VALIDATION_FAILED")
    @GET
    public Uni<NotificationService.Messages> list(@QueryParam("status") String status,
                                                                       @QueryParam("customer_id") String customerId,
                                                                       @QueryParam("limit") String limit,
                                                                       @Context UriInfo uri) {
        QueryParams.allowOnce(uri, Set.of("status", "customer_id", "limit"));
        return notifications.list(status, customerId, limit);
    }

    @Operation(summary = "Send a failed notification again")
    @APIResponse(responseCode = "200") // the scanner describes the success answer
    @APIResponse(responseCode = "404", description = "error_code: NOTIFICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "error_code: NOTIFICATION_NOT_RETRYABLE")
    @POST
    @Path("/{message_id}/retry")
    public Uni<NotificationService.MessageView> retry(@PathParam("message_id") String messageId) {
        return notifications.retry(messageId);
    }
}
