package dev.orderpay.support;

import java.time.Instant;
import java.util.Map;

/** Moves the service clock through the admin API (contract §11); tests reset it when done. */
public final class TestClock {

    private TestClock() {
    }

    public static void set(Instant now) {
        Api.asAdmin().body(Map.of("now", now.toString())).put("/v1/admin/clock").then().statusCode(200);
    }

    public static void reset() {
        Api.asAdmin().delete("/v1/admin/clock").then().statusCode(200);
    }
}
