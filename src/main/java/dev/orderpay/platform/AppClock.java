package dev.orderpay.platform;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import io.quarkus.runtime.LaunchMode;

/**
 * The one clock every time rule reads (contract §11): deadlines, checkout expiry,
 * billing months, jobs. Times are UTC instants truncated to microseconds, the
 * precision PostgreSQL stores, so that a value read back compares equal.
 *
 * <p>When {@code payments.clock.adjustable=true} an admin can move it with
 * {@link #set(Instant)}: from then on it keeps running from that instant at real speed.
 */
@ApplicationScoped
public class AppClock implements InstantSource {

    private static final Logger LOG = Logger.getLogger(AppClock.class);

    private final Clock system = Clock.systemUTC();
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final boolean adjustable;

    public AppClock(PlatformConfig config) {
        this.adjustable = config.clock().adjustable();
    }

    void onStart(@Observes StartupEvent event, LaunchMode mode) {
        if (adjustable && mode == LaunchMode.NORMAL) {
            LOG.warn("payments.clock.adjustable=true in production: admins can move the service clock. "
                    + "Turn it off unless this is a test environment.");
        }
    }

    /** The current time, UTC, microsecond precision. */
    @Override
    public Instant instant() {
        return system.instant().plus(offset.get()).truncatedTo(ChronoUnit.MICROS);
    }

    /** Same as {@link #instant()}. */
    public Instant now() {
        return instant();
    }

    /** Whether {@link #set(Instant)} is allowed (config {@code payments.clock.adjustable}). */
    public boolean adjustable() {
        return adjustable;
    }

    /**
     * Moves the clock so that it reads {@code now} at this moment.
     *
     * @throws IllegalStateException when the clock is not adjustable
     */
    public void set(Instant now) {
        if (!adjustable) {
            throw new IllegalStateException("clock is not adjustable");
        }
        offset.set(Duration.between(system.instant(), now));
    }

    /** Back to real time. */
    public void reset() {
        offset.set(Duration.ZERO);
    }
}
