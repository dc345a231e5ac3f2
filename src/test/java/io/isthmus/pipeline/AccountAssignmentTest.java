package io.isthmus.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.BuyerModel;
import io.isthmus.app.PipelineFixture;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.identity.AccountMatcher;
import io.isthmus.source.SourceContact;
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
 * Lead-to-account matching in the pipeline: source pages applied by the daemon's page applier and publisher on a
 * real H2 store give every buyer its account (corporate email domain, website domain, fuzzy company name), store it
 * with its rule and score, and send it with the buyer's Lead through the outbox.
 */
class AccountAssignmentTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(T0);
    private Database db;
    private BuyerModel model;
    private PageApplier applier;
    private int page;

    @BeforeEach
    void open() {
        db = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("s").toAbsolutePath(), "sa",
                new Secret(""), 4));
        model = BuyerModel.load(dir.resolve("none"));
        applier = PipelineFixture.applier(db, model, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void twoBuyersAtOneCorporateDomain_shareOneAccount_namedAfterTheFirstsCompany() throws Exception {
        apply(contact("1", "ada@acme-analytics.com", "Acme Analytics", null),
                contact("2", "grace@mail.acme-analytics.com", "ACME", null));

        assertThat(rows("SELECT name, origin, crm_account_id FROM account")).containsExactly("Acme Analytics|email-domain|null");
        assertThat(rows("SELECT domain FROM account_domain")).containsExactly("acme-analytics.com");
        assertThat(accountOf("1")).isEqualTo("Acme Analytics|email-domain|1.0");
        assertThat(accountOf("2")).isEqualTo("Acme Analytics|email-domain|1.0");
        assertThat(lead("1")).contains("\"Isthmus_Account_Name__c\":\"Acme Analytics\"")
                .contains("\"Isthmus_Account_Match__c\":\"email-domain 1.00\"")
                // No CRM Account known yet: the field is left out, not sent blank.
                .doesNotContain("Isthmus_Account_Id__c");
    }

    @Test
    void explain_showsTheAccountItsCrmIdRuleAndScore() throws Exception {
        apply(contact("1", "ada@acme-analytics.com", "Acme Analytics", "https://acme-analytics.de"));
        db.inTransaction(c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate("UPDATE account SET crm_account_id = '0015g00000CCCCCAA1'");
            }
            return null;
        });
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        assertThat(new io.isthmus.ops.BuyerExplainer(db).explain("ada@acme-analytics.com",
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8))).isTrue();

        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("account=Acme Analytics  crm_account_id=0015g00000CCCCCAA1  rule=email-domain  score=1.0  "
                        + "origin=email-domain")
                .contains("account_domain=acme-analytics.com").contains("account_domain=acme-analytics.de");
    }

    @Test
    void freeMailBuyerWithAWebsite_getsTheWebsitesAccount() throws Exception {
        apply(contact("1", "ada@acme-analytics.com", "Acme Analytics", null));
        apply(contact("2", "grace.hopper@gmail.com", null, "https://www.acme-analytics.com/team"));

        assertThat(accountOf("2")).isEqualTo("Acme Analytics|website-domain|1.0");
        assertThat(rows("SELECT COUNT(*) FROM account")).containsExactly("1");
    }

    @Test
    void freeMailBuyerWithANearIdenticalCompanyName_getsTheAccountByCompanyName_withItsScore() throws Exception {
        apply(contact("1", "ada@borealis-logistics.de", "Borealis Logistics GmbH", null));
        apply(contact("2", "grace.hopper@gmail.com", "Borealis Logistic GmbH", null));

        List<String> row = rows("SELECT a.name, ba.rule, ba.score FROM buyer_account ba JOIN account a "
                + "ON a.id = ba.account_id WHERE ba.buyer_id = '" + buyerOf("2") + "'");
        assertThat(row).singleElement().asString().startsWith("Borealis Logistics GmbH|company-name|");
        double score = Double.parseDouble(row.get(0).split("\\|")[2]);
        assertThat(score).isBetween(model.matching().companyNameMinSimilarity(), 0.999);
        assertThat(lead("2")).contains("\"Isthmus_Account_Match__c\":\"company-name "
                + String.format(java.util.Locale.ROOT, "%.2f", score) + "\"");
        assertThat(rows("SELECT COUNT(*) FROM account")).containsExactly("1");
    }

    @Test
    void freeMailDomain_neverCreatesNorMatchesAnAccount() throws Exception {
        apply(contact("1", "ada.lovelace@gmail.com", null, null),
                contact("2", "grace.hopper@gmail.com", null, "gmail.com"),
                contact("3", "alan@web.de", null, null));

        assertThat(rows("SELECT COUNT(*) FROM account")).containsExactly("0");
        assertThat(rows("SELECT COUNT(*) FROM buyer_account")).containsExactly("0");
        assertThat(lead("1")).doesNotContain("Isthmus_Account");
    }

    @Test
    void freeMailBuyerWithAnUnknownCompany_getsANameOnlyAccount_whichTheNextSuchBuyerJoins() throws Exception {
        apply(contact("1", "ada.lovelace@gmail.com", "Lovelace Engines Ltd", null));
        apply(contact("2", "charles@yahoo.com", "Lovelace Engines Ltd.", null));

        assertThat(rows("SELECT name, origin FROM account")).containsExactly("Lovelace Engines Ltd|company-name");
        assertThat(rows("SELECT COUNT(*) FROM account_domain")).containsExactly("0");
        assertThat(accountOf("1")).isEqualTo("Lovelace Engines Ltd|company-name|1.0");
        assertThat(accountOf("2")).startsWith("Lovelace Engines Ltd|company-name|");
    }

    @Test
    void changedEmail_movesTheBuyer_andItsLeadIsRepublishedWithTheNewAccount() throws Exception {
        apply(contact("1", "ada@acme-analytics.com", "Acme Analytics", null),
                contact("2", "bob@borealis-logistics.de", "Borealis Logistics GmbH", null));
        clock.advance(Duration.ofMinutes(1));

        apply(contact("1", "ada@borealis-logistics.de", "Borealis Logistics GmbH", null));

        assertThat(accountOf("1")).isEqualTo("Borealis Logistics GmbH|email-domain|1.0");
        assertThat(rows("SELECT COUNT(*) FROM account")).containsExactly("2");
        assertThat(lead("1")).contains("\"Isthmus_Account_Name__c\":\"Borealis Logistics GmbH\"");
    }

    @Test
    void accountsSurviveARestart_theMatcherIsLoadedFromTheStore() throws Exception {
        apply(contact("1", "ada@acme-analytics.com", "Acme Analytics", null));
        String account = one("SELECT id FROM account");

        // A new publisher and applier, as a restarted daemon builds them: its matcher starts empty and loads.
        applier = PipelineFixture.applier(db, model, clock);
        apply(contact("2", "grace@acme-analytics.com", null, null),
                contact("3", "alan@gmail.com", "Acme Analytics", null));

        assertThat(rows("SELECT COUNT(*) FROM account")).containsExactly("1");
        assertThat(one("SELECT account_id FROM buyer_account WHERE buyer_id = '" + buyerOf("2") + "'"))
                .isEqualTo(account);
        assertThat(accountOf("3")).startsWith("Acme Analytics|company-name|");
    }

    @Test
    void anotherInstanceFiledTheDomainFirst_itsAccountIsReadAndUsed() throws Exception {
        AccountAssigner other = otherInstance();
        apply(contact("1", "ada@acme-analytics.com", "Acme Analytics", null));

        // The other instance's matcher never saw that account: it asks the store before filing the domain again.
        io.isthmus.identity.AccountAssignment got = db.inTransaction(c -> other.assign(c, buyer("b-grace",
                "grace@acme-analytics.com"), T0));

        assertThat(got.accountId()).isEqualTo(one("SELECT id FROM account"));
        assertThat(rows("SELECT COUNT(*) FROM account")).containsExactly("1");
    }

    @Test
    void batchedCreationLosingTheRaceOnADomain_failsThePage_andTheRetryTakesTheWinnersAccount() throws Exception {
        AccountAssigner other = otherInstance();
        apply(contact("1", "ada@acme-analytics.com", "Acme Analytics", null));
        String winner = one("SELECT id FROM account");
        io.isthmus.buyer.BuyerRecord grace = buyer("b-grace", "grace@acme-analytics.com");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.inTransaction(c -> {
            io.isthmus.store.Batch batch = new io.isthmus.store.Batch();
            other.assignNew(batch, grace, T0);
            batch.flush(c);
            return null;
        })).hasRootCauseInstanceOf(java.sql.SQLException.class);
        io.isthmus.identity.AccountAssignment retried = db.inTransaction(c -> {
            io.isthmus.store.Batch batch = new io.isthmus.store.Batch();
            io.isthmus.identity.AccountAssignment a = other.assignNew(batch, grace, T0);
            batch.flush(c);
            return a;
        });

        assertThat(retried.accountId()).isEqualTo(winner);
        assertThat(retried.rule()).isEqualTo("email-domain");
        assertThat(rows("SELECT COUNT(*) FROM account")).containsExactly("1");
        assertThat(one("SELECT account_id FROM buyer_account WHERE buyer_id = 'b-grace'")).isEqualTo(winner);
    }

    @Test
    void accountOfARolledBackPage_isForgotten_andNotGivenToLaterBuyers() throws Exception {
        AccountAssigner assigner = otherInstance();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.inTransaction(c -> {
            io.isthmus.store.Batch batch = new io.isthmus.store.Batch();
            assigner.assignNew(batch, buyer("b-ada", "ada@acme-analytics.com"), T0);
            batch.flush(c);
            throw new java.sql.SQLException("the page failed later");
        })).isInstanceOf(io.isthmus.store.StoreException.class);

        io.isthmus.identity.AccountAssignment grace = db.inTransaction(c -> assigner.assign(c,
                buyer("b-grace", "grace@acme-analytics.com"), T0));

        assertThat(rows("SELECT id FROM account")).containsExactly(grace.accountId());
        assertThat(rows("SELECT COUNT(*) FROM buyer_account")).containsExactly("1");
    }

    private AccountAssigner otherInstance() {
        AccountAssigner other = new AccountAssigner(db, () -> AccountMatcher.of(model.matching()));
        other.matcher();
        return other;
    }

    private static io.isthmus.buyer.BuyerRecord buyer(String id, String email) {
        return new io.isthmus.buyer.BuyerRecord(id, email, null, "Grace", null, null, null, null, null, null, T0, T0,
                1);
    }

    @Test
    void emailJoinOfTwoBuyers_leavesTheSurvivorsAccountOnly() throws Exception {
        apply(contact("1", "ada@acme-analytics.com", "Acme Analytics", null));
        apply(new SourceContact("marketo", "m-1", clock.instant(), "ADA@acme-analytics.com", "Ada", "Lovelace",
                "Acme Analytics", null, null, "US", null, Map.of()));

        assertThat(rows("SELECT COUNT(*) FROM buyer")).containsExactly("1");
        assertThat(rows("SELECT COUNT(*) FROM buyer_account")).containsExactly("1");
        assertThat(accountOf("1")).isEqualTo("Acme Analytics|email-domain|1.0");
    }

    private void apply(SourceRecord... records) {
        applier.apply(new SourcePage("hubspot", List.of(records), List.of(), "c" + (page++), false));
    }

    private SourceContact contact(String id, String email, String company, String website) {
        return new SourceContact("hubspot", id, clock.instant(), email, "First" + id, "Last" + id, company, null,
                null, "US", website, Map.of());
    }

    private String accountOf(String sourceId) throws Exception {
        return one("SELECT a.name, ba.rule, ba.score FROM buyer_account ba JOIN account a ON a.id = ba.account_id "
                + "WHERE ba.buyer_id = '" + buyerOf(sourceId) + "'");
    }

    /** The buyer's latest Lead payload in the outbox. */
    private String lead(String sourceId) throws Exception {
        List<String> payloads = rows("SELECT payload FROM outbox WHERE sobject = 'Lead' AND buyer_id = '"
                + buyerOf(sourceId) + "' ORDER BY id");
        return payloads.get(payloads.size() - 1);
    }

    private String buyerOf(String sourceId) throws Exception {
        return one("SELECT buyer_id FROM source_link WHERE source_id = '" + sourceId + "'");
    }

    private String one(String sql) throws Exception {
        List<String> r = rows(sql);
        assertThat(r).as(sql).hasSize(1);
        return r.get(0);
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(db.dataSource(), sql);
    }
}
