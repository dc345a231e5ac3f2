package io.isthmus.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.buyer.BuyerRecord;
import io.isthmus.identity.MatchDecision;
import io.isthmus.identity.MatchingConfig;
import io.isthmus.identity.MatchingConfigLoader;
import io.isthmus.pipeline.FuzzyResolver;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity index snapshot on PostgreSQL: V61's change numbers and tombstones (nextval defaults, {@code SET
 * change_seq = DEFAULT}), the store identity, and a start from the snapshot plus the changes since deciding as a
 * full load does.
 */
class IdentitySnapshotIT {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private static final String[] FIRST = {"Anna", "Ben", "Carla", "Dev", "Emma", "Finn", "Gita"};
    private static final String[] LAST = {"Smith", "Berg", "Okafor", "Nguyen", "Jones", "Rossi"};

    @TempDir
    Path dir;
    private final BuyerRepository buyers = new BuyerRepository();
    private final MatchingConfig config = MatchingConfigLoader.defaults();

    private static BuyerRecord buyer(int i, String first, long version) {
        return new BuyerRecord("b-" + i, "p" + i + "@firm" + i % 20 + ".example.com", null, first,
                LAST[i / 3 % LAST.length], "Firm " + i % 20, null, null, "US", null, NOW, NOW, version);
    }

    @Test
    void snapshotPlusChanges_onPostgresql_decidesAsAFullLoad() throws Exception {
        ItPostgres pg = ItPostgres.required();
        Database db = Database.open(new IsthmusSettings.Store(pg.freshDatabase("snap"), pg.user(),
                new Secret(pg.password()), 4));
        try {
            long before = db.inTransaction(c -> {
                for (int i = 0; i < 200; i++) {
                    buyers.insert(c, buyer(i, FIRST[i % FIRST.length], 0));
                }
                return buyers.changeHighWater(c);
            });
            assertThat(before).isPositive();
            Path snap = dir.resolve("pg.identity-index.snap");
            FuzzyResolver first = new FuzzyResolver(config, snap);
            first.load(db);
            assertThat(first.loadedFrom()).isEqualTo("store");

            long after = db.inTransaction(c -> {
                for (int i = 200; i < 210; i++) {
                    buyers.insert(c, buyer(i, "Zoe", 0));
                }
                assertThat(buyers.update(c, buyer(3, "Renamed", 1))).isTrue();
                assertThat(buyers.delete(c, "b-7")).isTrue();
                assertThat(buyers.delete(c, "b-8")).isTrue();
                buyers.insert(c, buyer(8, "Back", 2));
                assertThat(buyers.removedSince(c, before)).containsExactlyInAnyOrder("b-7", "b-8");
                return buyers.changeHighWater(c);
            });
            assertThat(after).isGreaterThan(before);

            FuzzyResolver fromSnapshot = new FuzzyResolver(config, snap);
            int n = fromSnapshot.load(db);
            FuzzyResolver full = new FuzzyResolver(config);
            assertThat(full.load(db)).isEqualTo(n).isEqualTo(209);
            assertThat(fromSnapshot.loadedFrom()).isEqualTo("snapshot");
            for (int i = 0; i < 215; i += 2) {
                BuyerRecord probe = new BuyerRecord("probe", null, null, i % 5 == 0 ? "Renamed" : FIRST[i % 7],
                        LAST[i / 3 % LAST.length] + "e", "Firm " + i % 20, null, null, "US", null, NOW, NOW, 0);
                assertThat(describe(fromSnapshot.best("probe", probe))).isEqualTo(describe(full.best("probe", probe)));
            }
            String storeId = db.inTransaction(buyers::storeId);
            assertThat(storeId).hasSizeGreaterThan(16);
        } finally {
            db.close();
        }
    }

    private static String describe(Optional<MatchDecision> d) {
        return d.map(m -> m.candidateId() + " " + m.outcome() + " " + m.weight()).orElse("none");
    }
}
