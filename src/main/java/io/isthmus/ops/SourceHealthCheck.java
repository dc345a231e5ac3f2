package io.isthmus.ops;

import io.isthmus.source.SourceGuard;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one source: down while its circuit breaker is open (the source is failing and not being
 * called). A pause for a rate limit or a daily quota is shown in the details but keeps the source ready: the
 * vendor is pacing us, nothing is broken.
 */
public final class SourceHealthCheck extends AbstractHealthCheck {

    private final SourceGuard guard;

    public SourceHealthCheck(SourceGuard guard) {
        super("isthmus", "source-" + guard.source());
        this.guard = guard;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("breaker", guard.breakerState());
        Instant paused = guard.pausedUntil();
        if (paused != null) {
            builder.detail("pausedUntil", paused.toString());
            builder.detail("pauseReason", String.valueOf(guard.pauseReason()));
        }
        if (guard.breakerOpen()) {
            builder.message("circuit breaker open after repeated failures: " + guard.lastFailure());
            builder.down();
        } else {
            builder.up();
        }
    }
}
