package io.isthmus.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.BuyerModel;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.attribution.TouchFactory;
import io.isthmus.lifecycle.StageHistory;
import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import io.isthmus.store.ActivityRepository;
import io.isthmus.store.Database;
import io.isthmus.store.TouchRepository;
import io.isthmus.testing.Rows;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Touches recorded once per activity, on a real H2 store. */
class TouchRecorderTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private TouchRecorder recorder;

    @BeforeEach
    void open() {
        db = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("s").toAbsolutePath(), "sa",
                new Secret(""), 2));
        BuyerModel model = BuyerModel.load(dir.resolve("no-model-files"));
        recorder = new TouchRecorder(new TouchFactory(model.attribution(), model.channels()));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aTouchRecordedForAnotherBuyer_followsItsActivity_insteadOfFailingTheTransaction() throws Exception {
        SourceActivity form = new SourceActivity("hubspot", "form:3:1", AT, "3", null, ActivityType.FORM_FILL,
                "Whitepaper", null, new SourceActivity.Utm(null, null, null, null, null));
        int first = db.inTransaction(c -> {
            new ActivityRepository().insertIfNew(c, form, "buyer-x", AT);
            return recorder.record(c, "buyer-x", StageHistory.EMPTY);
        });
        // The activity moved to another buyer without its touch (what a lost race or an old store can leave).
        db.inTransaction(c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate("UPDATE activity SET buyer_id = 'buyer-y' WHERE source_id = 'form:3:1'");
            }
            return null;
        });

        int second = db.inTransaction(c -> recorder.record(c, "buyer-y", StageHistory.EMPTY));
        int again = db.inTransaction(c -> recorder.record(c, "buyer-y", StageHistory.EMPTY));

        assertThat(first).isEqualTo(1);
        assertThat(second).isZero();
        assertThat(again).isZero();
        assertThat(Rows.of(db.dataSource(), "SELECT touch_id, buyer_id FROM touch"))
                .containsExactly("hubspot:form:3:1|buyer-y");
        java.util.List<io.isthmus.attribution.Touch> left = db.inTransaction(c -> new TouchRepository().forBuyer(c,
                "buyer-x"));
        assertThat(left).isEmpty();
    }
}
