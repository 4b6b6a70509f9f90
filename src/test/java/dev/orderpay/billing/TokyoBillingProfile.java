package dev.orderpay.billing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Bills in a billing zone east of UTC (contract §8 {@code payments.billing.zone}). */
public class TokyoBillingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("payments.billing.zone", "Asia/Tokyo");
    }
}
