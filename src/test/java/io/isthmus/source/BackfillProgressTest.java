package io.isthmus.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Backfill progress measured on the feed's own time: records, rate, share done and time left. */
class BackfillProgressTest {

    private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2024-01-11T00:00:00Z");
    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");

    @Test
    void quarterOfTheRangeInTenSeconds_leavesThirtySeconds() {
        BackfillProgress p = new BackfillProgress("marketo");
        p.start(FROM, TO, START);

        BackfillProgress.Snapshot s = p.page(500, Instant.parse("2024-01-03T12:00:00Z"), START.plusSeconds(10));

        assertThat(s.records()).isEqualTo(500);
        assertThat(s.recordsPerSecond()).isCloseTo(50.0, within(0.01));
        assertThat(s.fractionDone()).isCloseTo(0.25, within(0.0001));
        assertThat(s.etaSeconds()).isEqualTo(30);
    }

    @Test
    void unknownPosition_keepsTheTimeLeftUnknown_andFinishReportsDone() {
        BackfillProgress p = new BackfillProgress("mautic");
        p.start(FROM, TO, START);

        assertThat(p.page(10, null, START.plusSeconds(1)).etaSeconds()).isEqualTo(-1);
        p.finish(START.plusSeconds(2));

        assertThat(p.snapshot().running()).isFalse();
        assertThat(p.snapshot().fractionDone()).isEqualTo(1.0);
        assertThat(p.snapshot().records()).isEqualTo(10);
    }
}
