package dev.orderpay.order;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The service-type catalogue (contract §4.1), read once from table {@code service_type}. */
@ApplicationScoped
public class ServiceTypeCatalogue {

    private volatile Map<String, String> names;

    /** Code → display name, in code order. Must be called on a Vert.x context. */
    public Uni<Map<String, String>> names() {
        Map<String, String> cached = names;
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return Panache.withSession(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "select service_type, name from service_type order by service_type", Object[].class)
                .getResultList()))
                .map(rows -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    for (Object[] r : (List<Object[]>) rows) {
                        m.put((String) r[0], (String) r[1]);
                    }
                    names = Map.copyOf(m);
                    return m;
                });
    }
}
