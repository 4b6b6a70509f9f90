package dev.orderpay.demo;

import dev.orderpay.platform.PlatformConfig;
import io.smallrye.config.ConfigMapping;

/** {@code payments.demo-data.enabled}: load the demo data once (on in dev only); README.md, "Configuration". */
@ConfigMapping(prefix = "payments")
public interface DemoConfig {

    PlatformConfig.Toggle demoData();
}
