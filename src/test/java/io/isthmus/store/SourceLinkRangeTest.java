package io.isthmus.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The id range the Mautic reconciliation compares: numeric order on a text column, links made before a time. */
class SourceLinkRangeTest {

    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private final SourceLinkRepository links = new SourceLinkRepository();

    @BeforeEach
    void open() {
        db = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("s").toAbsolutePath(), "sa",
                new Secret(""), 2));
        db.inTransaction(c -> {
            Sql.update(c, "INSERT INTO buyer (id, created_at, updated_at, version) VALUES ('b1', ?, ?, 1)", T0, T0);
            for (String id : List.of("9", "10", "52", "99", "100", "101", "1000", "12", "x7")) {
                links.link(c, "mautic", id, "b1", null, T0);
            }
            links.link(c, "mautic", "53", "b1", null, T0.plusSeconds(3600));
            links.link(c, "hubspot", "50", "b1", null, T0);
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void numericIdsBetween_comparesAsNumbers_acrossLengths_andSkipsLinksMadeLaterOrNotNumeric() {
        // Lexically "100" < "12" < "52" < "9"; as numbers the range (9, 100] holds 10, 12, 52, 99, 100.
        assertThat(range(9, 100, T0.plusSeconds(1))).containsExactly(10L, 12L, 52L, 99L, 100L);
        // 53 was linked after the pass began; the last page's open range reaches every longer id.
        assertThat(range(52, Long.MAX_VALUE, T0.plusSeconds(1))).containsExactly(99L, 100L, 101L, 1000L);
        assertThat(range(52, Long.MAX_VALUE, T0.plusSeconds(7200))).containsExactly(53L, 99L, 100L, 101L, 1000L);
    }

    @Test
    void numericIdsBetween_ignoresLongerIdsSharingTheRangesPrefix() {
        // As text, "100", "1000" and "101" lie between "10" and "12"; as numbers they are outside (9, 12].
        assertThat(range(9, 12, T0.plusSeconds(1))).containsExactly(10L, 12L);
        assertThat(range(99, 101, T0.plusSeconds(1))).containsExactly(100L, 101L);
        assertThat(range(12, 12, T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void numericIdsBetween_agreesWithNumericFilter_onRandomIdsAndRanges() {
        java.util.Random random = new java.util.Random(7);
        java.util.TreeSet<Long> all = new java.util.TreeSet<>(List.of(9L, 10L, 12L, 52L, 53L, 99L, 100L, 101L,
                1000L));
        db.inTransaction(c -> {
            for (int i = 0; i < 400; i++) {
                long id = (long) Math.pow(10, random.nextInt(7)) + random.nextInt(1_000_000);
                if (all.add(id)) {
                    links.link(c, "mautic", Long.toString(id), "b1", null, T0);
                }
            }
            links.link(c, "mautic", "0012", "b1", null, T0);
            return null;
        });
        Instant after = T0.plusSeconds(7200);
        for (int i = 0; i < 200; i++) {
            long afterId = random.nextInt(3) == 0 ? 0 : (long) Math.pow(10, random.nextInt(7)) + random.nextInt(50_000);
            long upTo = random.nextInt(4) == 0 ? Long.MAX_VALUE : afterId + random.nextInt(2_000_000);
            List<Long> expected = all.stream().filter(n -> n > afterId && n <= upTo).toList();
            assertThat(range(afterId, upTo, after)).as("(%d, %d]", afterId, upTo).isEqualTo(expected);
        }
    }

    @Test
    void unlink_removesOnlyThatLink() {
        Boolean first = db.inTransaction(c -> links.unlink(c, "mautic", "52"));
        Boolean again = db.inTransaction(c -> links.unlink(c, "mautic", "52"));
        List<SourceLinkRepository.Link> left = db.inTransaction(c -> links.forBuyer(c, "b1"));
        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(left).hasSize(10);
    }

    private List<Long> range(long afterId, long upTo, Instant linkedBefore) {
        return db.inTransaction(c -> links.numericIdsBetween(c, "mautic", afterId, upTo, linkedBefore));
    }
}
