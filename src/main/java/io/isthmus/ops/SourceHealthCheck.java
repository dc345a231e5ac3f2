package io.isthmus.ops;

import io.isthmus.source.SourceGuard;
import io.isthmus.source.SourceStore;
import io.isthmus.store.DeadLetterRepository;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one source: down while its circuit breaker is open (the source is failing and not being
 * called) and while it is stuck on a quarantined page (its cursor cannot move past a page the vendor keeps serving
 * malformed; the dead letter id says which). A pause for a rate limit or a daily quota is shown in the details but
 * keeps the source ready: the vendor is pacing us, nothing is broken.
 */
public final class SourceHealthCheck extends AbstractHealthCheck {

    private final SourceGuard guard;
    private final SourceStore store;

    public SourceHealthCheck(SourceGuard guard, SourceStore store) {
        super("isthmus", "source-" + guard.source());
        this.guard = guard;
        this.store = store;
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
        DeadLetterRepository.Quarantined stuck = store.stuck();
        if (stuck != null) {
            builder.detail("stuckOnDeadLetter", Long.toString(stuck.deadLetterId()));
            builder.detail("stuckAttempts", Integer.toString(stuck.attempts()));
            builder.detail("stuckSince", String.valueOf(stuck.firstSeen()));
        }
        if (guard.breakerOpen()) {
            builder.message("circuit breaker open after repeated failures: " + guard.lastFailure());
            builder.down();
        } else if (stuck != null) {
            builder.message("stuck on a malformed page kept as dead letter " + stuck.deadLetterId() + " ("
                    + stuck.attempts() + " attempts since " + stuck.firstSeen() + "): " + stuck.reason());
            builder.down();
        } else {
            builder.up();
        }
    }
}
