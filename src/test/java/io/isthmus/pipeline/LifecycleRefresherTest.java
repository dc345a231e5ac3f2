package io.isthmus.pipeline;

import io.isthmus.testing.Rows;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.BuyerModel;
import io.isthmus.app.PipelineFixture;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceContact;
import io.isthmus.store.Database;
import io.isthmus.store.OutboxRepository;
import io.isthmus.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled refresh keeps the SLA hours of a waiting MQL current in the CRM payload, with no source change, and
 * sends nothing else again.
 */
class LifecycleRefresherTest {

    @TempDir
    Path dir;
    private Database db;

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void waitingMql_getsItsSlaHoursRefreshed_andUnchangedBuyersQueueNothing() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2024-06-01T12:00:00Z"));
        db = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("s").toAbsolutePath(), "sa",
                new Secret(""), 4));
        BuyerModel model = BuyerModel.load(dir.resolve("none"));
        LeadPublisher publisher = PipelineFixture.publisher(db, model, clock);
        PageApplier applier = PipelineFixture.applier(db, publisher, PipelineFixture.identityIndex(db, model), clock);
        Instant day = Instant.parse("2024-06-01T10:00:00Z");
        applier.apply(new SourcePage("marketo", List.of(
                new SourceContact("marketo", "7", day, "mql@example.com", "Mia", "Quinn", "Initech", null, null, null,
                        null, Map.of()),
                new SourceActivity("marketo", "a1", day, "7", null, ActivityType.FORM_FILL, "demo request", null, null),
                new SourceActivity("marketo", "a2", day, "7", null, ActivityType.WEBINAR_ATTENDED, "webinar", null,
                        null),
                new SourceActivity("marketo", "a3", day, "7", null, ActivityType.PAGE_VIEW, "/pricing", null, null),
                new SourceContact("marketo", "8", day, "lead@example.com", "Leo", "Ray", "Initech", null, null, null,
                        null, Map.of())), List.of(), "c1", false));
        assertThat(rows("SELECT to_stage FROM stage_transition WHERE to_stage = 'MQL'")).hasSize(1);
        assertThat(rows("SELECT payload FROM outbox WHERE sobject = 'Lead' AND payload LIKE '%mql@%'"))
                .singleElement().asString().contains("\"Isthmus_SLA_Hours__c\":0.0");
        String mql = rows("SELECT buyer_id FROM source_link WHERE source_id = '7'").get(0);
        // Besides both Leads: the MQL's Task digest of the day and a touchpoint per touch.
        assertThat(rows("SELECT sobject, COUNT(*) FROM outbox GROUP BY sobject ORDER BY sobject"))
                .containsExactly("Isthmus_Touchpoint__c|3", "Lead|2", "Task|1");
        deliverEverything(clock.instant());

        clock.advance(Duration.ofHours(5));
        int queued = new LifecycleRefresher(db, publisher, clock).refresh();

        // Only the SLA hours changed: the MQL's Lead goes again; its Task and touchpoints, and the other buyer, do not.
        assertThat(queued).isEqualTo(1);
        assertThat(rows("SELECT sobject, external_id FROM outbox WHERE status = 'PENDING'"))
                .containsExactly("Lead|" + mql);
        assertThat(rows("SELECT payload FROM outbox WHERE status = 'PENDING'")).singleElement().asString()
                .contains("mql@example.com").contains("\"Isthmus_SLA_Hours__c\":5.0");
    }

    /** What the CRM sink does once the CRM confirmed them: every queued record sent, its payload remembered. */
    private void deliverEverything(Instant now) {
        OutboxRepository outbox = new OutboxRepository(db.isPostgres());
        db.inTransaction(c -> {
            for (String sobject : outbox.claimableByObject(c, now).keySet()) {
                for (OutboxRepository.OutboxRow row : outbox.claim(c, sobject, "test-sink", 1000,
                        Duration.ofMinutes(5), now)) {
                    outbox.markSent(c, row, "test-sink", "crm-" + row.id(), now);
                }
            }
            return null;
        });
        long pending = db.inTransaction(c -> outbox.count(c, "PENDING"));
        assertThat(pending).isZero();
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(db.dataSource(), sql);
    }
}
