package io.isthmus.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Buyer ids are version 7 UUIDs: unique like random ones, in creation order by their text. */
class BuyerIdsTest {

    @Test
    void ids_areVersion7UuidsOfTheClocksMillisecond_withTheRfcVariant() {
        Instant at = Instant.parse("2026-11-23T12:00:00.123Z");
        String id = new BuyerIds(new SettableClock(at)).next();
        UUID u = UUID.fromString(id);
        assertThat(id).hasSize(36).isEqualTo(u.toString());
        assertThat(u.version()).isEqualTo(7);
        assertThat(u.variant()).isEqualTo(2);
        assertThat(u.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
        // All random bits set, and none: version and variant stay, nothing spills into the time.
        assertThat(BuyerIds.of(1L, -1L, -1L).toString()).isEqualTo("00000000-0001-7fff-bfff-ffffffffffff");
        assertThat(BuyerIds.of(1L, 0L, 0L).toString()).isEqualTo("00000000-0001-7000-8000-000000000000");
    }

    @Test
    void ids_ofLaterMilliseconds_sortAfterEarlierOnes_andNoneRepeats() {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-23T12:00:00Z"));
        BuyerIds ids = new BuyerIds(clock);
        List<String> firsts = new ArrayList<>();
        Set<String> all = new HashSet<>();
        for (int ms = 0; ms < 200; ms++) {
            // Many ids in one millisecond: ordered among themselves at random, after every earlier millisecond's.
            for (int i = 0; i < 500; i++) {
                String id = ids.next();
                assertThat(all.add(id)).as("repeated id %s", id).isTrue();
                if (i == 0) {
                    firsts.add(id);
                }
            }
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(firsts).isSorted();
        assertThat(all).hasSize(100_000);
    }
}
