package io.isthmus.pipeline;

import io.isthmus.testing.Rows;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.BuyerModel;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.attribution.TouchFactory;
import io.isthmus.buyer.ContactNormalizer;
import io.isthmus.crm.SalesforceLeadMapper;
import io.isthmus.lifecycle.LifecycleCrmFields;
import io.isthmus.lifecycle.SlaClock;
import io.isthmus.lifecycle.StageMachine;
import io.isthmus.scoring.Scorer;
import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceContact;
import io.isthmus.store.Database;
import io.isthmus.store.OutboxRepository;
import io.isthmus.testing.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduled refresh keeps the SLA hours of a waiting MQL current in the CRM payload, with no source change. */
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
        BuyerEvaluator evaluator = new BuyerEvaluator(new Scorer(model.scoring(), clock),
                new StageMachine(model.lifecycle()), new LifecycleCrmFields(model.lifecycle().crmFields(),
                new SlaClock(clock, model.lifecycle().slaAcceptance())), model.titles(), clock);
        LeadPublisher publisher = new LeadPublisher(evaluator,
                new TouchRecorder(new TouchFactory(model.attribution(), model.channels())),
                new OutboxRepository(false), new SalesforceLeadMapper(model.salesforceMapping()));
        PageApplier applier = new PageApplier(db, publisher, new FuzzyResolver(model.matching()),
                new ContactNormalizer("US"), clock);
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
        assertThat(rows("SELECT payload FROM outbox WHERE payload LIKE '%mql@%'")).singleElement().asString()
                .contains("\"Isthmus_SLA_Hours__c\":0.0");

        clock.advance(Duration.ofHours(5));
        int queued = new LifecycleRefresher(db, publisher, clock).refresh();

        assertThat(queued).isEqualTo(1);
        assertThat(rows("SELECT payload FROM outbox WHERE status = 'PENDING' AND payload LIKE '%mql@%'"))
                .singleElement().asString().contains("\"Isthmus_SLA_Hours__c\":5.0");
        assertThat(rows("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%lead@%'")).containsExactly("1");
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(db.dataSource(), sql);
    }
}
