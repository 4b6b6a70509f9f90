package dev.orderpay.platform;

import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A test-only crash hook for the crash-recovery tests (issue #11 item 1): with the run-time
 * profile {@value #PROFILE} active and {@code payments.fault-points.halt-at=<point>}, the
 * process halts ({@link Runtime#halt}, no shutdown hooks, no clean close of connections — as
 * a SIGKILL would leave it) the first time the flow reaches that point. In any other profile,
 * prod included, the setting is ignored (a warning says so) and {@link #reached} does
 * nothing, so an environment variable alone can never make a production instance stop.
 *
 * <p>The points sit right after a step whose effect is durable (committed in our database or
 * done at the gateway) and before the next one records it — where a crash leaves the most to
 * recover.
 */
@ApplicationScoped
public class FaultPoints {

    private static final Logger LOG = Logger.getLogger(FaultPoints.class);
    /** The only run-time profile in which a fault point can be armed. */
    public static final String PROFILE = "crashtest";
    /** Exit status of the halted process (as after SIGKILL: 128 + 9). */
    public static final int HALT_STATUS = 137;

    /** Where the process may be halted. */
    public enum Point {
        /** Online payment: orders held and coupons reserved (transaction 1 committed), no Checkout Session yet. */
        RESERVED("reserved"),
        /** Online payment: the gateway created the Checkout Session, its URL not yet recorded. */
        CHECKOUT_CREATED("checkout-created"),
        /** Settling an online checkout (CheckoutSettler): the gateway captured the money, the payment not yet recorded {@code succeeded}. */
        SETTLEMENT("settlement"),
        /** A refund: the gateway refunded (or reports a refund), not yet recorded on the payment. */
        REFUND("refund"),
        /** Monthly flow: the gateway charged a bill, the bill not yet recorded {@code paid}. */
        MONTHLY("monthly");

        private final String wire;

        Point(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** @throws IllegalArgumentException for an unknown name (the process refuses to start) */
        public static Point of(String name) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(p -> p.wire.equals(n)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("payments.fault-points.halt-at: unknown point '" + name + "', one of "
                            + Arrays.stream(values()).map(Point::wire).toList()));
        }
    }

    private final Point armed;

    @Inject
    public FaultPoints(PlatformConfig config) {
        this(ConfigUtils.getProfiles(), config.faultPoints().haltAt());
    }

    FaultPoints(List<String> profiles, Optional<String> haltAt) {
        this.armed = armed(profiles, haltAt);
        if (armed != null) {
            LOG.warnf("fault point armed: this process halts at '%s' (profile %s; test use only)", armed.wire(), PROFILE);
        } else if (haltAt.isPresent() && !haltAt.get().isBlank()) {
            LOG.warnf("payments.fault-points.halt-at=%s ignored: fault points work only in the %s profile (active: %s)",
                    haltAt.get(), PROFILE, profiles);
        }
    }

    /** The point a process with these run-time profiles and setting halts at, or null: only under {@value #PROFILE}. */
    static Point armed(List<String> profiles, Optional<String> haltAt) {
        if (!profiles.contains(PROFILE) || haltAt.isEmpty() || haltAt.get().isBlank()) {
            return null;
        }
        return Point.of(haltAt.get());
    }

    /** The armed point, or null (always null outside the {@value #PROFILE} profile). */
    public Point armed() {
        return armed;
    }

    /** Halts the process at once if {@code point} is the armed one; otherwise does nothing. */
    public void reached(Point point) {
        if (point == armed) {
            LOG.errorf("fault point '%s' reached: halting the process (exit %d)", point.wire(), HALT_STATUS);
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
