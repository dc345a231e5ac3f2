package io.isthmus.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.BuyerModel;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.attribution.TouchFactory;
import io.isthmus.buyer.BuyerRecord;
import io.isthmus.crm.SalesforceLeadMapper;
import io.isthmus.identity.FieldEvidence;
import io.isthmus.identity.Level;
import io.isthmus.identity.MatchDecision;
import io.isthmus.identity.MatchProfile;
import io.isthmus.identity.MatchingConfig;
import io.isthmus.identity.MatchingConfigLoader;
import io.isthmus.lifecycle.LifecycleCrmFields;
import io.isthmus.lifecycle.SlaClock;
import io.isthmus.lifecycle.StageMachine;
import io.isthmus.scoring.Scorer;
import io.isthmus.source.SourceContact;
import io.isthmus.store.Database;
import io.isthmus.store.OutboxRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** At start-up the fuzzy resolver fits m/u to the loaded store and weighs exact names by their frequency there. */
class FuzzyResolverEstimationTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private static final String[] FIRST = {"anna", "ben", "carla", "dev", "emma", "finn", "gita", "hugo"};

    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void fillStore() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        db = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("s").toAbsolutePath(), "sa",
                new Secret(""), 4));
        BuyerModel model = BuyerModel.load(dir.resolve("none"));
        BuyerEvaluator evaluator = new BuyerEvaluator(new Scorer(model.scoring(), clock),
                new StageMachine(model.lifecycle()), new LifecycleCrmFields(model.lifecycle().crmFields(),
                new SlaClock(clock, model.lifecycle().slaAcceptance())), model.titles(), clock);
        LeadPublisher publisher = new LeadPublisher(evaluator,
                new TouchRecorder(new TouchFactory(model.attribution(), model.channels())),
                new OutboxRepository(false), new SalesforceLeadMapper(model.salesforceMapping()));
        FuzzyResolver fuzzy = new FuzzyResolver(model.matching());
        fuzzy.load(db);
        PageApplier applier = new PageApplier(db, publisher, fuzzy, new io.isthmus.buyer.ContactNormalizer("US"), clock);
        // 60 distinct buyers: half of them are called Smith, the others have rare family names.
        List<io.isthmus.source.SourceRecord> contacts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String last = i % 2 == 0 ? "Smith" : "Rare" + (char) ('a' + i / 2 % 26) + (char) ('a' + i / 7 % 26);
            contacts.add(new SourceContact("hubspot", "c" + i, NOW, "person" + i + "@firm" + i + ".example.com",
                    FIRST[i % FIRST.length], last, "Firm " + i, null, null, "US", null, Map.of()));
        }
        applier.apply(new SourcePage("hubspot", contacts, List.of(), "c", false));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private MatchingConfig model(int minRecords) throws Exception {
        String yaml = Files.readString(Path.of("config/matching.yaml"))
                .replace("min-records: 500", "min-records: " + minRecords)
                .replace("term-frequency-min-values: 100", "term-frequency-min-values: 10");
        Path f = dir.resolve("matching-" + minRecords + ".yaml");
        Files.writeString(f, yaml);
        return MatchingConfigLoader.load(f);
    }

    private static BuyerRecord probe(String first, String last, String company) {
        return new BuyerRecord("probe", null, null, first, last, company, null, null, "US", null, NOW, NOW, 0);
    }

    private static FieldEvidence lastNameAgreement(FuzzyResolver fuzzy, String last) {
        MatchProfile p = fuzzy.matcher().profile();
        MatchDecision d = fuzzy.matcher().decide(p.prepare("a", Map.of("first_name", "x", "last_name", last)),
                p.prepare("b", Map.of("first_name", "y", "last_name", last)));
        return lastName(d);
    }

    @Test
    void storeAboveMinRecords_getsFittedMandU_andFrequencyWeighedNames() throws Exception {
        MatchingConfig config = model(50);
        FuzzyResolver fuzzy = new FuzzyResolver(config);
        assertThat(fuzzy.load(db)).isEqualTo(60);

        MatchProfile configured = config.profile("contact");
        MatchProfile fitted = fuzzy.matcher().profile();
        Level configuredFirst = configured.fields().get(configured.fieldIndex("first_name")).levels().get(0);
        Level fittedFirst = fitted.fields().get(fitted.fieldIndex("first_name")).levels().get(0);
        // Eight first names over 60 distinct buyers: agreement among non-matches is far above the configured u.
        assertThat(fittedFirst.u()).isGreaterThan(2 * configuredFirst.u());

        // 30 of 60 buyers are Smiths: agreeing on it counts less than agreeing on a family name only one buyer has.
        FieldEvidence smith = lastNameAgreement(fuzzy, "smith");
        FieldEvidence rare = lastNameAgreement(fuzzy, "rareaa");
        assertThat(smith.level()).startsWith("exact (value frequency -");
        assertThat(rare.level()).startsWith("exact (value frequency +");
        assertThat(rare.weight()).isGreaterThan(smith.weight() + 2);
        // Look-ups run on the fitted matcher.
        Optional<MatchDecision> found = fuzzy.best("p", probe("Ben", "Rareaa", "Firm 1"));
        assertThat(found).isPresent();
        assertThat(found.get().rule()).isEqualTo("probabilistic:contact");
    }

    @Test
    void storeBelowMinRecords_keepsTheConfiguredMandU() throws Exception {
        MatchingConfig config = model(1000);
        FuzzyResolver fuzzy = new FuzzyResolver(config);
        fuzzy.load(db);
        assertThat(fuzzy.matcher().profile()).isEqualTo(config.profile("contact"));
    }

    private static FieldEvidence lastName(MatchDecision d) {
        return d.evidence().stream().filter(e -> e.field().equals("last_name")).findFirst().orElseThrow();
    }
}
