package io.isthmus.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.crm.ApiBudget;
import io.isthmus.store.Database;
import io.isthmus.testing.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status figures as read from a real H2 store at a set time. */
class StatusQueriesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private final SettableClock clock = new SettableClock(NOW);
    private final ApiBudget budget = new ApiBudget(new SimpleMeterRegistry());

    @BeforeEach
    void open() {
        db = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("s").toAbsolutePath(), "sa",
                new Secret(""), 2));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void sources_lagFromTheCursorPosition_whenTheCursorHasOne_elseFromTheLastPoll() {
        watermark("hubspot-contacts", "{\"completedUntil\":\"2026-11-23T11:50:00Z\",\"windowStart\":null}", 4, 370,
                NOW.minusSeconds(60));
        watermark("salesforce-leads", "{\"since\":\"2026-11-23T11:59:00Z\",\"next\":null}", 1, 2,
                NOW.minusSeconds(30));
        watermark("plain-offset", "page=17", 17, 1700, NOW.minus(Duration.ofMinutes(3)));
        deadLetter("SOURCE_RECORD", "hubspot-contacts", "INVALID_CONTACT", "no email", NOW.minusSeconds(5));

        StatusSnapshot s = new StatusQueries(db, budget, clock).snapshot();

        assertThat(s.sources()).extracting(StatusSnapshot.Source::name)
                .containsExactly("hubspot-contacts", "plain-offset", "salesforce-leads");
        StatusSnapshot.Source hubspot = s.sources().get(0);
        assertThat(hubspot.lag()).isEqualTo(Duration.ofMinutes(10));
        assertThat(hubspot.lagBasis()).isEqualTo(StatusSnapshot.LagBasis.CURSOR);
        assertThat(hubspot.lastPoll()).isEqualTo(NOW.minusSeconds(60));
        assertThat(hubspot.pagesApplied()).isEqualTo(4);
        assertThat(hubspot.recordsApplied()).isEqualTo(370);
        assertThat(hubspot.openDeadLetters()).isEqualTo(1);
        StatusSnapshot.Source plain = s.sources().get(1);
        assertThat(plain.lag()).isEqualTo(Duration.ofMinutes(3));
        assertThat(plain.lagBasis()).isEqualTo(StatusSnapshot.LagBasis.LAST_POLL);
        assertThat(plain.openDeadLetters()).isZero();
        assertThat(s.sources().get(2).lag()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void cursorPosition_isNull_forABackfillInProgressOrAnUnreadableCursor() {
        assertThat(StatusQueries.cursorPosition("{\"completedUntil\":null,\"windowEnd\":\"2026-11-23T11:00:00Z\"}"))
                .isNull();
        assertThat(StatusQueries.cursorPosition("{\"since\":\"yesterday\"}")).isNull();
        assertThat(StatusQueries.cursorPosition("not json")).isNull();
        assertThat(StatusQueries.cursorPosition("{\"since\":\"2026-11-23T11:00:00Z\"}"))
                .isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
    }

    @Test
    void outbox_countsPendingSentWithinTheLastHourOnlyAndDead() {
        outbox("PENDING", NOW.minus(Duration.ofMinutes(20)), null);
        outbox("PENDING", NOW.minus(Duration.ofMinutes(2)), null);
        outbox("SENT", NOW.minus(Duration.ofHours(3)), NOW.minus(Duration.ofMinutes(59)));
        outbox("SENT", NOW.minus(Duration.ofHours(3)), NOW.minus(Duration.ofMinutes(61)));
        outbox("DEAD", NOW.minus(Duration.ofHours(3)), null);

        StatusSnapshot.Outbox o = new StatusQueries(db, budget, clock).snapshot().outbox();

        assertThat(o).isEqualTo(new StatusSnapshot.Outbox(2, 1, 1, NOW.minus(Duration.ofMinutes(20))));
    }

    @Test
    void deadLetters_openOnesGroupedByKindAndCode_mostFirst_withTheNewestMessage() {
        deadLetter("CRM_RECORD", "salesforce:Lead", "REQUIRED_FIELD_MISSING", "older", NOW.minusSeconds(300));
        deadLetter("CRM_RECORD", "salesforce:Lead", "REQUIRED_FIELD_MISSING", "newest", NOW.minusSeconds(100));
        deadLetter("SOURCE_RECORD", "hubspot-contacts", "INVALID_CONTACT", "no email", NOW.minusSeconds(50));
        deadLetter("SOURCE_RECORD", "hubspot-contacts", null, "no code", NOW.minusSeconds(40));
        db.inTransaction(c -> c.createStatement().executeUpdate(
                "UPDATE dead_letter SET status = 'RESOLVED' WHERE error_code = 'INVALID_CONTACT'"));

        StatusSnapshot s = new StatusQueries(db, budget, clock).snapshot();

        assertThat(s.deadLetters()).containsExactly(
                new StatusSnapshot.DeadLetterGroup("CRM_RECORD", "REQUIRED_FIELD_MISSING", 2, NOW.minusSeconds(100),
                        "newest"),
                new StatusSnapshot.DeadLetterGroup("SOURCE_RECORD", null, 1, NOW.minusSeconds(40), "no code"));
    }

    @Test
    void funnel_countsEachBuyerOnceAtItsLatestStage_inPathOrder() {
        transition("b1", "VISITOR", "LEAD");
        transition("b1", "LEAD", "MQL");
        transition("b2", "VISITOR", "LEAD");
        transition("b3", "VISITOR", "LEAD");
        transition("b3", "LEAD", "DISQUALIFIED");

        StatusSnapshot s = new StatusQueries(db, budget, clock).snapshot();

        assertThat(s.funnel()).containsExactly(new StatusSnapshot.StageCount("LEAD", 1),
                new StatusSnapshot.StageCount("MQL", 1), new StatusSnapshot.StageCount("DISQUALIFIED", 1));
    }

    @Test
    void apiBudget_isWhatSalesforceLastReported_andAbsentWhenTheSinkIsOff() {
        budget.observe("api-usage=19/15000");

        assertThat(new StatusQueries(db, budget, clock).snapshot().api())
                .isEqualTo(new StatusSnapshot.ApiUsage(19, 15000));
        assertThat(new StatusQueries(db, null, clock).snapshot().api()).isNull();
    }

    private void watermark(String source, String cursor, long pages, long records, Instant at) {
        exec("INSERT INTO source_watermark (source, cursor_value, pages_applied, records_applied, updated_at) "
                + "VALUES (?,?,?,?,?)", source, cursor, pages, records, Timestamp.from(at));
    }

    private void deadLetter(String kind, String origin, String code, String message, Instant at) {
        exec("INSERT INTO dead_letter (kind, origin, error_code, error_message, status, created_at) "
                + "VALUES (?,?,?,?,'OPEN',?)", kind, origin, code, message, Timestamp.from(at));
    }

    private void outbox(String status, Instant created, Instant sent) {
        exec("INSERT INTO outbox (buyer_id, sobject, external_id, payload, payload_hash, status, attempts, created_at, "
                + "updated_at, sent_at) VALUES ('b','Lead','b','{}','h',?,0,?,?,?)", status, Timestamp.from(created),
                Timestamp.from(created), sent == null ? null : Timestamp.from(sent));
    }

    private void transition(String buyer, String from, String to) {
        exec("INSERT INTO stage_transition (buyer_id, from_stage, to_stage, at, cause, event_type, event) "
                + "VALUES (?,?,?,?,'test','TEST','{}')", buyer, from, to, Timestamp.from(NOW));
    }

    private void exec(String sql, Object... args) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                return ps.executeUpdate();
            }
        });
    }
}
