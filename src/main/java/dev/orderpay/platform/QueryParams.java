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
     * Accepts only {@code allowed} parameters, each at most once.
     *
     * @throws ApiException 400 VALIDATION_FAILED naming each unknown or repeated parameter
     */
    public static void allowOnce(UriInfo uri, Set<String> allowed) {
        Violations v = new Violations();
        for (Map.Entry<String, List<String>> e : uri.getQueryParameters().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                v.add(e.getKey(), "unknown query parameter");
            } else if (e.getValue().size() > 1) {
                v.add(e.getKey(), "may be given once");
            }
        }
        v.throwIfAny();
    }
}
