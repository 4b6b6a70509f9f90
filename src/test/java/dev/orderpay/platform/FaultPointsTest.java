package dev.orderpay.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The crash hook of issue #11 item 1 arms only under the {@code crashtest} run-time profile: in
 * prod (and dev, test) {@code payments.fault-points.halt-at} is ignored, so no setting can halt a
 * production instance. ({@code DatabaseRestartIT} also runs the packaged jar in prod with the
 * setting present, through the armed step, and the process lives on.)
 */
class FaultPointsTest {

    @Test
    void armsOnlyUnderTheCrashtestProfile() {
        assertThat(FaultPoints.armed(List.of("crashtest"), Optional.of("settlement"))).isEqualTo(FaultPoints.Point.SETTLEMENT);
        assertThat(FaultPoints.armed(List.of("prod", "crashtest"), Optional.of("monthly"))).isEqualTo(FaultPoints.Point.MONTHLY);
        assertThat(FaultPoints.armed(List.of("prod"), Optional.of("settlement"))).isNull();
        assertThat(FaultPoints.armed(List.of("dev"), Optional.of("reserved"))).isNull();
        assertThat(FaultPoints.armed(List.of("test"), Optional.of("refund"))).isNull();
        assertThat(FaultPoints.armed(List.of("crashtest"), Optional.empty())).isNull();
    }

    @Test
    void aProdInstanceNeverHalts() {
        FaultPoints prod = new FaultPoints(List.of("prod"), Optional.of("reserved"));
        assertThat(prod.armed()).isNull();
        for (FaultPoints.Point p : FaultPoints.Point.values()) {
            prod.reached(p); // returns: this JVM is still running
        }
    }

    @Test
    void everyPointHasAWireNameAndUnknownNamesAreRefused() {
        assertThat(List.of(FaultPoints.Point.values()).stream().map(FaultPoints.Point::wire))
                .containsExactly("reserved", "checkout-created", "settlement", "refund", "monthly");
        assertThatThrownBy(() -> FaultPoints.armed(List.of("crashtest"), Optional.of("after-lunch")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after-lunch");
    }
}
