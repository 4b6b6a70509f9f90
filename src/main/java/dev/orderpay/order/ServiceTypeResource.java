package dev.orderpay.order;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/service-types}: the catalogue of §4.1 (public, it holds no customer data). */
@Tag(name = "Unpaid orders")
@Path("/v1/service-types")
public class ServiceTypeResource {

    private final ServiceTypeCatalogue catalogue;

    public ServiceTypeResource(ServiceTypeCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** One catalogue entry. */
    public record ServiceTypeView(String serviceType, String name) {
    }

    /** The response: {@code {"service_types": [...]}}. */
    public record ServiceTypeList(List<ServiceTypeView> serviceTypes) {
    }

    @Operation(summary = "The service type catalogue (contract §4.1)")
    @GET
    @PermitAll
    public Uni<ServiceTypeList> list() {
        return catalogue.names().map(m -> new ServiceTypeList(
                m.entrySet().stream().map(e -> new ServiceTypeView(e.getKey(), e.getValue())).toList()));
    }
}
