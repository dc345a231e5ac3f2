package io.isthmus.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.buyer.BuyerRecord;
import io.isthmus.identity.MatchDecision;
import io.isthmus.identity.MatchingConfigLoader;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances share one store: what another instance writes reaches this instance's identity index at the
 * next catch-up, so a near copy of the other's new buyer is matched to it instead of becoming a duplicate.
 */
class FuzzyResolverCatchUpTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private final BuyerRepository buyers = new BuyerRepository();

    @BeforeEach
    void open() {
        db = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("s").toAbsolutePath(), "sa",
                new Secret(""), 4));
        db.inTransaction(c -> {
            buyers.insert(c, buyer("b-1", "Anna", "Berg", "anna.berg@firm.example.com"));
            buyers.insert(c, buyer("b-2", "Hugo", "Rossi", "hugo.rossi@firm.example.com"));
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static BuyerRecord buyer(String id, String first, String last, String email) {
        return new BuyerRecord(id, email, null, first, last, "Firm", "+15550001234".replace("1234",
                Integer.toString(Math.abs(id.hashCode()) % 9000 + 1000)), null, "US", null, NOW, NOW, 0);
    }

    /** A near copy (family name misspelt, same phone, no e-mail) of a buyer. */
    private static BuyerRecord copyOf(BuyerRecord b) {
        return new BuyerRecord("probe", null, null, b.firstName(), b.lastName() + "e", b.company(), b.phone(), null,
                "US", null, NOW, NOW, 0);
    }

    private static Optional<String> candidate(Optional<MatchDecision> d) {
        return d.map(MatchDecision::candidateId);
    }

    @Test
    void anotherInstancesBuyers_reachTheIndex_atTheNextCatchUp() {
        FuzzyResolver here = new FuzzyResolver(MatchingConfigLoader.defaults());
        here.load(db);
        BuyerRecord theirs = buyer("b-3", "Carla", "Okafor", "carla.okafor@firm.example.com");
        db.inTransaction(c -> {
            buyers.insert(c, theirs);
            buyers.delete(c, "b-2");
            return null;
        });
        assertThat(candidate(here.best("probe", copyOf(theirs)))).as("not seen before the catch-up").isEmpty();

        int changes = here.catchUpWithStore(db);

        assertThat(changes).isGreaterThanOrEqualTo(2);
        assertThat(candidate(here.best("probe", copyOf(theirs)))).contains("b-3");
        assertThat(here.filed("b-2")).as("merged away by the other instance").isNull();
        assertThat(here.filed("b-1")).isNotNull();
        assertThat(here.size()).isEqualTo(2);
        assertThat(here.catchUpWithStore(db)).as("nothing new: only the overlap is re-read")
                .isLessThanOrEqualTo(changes);
        assertThat(here.size()).isEqualTo(2);
    }

    @Test
    void beforeTheIndexIsLoaded_aCatchUpDoesNothing() {
        FuzzyResolver notLoaded = new FuzzyResolver(MatchingConfigLoader.defaults());
        assertThat(notLoaded.catchUpWithStore(db)).isZero();
    }
}
