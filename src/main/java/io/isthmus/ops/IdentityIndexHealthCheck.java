package io.isthmus.ops;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: the identity index is filled (it loads in the background at start; polls wait for it). */
public final class IdentityIndexHealthCheck extends AbstractHealthCheck {

    private final BooleanSupplier loaded;

    public IdentityIndexHealthCheck(BooleanSupplier loaded) {
        super("isthmus", "identity-index");
        this.loaded = loaded;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (loaded.getAsBoolean()) {
            builder.up();
        } else {
            builder.message("identity index loading").down();
        }
    }
}
