package dev.orderpay.billing;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.YearMonth;

/** Which billing month a time belongs to (contract §8: the month in {@code payments.billing.zone}). */
@ApplicationScoped
public class BillingCalendar {

    private final BillingConfig config;

    public BillingCalendar(BillingConfig config) {
        this.config = config;
    }

    /** The billing month of {@code at}, as {@code yyyy-MM}. */
    public String monthOf(Instant at) {
        return YearMonth.from(at.atZone(config.billing().zone())).toString();
    }
}
