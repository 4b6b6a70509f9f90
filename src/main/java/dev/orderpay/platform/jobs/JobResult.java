package dev.orderpay.platform.jobs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run of a job did: {@code counts} by snake_case outcome (e.g.
 * {@code {"expired": 12}}, {@code {"sent": 3, "retrying": 1, "failed": 0}}); times UTC
 * from the service clock.
 */
public record JobResult(String job, Instant startedAt, Instant finishedAt, Map<String, Long> counts) {

    /** A result with {@code counts} in the given order. */
    public static JobResult of(String job, Instant startedAt, Instant finishedAt, Map<String, ? extends Number> counts) {
        Map<String, Long> copy = new LinkedHashMap<>();
        counts.forEach((k, v) -> copy.put(k, v.longValue()));
        return new JobResult(job, startedAt, finishedAt, copy);
    }
}
