package dev.orderpay.platform;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Query-parameter hygiene shared by the listing endpoints (contract §2: bad input is a 400). */
public final class QueryParams {

    private QueryParams() {
    }

    /**
     * Accepts only {@code allowed} parameters, each at most once and not empty
     * ({@code ?status=} is not "no status": it is refused rather than read as the default).
     *
     * @throws ApiException 400 VALIDATION_FAILED naming each unknown, repeated or empty parameter
     */
    public static void allowOnce(UriInfo uri, Set<String> allowed) {
        Violations v = new Violations();
        for (Map.Entry<String, List<String>> e : uri.getQueryParameters().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                v.add(e.getKey(), "unknown query parameter");
            } else if (e.getValue().size() > 1) {
                v.add(e.getKey(), "may be given once");
            } else if (e.getValue().get(0) == null || e.getValue().get(0).isEmpty()) {
                v.add(e.getKey(), "must not be empty");
            }
        }
        v.throwIfAny();
    }
}
