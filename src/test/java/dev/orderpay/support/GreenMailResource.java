package dev.orderpay.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) on a free local port for the tests; points
 * {@code payments.mail.host/port} at it. Inject it into a test with {@link InjectGreenMail}.
 */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a {@code GreenMail} field of a test to receive the server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectGreenMail {
    }

    private GreenMail greenMail;

    @Override
    public Map<String, String> start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        return Map.of("payments.mail.host", "127.0.0.1",
                "payments.mail.port", String.valueOf(greenMail.getSmtp().getPort()),
                "payments.mail.start-tls", "DISABLED");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(greenMail, new TestInjector.AnnotatedAndMatchesType(InjectGreenMail.class, GreenMail.class));
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
