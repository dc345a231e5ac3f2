package io.isthmus.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The keyset cursor of time-sorted feeds (Matomo, Mautic): skips counted per second, overlap, JSON round trip. */
class KeysetCursorTest {

    private static final Instant FROM = Instant.parse("2024-05-01T00:00:00Z");

    @Test
    void fullPagesAtTheSameSecond_addUpTheirSkip_andANewSecondStartsItAgain() {
        KeysetCursor c = KeysetCursor.INITIAL.passAt(Duration.ofMinutes(45), FROM);
        assertThat(c.minTimestamp()).isEqualTo(FROM.getEpochSecond());

        KeysetCursor a = c.after(1000, 2);
        KeysetCursor b = a.after(1000, 3);
        KeysetCursor d = b.after(1005, 1);

        assertThat(a.skip()).isEqualTo(2);
        assertThat(b.skip()).as("same second again: 2 + 3 already read").isEqualTo(5);
        assertThat(d.minTimestamp()).isEqualTo(1005);
        assertThat(d.skip()).isEqualTo(1);
    }

    @Test
    void finishedPass_startsTheNextOneOverlapBeforeTheLatestTimeSeen() {
        KeysetCursor done = KeysetCursor.INITIAL.passAt(Duration.ofMinutes(45), FROM).after(1714558200L, 1)
                .finished(1714558500L);
        assertThat(done.inPass()).isFalse();
        assertThat(done.completedUntil()).isEqualTo(Instant.ofEpochSecond(1714558500L));

        KeysetCursor next = done.passAt(Duration.ofMinutes(45), FROM);
        assertThat(next.minTimestamp()).isEqualTo(1714558500L - 2700);
        assertThat(next.skip()).isZero();
    }

    @Test
    void emptyFirstPass_completesAtItsStart_soNothingIsReadTwiceForever() {
        KeysetCursor done = KeysetCursor.INITIAL.passAt(Duration.ofMinutes(45), FROM).finished(-1);
        assertThat(done.completedUntil()).isEqualTo(FROM);
    }

    @Test
    void json_roundTripsEveryField() {
        KeysetCursor c = KeysetCursor.INITIAL.passAt(Duration.ofMinutes(5), FROM).after(1714558200L, 4);
        assertThat(KeysetCursor.fromJson(c.toJson())).isEqualTo(c);
    }
}
