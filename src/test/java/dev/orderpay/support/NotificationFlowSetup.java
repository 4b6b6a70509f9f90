package dev.orderpay.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The setup shared by tests whose notifications are delivered for real: the database, the
 * SMTP server (GreenMail) and the SMS provider (WireMock), circuit breakers closed before each
 * test and the clock and breakers reset after it. Subclasses are {@code @QuarkusTest}s.
 */
public abstract class NotificationFlowSetup {

    @Inject
    protected Db db;

    @Inject
    protected CircuitBreakerMaintenance breakers;

    @GreenMailResource.InjectGreenMail
    protected GreenMail mail;

    @SmsProviderResource.InjectSmsProvider
    protected WireMockServer sms;

    @BeforeEach
    void closeBreakers() {
        breakers.resetAll();
    }

    @AfterEach
    void resetClockAndBreakers() {
        TestClock.reset();
        breakers.resetAll();
    }
}
