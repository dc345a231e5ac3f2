package io.isthmus.crm;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.testing.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SinkGuardTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ApiBudget budget = new ApiBudget(registry);

    private SinkGuard guard(double random) {
        IsthmusSettings.Sink s = new IsthmusSettings.Sink(10_000, 100_000, Duration.ofMinutes(30), 20, 10,
                Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(1),
                Duration.ofSeconds(60));
        return new SinkGuard(s, budget, registry, clock, () -> random);
    }

    @Test
    void backoff_doublesPerFailure_isCappedAtTheMaximum_andJittersWithinTheUpperHalf() {
        SinkGuard low = guard(0.0);
        SinkGuard high = guard(0.999);

        assertThat(low.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(high.backoff(1)).isBetween(Duration.ofMillis(999), Duration.ofMillis(1000));
        assertThat(low.backoff(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(high.backoff(4)).isBetween(Duration.ofMillis(7990), Duration.ofSeconds(8));
        assertThat(high.backoff(40)).isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(low.backoff(40)).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void admit_belowTheSlowdownBand_goes_inTheBand_allowsOneCall_atTheReserve_pauses() {
        SinkGuard g = guard(0.5);

        budget.observe("api-usage=6999/10000");
        assertThat(g.admit()).isEqualTo(SinkGuard.Admission.GO);
        g.answered();
        budget.observe("api-usage=7000/10000");
        assertThat(g.admit()).isEqualTo(SinkGuard.Admission.ONE_CALL);
        g.answered();
        budget.observe("api-usage=8000/10000");
        assertThat(g.admit()).isEqualTo(SinkGuard.Admission.STOP);
        assertThat(g.isPaused()).isTrue();
        assertThat(registry.get("isthmus_crm_sink_paused").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("isthmus_crm_api_usage_ratio").gauge().value()).isEqualTo(0.8);
    }

    @Test
    void pause_endsWithOneProbingCall_andResumesWhenUsageFell() {
        SinkGuard g = guard(0.5);
        budget.observe("api-usage=8500/10000");
        assertThat(g.admit()).isEqualTo(SinkGuard.Admission.STOP);

        clock.advance(Duration.ofMinutes(14));
        assertThat(g.admit()).isEqualTo(SinkGuard.Admission.STOP);
        clock.advance(Duration.ofMinutes(2));
        assertThat(g.admit()).isEqualTo(SinkGuard.Admission.ONE_CALL);
        budget.observe("api-usage=4000/10000");
        g.answered();

        assertThat(g.admit()).isEqualTo(SinkGuard.Admission.GO);
        assertThat(g.isPaused()).isFalse();
    }

    @Test
    void outage_holdsCallsBackUntilTheBackoffHasPassed() {
        SinkGuard g = guard(0.0);
        assertThat(g.admit()).isEqualTo(SinkGuard.Admission.GO);
        g.outage(new IOException("Connection reset"));

        assertThat(g.admit()).isEqualTo(SinkGuard.Admission.STOP);
        clock.advance(Duration.ofMillis(500));
        assertThat(g.admit()).isEqualTo(SinkGuard.Admission.GO);
    }
}
