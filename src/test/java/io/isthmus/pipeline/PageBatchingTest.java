package io.isthmus.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.app.BuyerModel;
import io.isthmus.app.PipelineFixture;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceConsent;
import io.isthmus.source.SourceContact;
import io.isthmus.source.SourceRecord;
import io.isthmus.store.Database;
import io.isthmus.testing.Rows;
import io.isthmus.testing.SettableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page's contributions and its joins by email are written with the page's batches, not record by record: what is
 * stored must be what writing them one at a time stored, in the same order, also when the same source record comes
 * twice, when a join needs what earlier pages stored, and when a record the store refuses sends the page down the
 * careful path.
 */
class PageBatchingTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(T0);
    private final ObjectMapper json = new ObjectMapper();
    private Database db;
    private PageApplier applier;
    private int page;

    @BeforeEach
    void open() {
        db = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("s").toAbsolutePath(), "sa",
                new Secret(""), 4));
        BuyerModel model = BuyerModel.load(dir.resolve("none"));
        LeadPublisher publisher = PipelineFixture.publisher(db, model, clock);
        applier = PipelineFixture.applier(db, publisher, PipelineFixture.identityIndex(db, model), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void emailDuplicateLaterInThePage_joinsTheBuyerCreatedBeforeIt_withItsAuditInOrder_andANewBuyersLineage()
            throws Exception {
        PageResult r = apply("hubspot",
                contact("hubspot", "1", "ada@acme.example.com", "Ada", null),
                contact("hubspot", "2", "grace@borealis.example.com", "Grace", null),
                contact("hubspot", "3", "ADA@acme.example.com", "Ada", "CTO"));

        assertThat(r.created()).isEqualTo(2);
        assertThat(r.merged()).isEqualTo(1);
        String ada = buyerOf("3");
        assertThat(buyerOf("1")).isEqualTo(ada);
        String merge = one("SELECT id FROM merge_event");
        assertThat(rows("SELECT event, detail FROM buyer_audit WHERE buyer_id = '" + ada + "' ORDER BY id"))
                .containsExactly("CREATED|from 1",
                        "MERGED|3 joined by email ada@acme.example.com (merge " + merge + ")",
                        "UPDATED|from 3");
        // Written once as it ended up (the pending insert took the update): version 2, the title of contact 3.
        assertThat(rows("SELECT version, job_title FROM buyer WHERE id = '" + ada + "'")).containsExactly("2|CTO");
        JsonNode lineage = json.readTree(one("SELECT contributions FROM merge_event"));
        assertThat(lineage.path("survivorConsent").path("unsubscribed").asBoolean()).isFalse();
        assertThat(lineage.path("survivorConsent").path("hardBounced").asBoolean()).isFalse();
        assertThat(lineage.path("absorbedActivities")).isEmpty();
        assertThat(lineage.path("survivorBefore").path("jobTitle").isNull()).isTrue();
        assertThat(rows("SELECT source_id, fields FROM contribution ORDER BY source_id")).hasSize(3)
                .last().asString().contains("\"jobTitle\":\"CTO\"").contains("\"emailOriginal\":\"ADA@acme");
        assertThat(rows("SELECT status FROM outbox WHERE buyer_id = '" + ada + "'")).containsExactly("PENDING");
    }

    @Test
    void joinToABuyerOfAnEarlierPage_keepsItsStoredConsentAndTheActivitiesTheContactBringsInTheLineage()
            throws Exception {
        apply("marketo",
                contact("marketo", "101", "ada@acme.example.com", "Ada", null),
                new SourceConsent("marketo", "c-1", T0, "101", SourceConsent.Change.UNSUBSCRIBED, "email"));
        // An activity of a HubSpot contact isthmus has not seen yet: it waits for its buyer.
        apply("hubspot", new SourceActivity("hubspot", "9001", T0.minusSeconds(60), "7", null,
                ActivityType.FORM_FILL, "Demo Request", null, null));
        String ada = buyerOf("101");

        apply("hubspot", contact("hubspot", "7", "Ada@Acme.example.com", "Ada", "CTO"));

        assertThat(buyerOf("7")).isEqualTo(ada);
        JsonNode lineage = json.readTree(one("SELECT contributions FROM merge_event"));
        assertThat(lineage.path("survivorConsent").path("unsubscribed").asBoolean()).isTrue();
        assertThat(lineage.path("absorbedActivities")).extracting(a -> a.path("sourceId").asText())
                .containsExactly("9001");
        assertThat(rows("SELECT buyer_id FROM activity WHERE source_id = '9001'")).containsExactly(ada);
        assertThat(rows("SELECT event FROM buyer_audit WHERE buyer_id = '" + ada + "' ORDER BY id"))
                .containsExactly("CREATED", "MERGED", "UPDATED");
    }

    @Test
    void sameSourceRecordTwiceInAPage_leavesOneContributionWithItsLaterValues_whetherStoredBeforeOrNot()
            throws Exception {
        apply("hubspot", contact("hubspot", "1", "ada@acme.example.com", "Ada", null));
        assertThat(contribution("1").path("firstName").asText()).isEqualTo("Ada");

        apply("hubspot",
                contact("hubspot", "1", "ada@acme.example.com", "Adah", null),
                contact("hubspot", "2", "bob@acme.example.com", "Bob", null),
                contact("hubspot", "1", "ada@acme.example.com", "Adalyn", null),
                contact("hubspot", "2", "bob@acme.example.com", "Bobby", null));

        assertThat(rows("SELECT source_id FROM contribution ORDER BY source_id")).containsExactly("1", "2");
        assertThat(contribution("1").path("firstName").asText()).isEqualTo("Adalyn");
        assertThat(contribution("2").path("firstName").asText()).isEqualTo("Bobby");
        assertThat(rows("SELECT first_name FROM buyer ORDER BY first_name")).containsExactly("Adalyn", "Bobby");
    }

    @Test
    void aRecordTheStoreRefuses_isQuarantinedAlone_andItsNeighboursAndTheirContributionsAreStored()
            throws Exception {
        String tooLong = "9".repeat(300);
        PageResult r = apply("hubspot",
                contact("hubspot", "1", "ada@acme.example.com", "Ada", null),
                contact("hubspot", tooLong, "eve@acme.example.com", "Eve", null),
                contact("hubspot", "3", "ADA@acme.example.com", "Ada", "CTO"));

        assertThat(r.deadLettered()).isEqualTo(1);
        assertThat(rows("SELECT error_code FROM dead_letter")).containsExactly("STORE_REFUSED_VALUE");
        assertThat(rows("SELECT source_id FROM contribution ORDER BY source_id")).containsExactly("1", "3");
        assertThat(rows("SELECT email FROM buyer")).containsExactly("ada@acme.example.com");
        assertThat(rows("SELECT event FROM buyer_audit ORDER BY id")).containsExactly("CREATED", "MERGED",
                "UPDATED");
    }

    @Test
    void buyersCreatedLater_haveIdsThatSortAfterEarlierOnes() throws Exception {
        apply("hubspot", contact("hubspot", "1", "ada@acme.example.com", "Ada", null));
        clock.advance(java.time.Duration.ofMillis(5));
        apply("hubspot", contact("hubspot", "2", "grace@borealis.example.com", "Grace", null));
        clock.advance(java.time.Duration.ofMillis(5));
        apply("hubspot", contact("hubspot", "3", "alan@turing.example.com", "Alan", null));

        assertThat(List.of(buyerOf("1"), buyerOf("2"), buyerOf("3"))).isSorted()
                .allSatisfy(id -> assertThat(java.util.UUID.fromString(id).version()).isEqualTo(7));
    }

    @Test
    void emailEvidence_isTheTextTheJsonTreeGave() {
        BuyerMerges merges = new BuyerMerges(null);
        for (String[] pair : new String[][] {{"ada@acme.example.com", "ADA@acme.example.com"},
                {"o'neil+\"x\"@acme.example.com", null}}) {
            com.fasterxml.jackson.databind.node.ObjectNode o = json.createObjectNode();
            o.put("rule", "email");
            o.put("outcome", "MERGE");
            com.fasterxml.jackson.databind.node.ObjectNode f = o.putArray("fields").addObject();
            f.put("field", "email");
            f.put("left", pair[0]);
            f.put("right", pair[1]);
            f.put("level", "exact");
            assertThat(merges.emailEvidence(pair[0], pair[1])).isEqualTo(o.toString());
        }
    }

    private PageResult apply(String system, SourceRecord... records) {
        return applier.apply(new SourcePage(system, List.of(records), List.of(), "c" + (page++), false));
    }

    private SourceContact contact(String system, String id, String email, String first, String title) {
        return new SourceContact(system, id, clock.instant(), email, first, "Lovelace", "Acme", null, title, "US",
                null, Map.of());
    }

    private JsonNode contribution(String sourceId) throws Exception {
        return json.readTree(one("SELECT fields FROM contribution WHERE source_id = '" + sourceId + "'"));
    }

    private String buyerOf(String sourceId) throws Exception {
        return one("SELECT buyer_id FROM source_link WHERE source_id = '" + sourceId + "'");
    }

    private String one(String sql) throws Exception {
        return rows(sql).get(0);
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(db.dataSource(), sql);
    }
}
