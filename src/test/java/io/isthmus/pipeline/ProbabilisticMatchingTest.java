package io.isthmus.pipeline;

import io.isthmus.testing.Rows;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.BuyerModel;
import io.isthmus.app.PipelineFixture;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.source.SourceContact;
import io.isthmus.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contacts without a shared key are matched by the configured model: merged with evidence, or kept for review. */
class ProbabilisticMatchingTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private PageApplier applier;

    @BeforeEach
    void open() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        db = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("s").toAbsolutePath(), "sa",
                new Secret(""), 4));
        BuyerModel model = BuyerModel.load(dir.resolve("none"));
        applier = PipelineFixture.applier(db, model, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void contact(String system, String id, String email, String first, String last, String company,
                         String phone) {
        applier.apply(new io.isthmus.pipeline.SourcePage(system, List.of(new SourceContact(system, id, NOW, email,
                first, last, company, phone, null, "US", null, Map.of())), List.of(), "c-" + id, false));
    }

    @Test
    void sameNamePhoneAndCompany_withoutEmail_isMergedWithItsEvidence() throws Exception {
        contact("hubspot", "1", "jonathan.smith@acme.example.com", "Jonathan", "Smith", "Acme Analytics",
                "+1 415 555 0101");
        contact("marketo", "77", null, "Jon", "Smith", "Acme Analytics Inc.", "(415) 555-0101");

        assertThat(rows("SELECT COUNT(*) FROM buyer")).containsExactly("1");
        assertThat(rows("SELECT system, source_id FROM source_link ORDER BY system"))
                .containsExactly("hubspot|1", "marketo|77");
        assertThat(rows("SELECT detail FROM buyer_audit WHERE event = 'MERGED'")).singleElement().asString()
                .startsWith("77 joined by probabilistic match").contains("\"outcome\":\"MERGE\"")
                .contains("\"field\":\"phone\"");
    }

    @Test
    void strongMatch_underAnotherValidEmail_isKeptForReview_notMerged() throws Exception {
        contact("hubspot", "1", "jonathan.smith@acme.example.com", "Jonathan", "Smith", "Acme Analytics",
                "+1 415 555 0101");
        contact("marketo", "77", "jsmith@gmail.com", "Jon", "Smith", "Acme Analytics Inc.", "(415) 555-0101");

        assertThat(rows("SELECT COUNT(*) FROM buyer")).containsExactly("2");
        assertThat(rows("SELECT status, evidence FROM match_review")).singleElement().asString()
                .startsWith("OPEN|").contains("different-emails").contains("\"field\":\"phone\"");
    }

    @Test
    void distinctPeople_withTheSameSurname_stayTwoBuyers() throws Exception {
        contact("hubspot", "1", "anna.meyer@borealis.example.com", "Anna", "Meyer", "Borealis Logistics",
                "+1 415 555 0101");
        contact("hubspot", "2", "paul.meyer@cobalt.example.com", "Paul", "Meyer", "Cobalt Health", "+1 212 555 0199");

        assertThat(rows("SELECT COUNT(*) FROM buyer")).containsExactly("2");
        assertThat(rows("SELECT COUNT(*) FROM buyer_audit WHERE event = 'MERGED'")).containsExactly("0");
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(db.dataSource(), sql);
    }
}
