package io.isthmus.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.isthmus.app.BuyerModel;
import io.isthmus.app.PipelineFixture;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.attribution.Touch;
import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceContact;
import io.isthmus.source.SourceRecord;
import io.isthmus.store.Database;
import io.isthmus.store.TouchRepository;
import io.isthmus.testing.Rows;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What {@code KillNineCrashIT} once met: a store that kept part of a page's transaction after a kill -9. H2 saves
 * each table's map on its own (h2database/h2database#2080), so a save that runs while a page commits, followed by a
 * kill before the next save, can keep some of the page's rows (here its form fill's touch) without the rest (buyer,
 * link, activity, cursor). The source then serves the page again, the contact gets a new (random) buyer id, and the
 * touch kept from the first attempt names the old one.
 */
class PartlyKeptPageTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant FORM_FILLED = Instant.parse("2026-01-01T03:00:00Z");
    private static final String TOUCH = "hubspot:form:3:" + FORM_FILLED.toEpochMilli();

    @TempDir
    Path dir;
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<Database> stores = new ArrayList<>();
    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    private final Logger recorderLog = (Logger) LoggerFactory.getLogger(TouchRecorder.class);

    @BeforeEach
    void capture() {
        warnings.setContext(recorderLog.getLoggerContext());
        warnings.start();
        recorderLog.addAppender(warnings);
    }

    @AfterEach
    void close() {
        recorderLog.detachAppender(warnings);
        stores.forEach(Database::close);
    }

    @Test
    void pageReappliedOverATouchKeptFromItsFirstAttempt_applies_andTheTouchFollowsTheContactsNewBuyer()
            throws Exception {
        Database first = open("first");
        pipeline(first).apply(firstPage());
        String firstBuyer = one(first, "SELECT buyer_id FROM source_link WHERE source_id = '3'");
        assertThat(Rows.of(first.dataSource(), "SELECT touch_id, buyer_id FROM touch"))
                .containsExactly(TOUCH + "|" + firstBuyer);

        // The file the killed process left: the page's touch row, nothing else of the page (no cursor either).
        Database kept = open("kept");
        copyTouches(first, kept);
        PageResult again = pipeline(kept).apply(firstPage());

        String buyer = one(kept, "SELECT buyer_id FROM source_link WHERE source_id = '3'");
        assertThat(buyer).as("buyer ids are random: the contact's buyer is a new one").isNotEqualTo(firstBuyer);
        assertThat(again.created()).isEqualTo(4);
        assertThat(Rows.of(kept.dataSource(), "SELECT buyer_id FROM activity")).containsExactly(buyer);
        assertThat(Rows.of(kept.dataSource(), "SELECT touch_id, buyer_id FROM touch"))
                .containsExactly(TOUCH + "|" + buyer);
        assertThat(Rows.of(kept.dataSource(), "SELECT external_id FROM outbox WHERE sobject = 'Isthmus_Touchpoint__c'"))
                .as("its touchpoint is queued for the CRM under the touch's id").hasSize(1);
        assertThat(warnings.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                .isEqualTo("touch " + TOUCH + " was recorded for buyer " + firstBuyer + ", its activity is now buyer "
                        + buyer + "'s: the touch follows it");
    }

    /** The first page of a HubSpot backfill, as the contacts search reads it: contact 3 filled in a form. */
    private static SourcePage firstPage() {
        List<SourceRecord> records = new ArrayList<>();
        for (int id = 1; id <= 4; id++) {
            records.add(new SourceContact("hubspot", Integer.toString(id), NOW.minusSeconds(3600L * id),
                    "buyer" + id + "@example" + id + ".com", "First" + id, "Last" + id, "Company " + id, null, null,
                    null, null, Map.of()));
            if (id == 3) {
                records.add(new SourceActivity("hubspot", "form:3:" + FORM_FILLED.toEpochMilli(), FORM_FILLED, "3",
                        null, ActivityType.FORM_FILL, "Whitepaper 3", null, SourceActivity.Utm.NONE));
            }
        }
        return new SourcePage("hubspot-contacts", records, List.of(), "{\"lastId\":\"4\"}", true);
    }

    private PageApplier pipeline(Database db) {
        BuyerModel model = BuyerModel.load(dir.resolve("no-model-files"));
        return PipelineFixture.applier(db, model, clock);
    }

    private Database open(String name) {
        Database db = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve(name).toAbsolutePath(),
                "sa", new Secret(""), 2));
        stores.add(db);
        return db;
    }

    private static void copyTouches(Database from, Database to) {
        TouchRepository touches = new TouchRepository();
        List<Touch> rows = from.inTransaction(touches::all);
        to.inTransaction(c -> {
            for (Touch t : rows) {
                touches.insert(c, t);
            }
            return null;
        });
    }

    private static String one(Database db, String sql) throws Exception {
        return Rows.of(db.dataSource(), sql).get(0);
    }
}
