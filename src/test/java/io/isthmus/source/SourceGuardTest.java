package io.isthmus.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.ops.SourceMetrics;
import io.isthmus.testing.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SourceGuardTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));

    private SourceGuard guard(Duration maxPollTime) {
        return new SourceGuard("test", new IsthmusSettings.SourceLimits(2, Duration.ofSeconds(1),
                Duration.ofSeconds(10), 3, Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(60), true, maxPollTime), clock, new SourceMetrics(new SimpleMeterRegistry()));
    }

    @Test
    void aPollYields_onceItHasRunForMaxPollTime_notBefore() {
        SourceGuard g = guard(Duration.ofMinutes(4));
        assertThat(g.tryStartPoll()).isTrue();
        clock.advance(Duration.ofMinutes(4).minusMillis(1));
        assertThat(g.pollShouldYield()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(g.pollShouldYield()).isTrue();

        g.pollSucceeded();
        assertThat(g.tryStartPoll()).isTrue();
        assertThat(g.pollShouldYield()).as("the next poll has its own time").isFalse();
    }

    @Test
    void stopping_endsThePollInProgress_andStartsNoOther() {
        SourceGuard g = guard(Duration.ofMinutes(4));
        assertThat(g.tryStartPoll()).isTrue();
        g.stopPolling();
        assertThat(g.pollShouldYield()).isTrue();
        g.pollSucceeded();
        assertThat(g.tryStartPoll()).isFalse();
    }
}
