package io.isthmus.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.app.BuyerModel;
import io.isthmus.app.PipelineFixture;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.ops.MergeReview;
import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceConsent;
import io.isthmus.source.SourceContact;
import io.isthmus.source.SourceMerge;
import io.isthmus.source.SourceRecord;
import io.isthmus.store.Database;
import io.isthmus.testing.Rows;
import io.isthmus.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of merge the pipeline makes is stored with its evidence and what each side brought, and an unmerge
 * gives both buyers back with their links, activities and values, re-scored and queued for the CRM.
 */
public class MergeLineageTest {

    private static final Instant T0 = Instant.parse("2024-06-01T12:00:00Z");
    private static final String BUYER_COLUMNS = "id, email, email_original, first_name, last_name, company, phone, "
            + "job_title, country, website, created_at";

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(T0);
    private final ObjectMapper json = new ObjectMapper();
    private Database db;
    private PageApplier applier;
    private MergeReview review;
    private FuzzyResolver fuzzy;
    private int page;

    /** The store the cases run on: an H2 file here, PostgreSQL in {@code MergeLineageIT}. */
    protected IsthmusSettings.Store store(Path dir) throws Exception {
        return new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("s").toAbsolutePath(), "sa", new Secret(""), 4);
    }

    @BeforeEach
    void open() throws Exception {
        db = Database.open(store(dir));
        BuyerModel model = BuyerModel.load(dir.resolve("none"));
        LeadPublisher publisher = PipelineFixture.publisher(db, model, clock);
        fuzzy = PipelineFixture.identityIndex(db, model);
        applier = PipelineFixture.applier(db, publisher, fuzzy, clock);
        review = new MergeReview(db, publisher, new BuyerUnmerges(fuzzy), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void newContactWithAKnownEmail_joinsThatBuyer_andTheMergeIsStoredWithRuleEvidenceAndContributions()
            throws Exception {
        apply("hubspot", contact("hubspot", "1", "ada@acme.example.com", "Ada", "Lovelace", "Acme", "+1 415 555 0101",
                null));
        apply("marketo", contact("marketo", "7", "ADA@acme.example.com", null, "Lovelace", null, null, "CTO"));

        String buyer = one("SELECT id FROM buyer");
        assertThat(rows("SELECT kind, match_rule, survivor_id, weight, threshold, source, actor, undone_at "
                + "FROM merge_event")).containsExactly("EMAIL|email|" + buyer + "|null|null|marketo|auto|null");
        JsonNode evidence = json.readTree(one("SELECT evidence FROM merge_event"));
        assertThat(evidence.path("fields").get(0).path("field").asText()).isEqualTo("email");
        assertThat(evidence.path("fields").get(0).path("level").asText()).isEqualTo("exact");
        JsonNode lineage = json.readTree(one("SELECT contributions FROM merge_event"));
        assertThat(lineage.path("absorbedExisted").asBoolean()).isFalse();
        assertThat(lineage.path("absorbedLinks")).extracting(l -> l.path("system").asText() + ":"
                + l.path("sourceId").asText()).containsExactly("marketo:7");
        assertThat(lineage.path("fieldSources").path("job_title").asText()).isEqualTo("absorbed");
        assertThat(lineage.path("fieldSources").path("phone").asText()).isEqualTo("survivor");
        assertThat(lineage.path("fieldSources").path("last_name").asText()).isEqualTo("both");
        assertThat(lineage.path("survivorBefore").path("jobTitle").isNull()).isTrue();
        assertThat(rows("SELECT detail FROM buyer_audit WHERE event = 'MERGED'")).singleElement().asString()
                .startsWith("7 joined by email ada@acme.example.com (merge ");
    }

    @Test
    void probabilisticMerge_storesEachFieldsComparatorLevelAndWeight_theTotalWeightAndTheThreshold()
            throws Exception {
        apply("hubspot", contact("hubspot", "1", "jonathan.smith@acme.example.com", "Jonathan", "Smith",
                "Acme Analytics", "+1 415 555 0101", null));
        apply("marketo", contact("marketo", "77", null, "Jon", "Smith", "Acme Analytics Inc.", "(415) 555-0101",
                null));

        assertThat(rows("SELECT kind, match_rule FROM merge_event")).containsExactly(
                "PROBABILISTIC|probabilistic:contact");
        double weight = Double.parseDouble(one("SELECT weight FROM merge_event"));
        double threshold = Double.parseDouble(one("SELECT threshold FROM merge_event"));
        assertThat(threshold).isEqualTo(fuzzy.mergeThreshold());
        assertThat(weight).isGreaterThanOrEqualTo(threshold);
        JsonNode evidence = json.readTree(one("SELECT evidence FROM merge_event"));
        assertThat(evidence.path("threshold").asDouble()).isEqualTo(threshold);
        assertThat(evidence.path("weight").asDouble()).isEqualTo(weight);
        double sum = 0;
        for (JsonNode f : evidence.path("fields")) {
            sum += f.path("weight").asDouble();
        }
        assertThat(sum).isCloseTo(weight, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(evidence.path("fields")).anySatisfy(f -> {
            assertThat(f.path("field").asText()).isEqualTo("phone");
            assertThat(f.path("level").asText()).isNotEqualTo("missing");
            assertThat(f.path("weight").asDouble()).isPositive();
        });
    }

    @Test
    void sourceSideMerge_ofTwoBuyers_storesTheEvent_movesLinksAndActivities_andRetiresTheAbsorbedBuyer()
            throws Exception {
        twoMarketoBuyersWithActivities();
        String survivor = buyerOf("marketo", "101");
        String absorbed = buyerOf("marketo", "104");

        apply("marketo", new SourceMerge("marketo", "101", T0.plusSeconds(60), List.of("104")));

        assertThat(rows("SELECT id FROM buyer")).containsExactly(survivor);
        assertThat(rows("SELECT kind, match_rule, survivor_id, absorbed_id FROM merge_event")).containsExactly(
                "SOURCE_MERGE|source-merge:marketo|" + survivor + "|" + absorbed);
        assertThat(json.readTree(one("SELECT evidence FROM merge_event")).path("mergedSourceId").asText())
                .isEqualTo("104");
        JsonNode lineage = json.readTree(one("SELECT contributions FROM merge_event"));
        assertThat(lineage.path("absorbedActivities")).extracting(a -> a.path("sourceId").asText())
                .containsExactly("9002");
        assertThat(rows("SELECT DISTINCT buyer_id FROM source_link")).containsExactly(survivor);
        assertThat(rows("SELECT source_id, buyer_id FROM activity ORDER BY source_id")).containsExactly(
                "9001|" + survivor, "9002|" + survivor);
        assertThat(rows("SELECT touch_id, buyer_id FROM touch ORDER BY touch_id")).containsExactly(
                "marketo:9001|" + survivor, "marketo:9002|" + survivor);
        // One CRM touchpoint per touch, ever: the moved touch's record is the one the absorbed buyer had, now queued
        // for the survivor (a second record under a new key would count its credit twice in Salesforce).
        assertThat(rows("SELECT DISTINCT external_id FROM outbox WHERE sobject = 'Isthmus_Touchpoint__c' "
                + "ORDER BY external_id")).containsExactly("marketo:9001", "marketo:9002");
        assertThat(rows("SELECT buyer_id FROM outbox WHERE sobject = 'Isthmus_Touchpoint__c' AND status = 'PENDING' "
                + "AND external_id = 'marketo:9002'")).containsExactly(survivor);
        // The absorbed buyer's stage history is kept for an unmerge but it is no longer a person in the funnel.
        assertThat(new io.isthmus.ops.StatusQueries(db, null, clock).snapshot().funnel())
                .extracting(io.isthmus.ops.StatusSnapshot.StageCount::buyers).containsExactly(1L);
    }

    @Test
    void linkedContactTakingAnotherBuyersEmail_mergesTheTwoBuyers_withAnEmailMergeEvent() throws Exception {
        apply("hubspot", contact("hubspot", "1", "ada@acme.example.com", "Ada", "Lovelace", "Acme", null, null));
        apply("hubspot", contact("hubspot", "2", "a.lovelace@gmail.com", "Ada", "Lovelace", null, "+1 415 555 0101",
                null));
        String owner = buyerOf("hubspot", "1");
        String other = buyerOf("hubspot", "2");
        clock.advance(Duration.ofMinutes(5));

        apply("hubspot", contact("hubspot", "2", "ada@acme.example.com", "Ada", "Lovelace", null, "+1 415 555 0101",
                null));

        assertThat(rows("SELECT id, email, phone FROM buyer")).containsExactly(
                owner + "|ada@acme.example.com|+14155550101");
        assertThat(rows("SELECT kind, match_rule, survivor_id, absorbed_id FROM merge_event")).containsExactly(
                "EMAIL|email|" + owner + "|" + other);
        assertThat(rows("SELECT source_id, buyer_id FROM source_link ORDER BY source_id")).containsExactly(
                "1|" + owner, "2|" + owner);
    }

    @Test
    void unmerge_restoresBothBuyersWithTheirLinksActivitiesAndValuesExactly_reScoresThem_andQueuesBothForTheCrm()
            throws Exception {
        twoMarketoBuyersWithActivities();
        String survivor = buyerOf("marketo", "101");
        String absorbed = buyerOf("marketo", "104");
        List<String> buyersBefore = rows("SELECT " + BUYER_COLUMNS + " FROM buyer ORDER BY id");
        List<String> linksBefore = rows("SELECT system, source_id, buyer_id, source_modified_at, linked_at "
                + "FROM source_link ORDER BY source_id");
        List<String> activitiesBefore = rows("SELECT source_id, buyer_id FROM activity ORDER BY source_id");
        List<String> touchesBefore = rows("SELECT touch_id, buyer_id FROM touch ORDER BY touch_id");
        List<String> consentBefore = rows("SELECT buyer_id, unsubscribed, hard_bounced FROM buyer_consent");
        List<String> scoresBefore = rows("SELECT buyer_id, fit, engagement, total FROM buyer_score ORDER BY buyer_id");
        clock.advance(Duration.ofMinutes(5));
        apply("marketo", new SourceMerge("marketo", "101", clock.instant(), List.of("104")));
        long merge = Long.parseLong(one("SELECT id FROM merge_event"));
        assertThat(rows("SELECT phone FROM buyer")).containsExactly("+14155550202");
        assertThat(rows("SELECT buyer_id, CASE WHEN unsubscribed THEN 'yes' ELSE 'no' END FROM buyer_consent"))
                .containsExactly(survivor + "|yes");
        assertThat(json.readTree(one("SELECT contributions FROM merge_event")).path("fieldSources").path("phone")
                .asText()).isEqualTo("absorbed");
        clock.advance(Duration.ofMinutes(5));
        // As if the sink had delivered everything queued so far.
        try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE outbox SET status = 'SENT'");
            c.commit();
        }

        BuyerUnmerges.Unmerged u = review.unmerge(merge, "ops@example.com", "two people");

        assertThat(u.survivorId()).isEqualTo(survivor);
        assertThat(u.restoredId()).isEqualTo(absorbed);
        assertThat(u.links()).isEqualTo(1);
        assertThat(u.activities()).isEqualTo(1);
        assertThat(rows("SELECT " + BUYER_COLUMNS + " FROM buyer ORDER BY id")).isEqualTo(buyersBefore);
        // The source's own merge moved 104's link time; everything else about the links is as it was.
        assertThat(rows("SELECT system, source_id, buyer_id FROM source_link ORDER BY source_id"))
                .isEqualTo(linksBefore.stream().map(r -> String.join("|", List.of(r.split("\\|")).subList(0, 3)))
                        .toList());
        assertThat(rows("SELECT source_id, buyer_id FROM activity ORDER BY source_id")).isEqualTo(activitiesBefore);
        assertThat(rows("SELECT touch_id, buyer_id FROM touch ORDER BY touch_id")).isEqualTo(touchesBefore);
        assertThat(rows("SELECT buyer_id, unsubscribed, hard_bounced FROM buyer_consent")).isEqualTo(consentBefore);
        assertThat(rows("SELECT buyer_id, fit, engagement, total FROM buyer_score ORDER BY buyer_id"))
                .isEqualTo(scoresBefore);
        // Both buyers are queued for the CRM with their own values again: the Lead, the day's Task digest and the
        // touchpoint of its one form fill each (the CRM confirmed nothing here, so every record of both goes again).
        assertThat(rows("SELECT buyer_id, sobject, external_id FROM outbox WHERE status = 'PENDING'"))
                .containsExactlyInAnyOrder(survivor + "|Lead|" + survivor,
                        survivor + "|Task|" + survivor + "/day/2024-06-01",
                        survivor + "|Isthmus_Touchpoint__c|marketo:9001",
                        absorbed + "|Lead|" + absorbed,
                        absorbed + "|Task|" + absorbed + "/day/2024-06-01",
                        absorbed + "|Isthmus_Touchpoint__c|marketo:9002");
        assertThat(one(pending(absorbed, "Lead"))).contains("grace@borealis.example.com").contains("Hopper");
        assertThat(one(pending(survivor, "Lead"))).contains("ada@acme.example.com").doesNotContain("Hopper");
        assertThat(one(pending(survivor, "Task"))).contains("1 form fill");
        assertThat(one(pending(absorbed, "Task"))).contains("1 form fill");
        assertThat(rows("SELECT undone_by, undo_reason FROM merge_event")).containsExactly(
                "ops@example.com|two people");
        assertThat(rows("SELECT buyer_id, detail FROM buyer_audit WHERE event = 'UNMERGED' ORDER BY buyer_id"))
                .hasSize(2).allSatisfy(r -> assertThat(r).contains("merge " + merge + " undone"));
    }

    @Test
    void unmerge_givesEachSideWhatItsOwnSourceRecordsSentAfterTheMerge() throws Exception {
        twoMarketoBuyersWithActivities();
        String survivor = buyerOf("marketo", "101");
        String absorbed = buyerOf("marketo", "104");
        clock.advance(Duration.ofMinutes(5));
        apply("marketo", new SourceMerge("marketo", "101", clock.instant(), List.of("104")));
        long merge = Long.parseLong(one("SELECT id FROM merge_event"));
        clock.advance(Duration.ofMinutes(5));
        // After the merge, 104 changes its title and a new activity names it; 101 changes its phone.
        apply("marketo", new SourceContact("marketo", "104", clock.instant(), "grace@borealis.example.com", "Grace",
                        "Hopper", "Borealis", null, "Rear Admiral", "US", null, Map.of()),
                activity("9003", "104"),
                new SourceContact("marketo", "101", clock.instant(), "ada@acme.example.com", "Ada", "Lovelace",
                        "Acme", "+1 415 555 0199", "CTO", "US", null, Map.of()));
        clock.advance(Duration.ofMinutes(5));

        review.unmerge(merge, "cli", null);

        assertThat(rows("SELECT id, job_title, phone FROM buyer WHERE id = '" + absorbed + "'")).containsExactly(
                absorbed + "|Rear Admiral|+14155550202");
        assertThat(rows("SELECT id, job_title, phone FROM buyer WHERE id = '" + survivor + "'")).containsExactly(
                survivor + "|CTO|+14155550199");
        assertThat(rows("SELECT source_id, buyer_id FROM activity ORDER BY source_id")).containsExactly(
                "9001|" + survivor, "9002|" + absorbed, "9003|" + absorbed);
    }

    @Test
    void unmerge_ofAContactThatJoinedByEmail_givesItBackItsOwnBuyer_andTheAddressStaysWithTheSurvivor()
            throws Exception {
        apply("hubspot", contact("hubspot", "1", "info@acme.example.com", "Ada", "Lovelace", "Acme", null, null));
        apply("marketo", contact("marketo", "7", "info@acme.example.com", "Charles", "Babbage", "Acme", null, null));
        String survivor = one("SELECT id FROM buyer");
        long merge = Long.parseLong(one("SELECT id FROM merge_event"));
        String wouldBe = one("SELECT absorbed_id FROM merge_event");
        clock.advance(Duration.ofMinutes(1));

        BuyerUnmerges.Unmerged u = review.unmerge(merge, "cli", "shared inbox");

        assertThat(u.note()).contains("stays with buyer " + survivor);
        assertThat(rows("SELECT id, email, first_name, last_name FROM buyer ORDER BY first_name")).containsExactly(
                survivor + "|info@acme.example.com|Ada|Lovelace", wouldBe + "|null|Charles|Babbage");
        assertThat(rows("SELECT source_id, buyer_id FROM source_link ORDER BY source_id")).containsExactly(
                "1|" + survivor, "7|" + wouldBe);

        // The contact read again keeps to its own buyer: the person's decision stands.
        clock.advance(Duration.ofMinutes(1));
        apply("marketo", contact("marketo", "7", "info@acme.example.com", "Charles", "Babbage", "Acme", null, null));
        assertThat(rows("SELECT COUNT(*) FROM buyer")).containsExactly("2");
        assertThat(rows("SELECT COUNT(*) FROM merge_event")).containsExactly("1");
    }

    @Test
    void unmerge_ofAnUnknownId_isRefusedWithAClearMessage_andChangesNothing() throws Exception {
        assertThatThrownBy(() -> review.unmerge(4242, "cli", null)).isInstanceOf(BuyerUnmerges.Refused.class)
                .hasMessage("no merge with id 4242 (see: isthmus merges list)")
                .extracting(e -> ((BuyerUnmerges.Refused) e).reason()).isEqualTo(BuyerUnmerges.Refused.Reason.NOT_FOUND);
    }

    @Test
    void unmerge_twice_isRefusedAsUndoneAlready_andASourceMergeReadAgainDoesNotRedoIt() throws Exception {
        twoMarketoBuyersWithActivities();
        apply("marketo", new SourceMerge("marketo", "101", T0.plusSeconds(60), List.of("104")));
        long merge = Long.parseLong(one("SELECT id FROM merge_event"));
        clock.advance(Duration.ofMinutes(1));
        review.unmerge(merge, "cli", null);

        assertThatThrownBy(() -> review.unmerge(merge, "cli", null)).isInstanceOf(BuyerUnmerges.Refused.class)
                .hasMessageStartingWith("merge " + merge + " was undone already");
        apply("marketo", new SourceMerge("marketo", "101", T0.plusSeconds(60), List.of("104")));
        assertThat(rows("SELECT COUNT(*) FROM buyer")).containsExactly("2");
        assertThat(rows("SELECT COUNT(*) FROM merge_event")).containsExactly("1");
    }

    @Test
    void unmerge_whileALaterMergeIntoTheSameBuyerIsInEffect_isRefusedNamingTheMergeToUndoFirst() throws Exception {
        twoMarketoBuyersWithActivities();
        apply("marketo", contact("marketo", "105", "alan@cobalt.example.com", "Alan", "Turing", "Cobalt", null,
                null));
        apply("marketo", new SourceMerge("marketo", "101", T0.plusSeconds(60), List.of("104")));
        apply("marketo", new SourceMerge("marketo", "101", T0.plusSeconds(61), List.of("105")));
        List<String> ids = rows("SELECT id FROM merge_event ORDER BY id");

        assertThatThrownBy(() -> review.unmerge(Long.parseLong(ids.get(0)), "cli", null))
                .isInstanceOf(BuyerUnmerges.Refused.class)
                .hasMessageContaining("undo, newest first, merge(s) " + ids.get(1) + " first");
        review.unmerge(Long.parseLong(ids.get(1)), "cli", null);
        review.unmerge(Long.parseLong(ids.get(0)), "cli", null);
        assertThat(rows("SELECT COUNT(*) FROM buyer")).containsExactly("3");
    }

    /** Two Marketo leads of different people, each with an activity; only 104 has a phone, and it unsubscribed. */
    private void twoMarketoBuyersWithActivities() {
        apply("marketo",
                contact("marketo", "101", "ada@acme.example.com", "Ada", "Lovelace", "Acme", null, "CTO"),
                contact("marketo", "104", "grace@borealis.example.com", "Grace", "Hopper", "Borealis",
                        "+1 415 555 0202", null),
                activity("9001", "101"),
                activity("9002", "104"),
                new SourceConsent("marketo", "c-1", T0, "104", SourceConsent.Change.UNSUBSCRIBED, "email"));
    }

    private void apply(String system, SourceRecord... records) {
        applier.apply(new SourcePage(system, List.of(records), List.of(), "c" + (page++), false));
    }

    private SourceContact contact(String system, String id, String email, String first, String last, String company,
                                  String phone, String title) {
        return new SourceContact(system, id, clock.instant(), email, first, last, company, phone, title, "US", null,
                Map.of());
    }

    private SourceActivity activity(String id, String contact) {
        return new SourceActivity("marketo", id, clock.instant().minusSeconds(30), contact, null,
                ActivityType.FORM_FILL, "Demo Request", null, new SourceActivity.Utm("google", "cpc", "spring", null,
                null));
    }

    private String buyerOf(String system, String sourceId) throws Exception {
        return one("SELECT buyer_id FROM source_link WHERE system = '" + system + "' AND source_id = '" + sourceId
                + "'");
    }

    private String one(String sql) throws Exception {
        return rows(sql).get(0);
    }

    private static String pending(String buyer, String sobject) {
        return "SELECT payload FROM outbox WHERE status = 'PENDING' AND buyer_id = '" + buyer + "' AND sobject = '"
                + sobject + "'";
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(db.dataSource(), sql);
    }
}
