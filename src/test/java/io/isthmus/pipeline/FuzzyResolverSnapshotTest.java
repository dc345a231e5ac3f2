package io.isthmus.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.buyer.BuyerRecord;
import io.isthmus.identity.MatchDecision;
import io.isthmus.identity.MatchingConfig;
import io.isthmus.identity.MatchingConfigLoader;
import io.isthmus.identity.PreparedRecord;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.Database;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity index read back from its snapshot plus the store's changes since is the index a full load builds:
 * same buyers, same match forms, same decisions; and a snapshot that does not fit the store or the model is never
 * used.
 */
class FuzzyResolverSnapshotTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private static final String[] FIRST = {"Anna", "Ben", "Carla", "Dev", "Emma", "Finn", "Gita", "Hugo", "Ida"};
    private static final String[] LAST = {"Smith", "Berg", "Okafor", "Nguyen", "Müller", "Jones", "Rossi", "Kowalski"};

    @TempDir
    Path dir;
    private Database db;
    private Path snap;
    private final BuyerRepository buyers = new BuyerRepository();
    private final MatchingConfig config = MatchingConfigLoader.defaults();

    @BeforeEach
    void fillStore() {
        db = open("s");
        snap = dir.resolve("s.identity-index.snap");
        db.inTransaction(c -> {
            for (int i = 0; i < 300; i++) {
                buyers.insert(c, buyer(i, 0));
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Database open(String name) {
        Database d = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve(name).toAbsolutePath(),
                "sa", new Secret(""), 4));
        return d;
    }

    private static BuyerRecord buyer(int i, long version) {
        return new BuyerRecord("b-" + i, "p" + i + "@firm" + i % 30 + ".example.com", null, FIRST[i % FIRST.length],
                LAST[i / 4 % LAST.length], "Firm " + i % 30, i % 3 == 0 ? "+1555000" + (1000 + i) : null, null,
                "US", null, NOW, NOW, version);
    }

    private FuzzyResolver resolver() {
        return new FuzzyResolver(config, snap);
    }

    /** New buyers, updated ones, two merged away, one of those merged away and then restored (unmerged). */
    private void changeStore() {
        db.inTransaction(c -> {
            for (int i = 300; i < 320; i++) {
                buyers.insert(c, buyer(i, 0));
            }
            for (int i = 0; i < 40; i += 4) {
                BuyerRecord b = buyer(i, 1);
                buyers.update(c, new BuyerRecord(b.id(), b.email(), null, "Zed" + i, "Quill", "Other Co", null, null,
                        "US", null, NOW, NOW, 1));
            }
            buyers.delete(c, "b-101");
            buyers.delete(c, "b-102");
            buyers.insert(c, buyer(102, 3));
            return null;
        });
    }

    @Test
    void snapshotPlusChanges_isTheIndexAFullLoadBuilds() {
        FuzzyResolver first = resolver();
        first.load(db);
        assertThat(first.loadedFrom()).isEqualTo("store");
        assertThat(snap).exists();
        changeStore();

        FuzzyResolver fromSnapshot = resolver().overlap(0);
        int n = fromSnapshot.load(db);
        FuzzyResolver full = new FuzzyResolver(config);
        full.load(db);

        assertThat(fromSnapshot.loadedFrom()).isEqualTo("snapshot");
        assertThat(n).isEqualTo(full.size()).isEqualTo(319);
        for (int i = 0; i < 320; i++) {
            PreparedRecord a = full.filed("b-" + i);
            PreparedRecord b = fromSnapshot.filed("b-" + i);
            assertThat(b == null ? null : b.toString()).as("b-" + i).isEqualTo(a == null ? null : a.toString());
        }
        assertThat(fromSnapshot.filed("b-101")).isNull();
        assertThat(fromSnapshot.filed("b-102")).isNotNull();
        assertThat(fromSnapshot.filed("b-4").toString()).contains("zed4");
        for (int i = 0; i < 330; i += 3) {
            BuyerRecord probe = probe(i);
            assertThat(describe(fromSnapshot.best("probe", probe))).as("probe %d", i)
                    .isEqualTo(describe(full.best("probe", probe)));
        }
        assertThat(fromSnapshot.highWater()).isEqualTo(store(c -> buyers.changeHighWater(c)));
    }

    /** A near copy of buyer i (typo in the family name, no email), or of someone new beyond the store. */
    private static BuyerRecord probe(int i) {
        BuyerRecord b = buyer(i, 0);
        return new BuyerRecord("probe", null, null, b.firstName(), b.lastName() + "e", b.company(), b.phone(), null,
                "US", null, NOW, NOW, 0);
    }

    private static String describe(Optional<MatchDecision> d) {
        return d.map(m -> m.candidateId() + " " + m.outcome() + " " + m.rule() + " "
                + String.format(java.util.Locale.ROOT, "%.9f", m.weight())).orElse("none");
    }

    private <T> T store(Database.TxWork<T> work) {
        return db.inTransaction(work);
    }

    @Test
    void shutdown_bringsTheSnapshotUpToTheStore_andTheNextStartAppliesNothingOld() {
        FuzzyResolver running = resolver();
        running.load(db);
        long loadedAt = running.highWater();
        // What a page does: the buyer is stored and filed.
        BuyerRecord added = buyer(500, 0);
        store(c -> {
            buyers.insert(c, added);
            return null;
        });
        running.file(added);
        // What the CRM read-back does: stored, not filed; the shutdown catch-up files it.
        BuyerRecord b7 = buyer(7, 1);
        store(c -> buyers.update(c, new BuyerRecord(b7.id(), b7.email(), null, "Renamed", b7.lastName(), b7.company(),
                null, null, "US", null, NOW, NOW, 1)));

        running.saveAtShutdown(db);

        long now = store(c -> buyers.changeHighWater(c));
        assertThat(now).isGreaterThan(loadedAt);
        FuzzyResolver next = resolver();
        next.load(db);
        assertThat(next.loadedFrom()).isEqualTo("snapshot");
        assertThat(next.highWater()).isEqualTo(now);
        assertThat(next.filed("b-500")).isNotNull();
        assertThat(next.filed("b-7").toString()).contains("renamed");
        assertThat(next.size()).isEqualTo(301);
    }

    @Test
    void snapshotOfAnotherStore_isNotUsed() throws Exception {
        resolver().load(db);
        Database other = open("t");
        try {
            other.inTransaction(c -> {
                for (int i = 0; i < 5; i++) {
                    buyers.insert(c, buyer(1000 + i, 0));
                }
                return null;
            });
            Path otherSnap = dir.resolve("t.identity-index.snap");
            Files.copy(snap, otherSnap);

            FuzzyResolver r = new FuzzyResolver(config, otherSnap);
            assertThat(r.load(other)).isEqualTo(5);
            assertThat(r.loadedFrom()).isEqualTo("store");
            assertThat(r.filed("b-0")).isNull();
        } finally {
            other.close();
        }
    }

    @Test
    void changedMatchingModel_isNotUsed() throws Exception {
        resolver().load(db);
        MatchingConfig changed = new MatchingConfig(config.thresholds(), config.maxPerKey() + 5, config.maxCandidates(), config.profiles(),
                config.survivorship(), config.companyNameMinSimilarity(), config.estimation());

        FuzzyResolver r = new FuzzyResolver(changed, snap);
        assertThat(r.load(db)).isEqualTo(300);
        assertThat(r.loadedFrom()).isEqualTo("store");
        // The full load wrote a snapshot for the new model, which the next start uses.
        FuzzyResolver again = new FuzzyResolver(changed, snap);
        again.load(db);
        assertThat(again.loadedFrom()).isEqualTo("snapshot");
    }

    @Test
    void damagedOrTruncatedSnapshot_isNotUsed() throws Exception {
        resolver().load(db);
        byte[] good = Files.readAllBytes(snap);
        try (RandomAccessFile f = new RandomAccessFile(snap.toFile(), "rw")) {
            f.seek(good.length / 2);
            f.write(good[good.length / 2] ^ 0x01);
        }
        FuzzyResolver damaged = resolver();
        assertThat(damaged.load(db)).isEqualTo(300);
        assertThat(damaged.loadedFrom()).isEqualTo("store");

        Files.write(snap, java.util.Arrays.copyOf(good, good.length - 100));
        FuzzyResolver truncated = resolver();
        assertThat(truncated.load(db)).isEqualTo(300);
        assertThat(truncated.loadedFrom()).isEqualTo("store");
    }

    @Test
    void storeRestoredFromAnOlderBackup_isNotGivenTheNewerSnapshot() throws Exception {
        resolver().load(db);
        db.close();
        Path backup = dir.resolve("backup.mv.db");
        Files.copy(dir.resolve("s.mv.db"), backup);
        db = open("s");
        changeStore();
        FuzzyResolver running = resolver();
        running.load(db);
        running.saveAtShutdown(db);
        db.close();
        Files.copy(backup, dir.resolve("s.mv.db"), StandardCopyOption.REPLACE_EXISTING);
        db = open("s");

        FuzzyResolver r = resolver();
        assertThat(r.load(db)).isEqualTo(300);
        assertThat(r.loadedFrom()).isEqualTo("store");
        assertThat(r.filed("b-310")).isNull();
        assertThat(r.filed("b-101")).isNotNull();
    }

    @Test
    void buyersThatLeftWithoutATrace_makeTheCountsDisagree_andTheSnapshotIsNotUsed() {
        resolver().load(db);
        // A deletion that bypassed the repository (no tombstone): the snapshot cannot know, the counts tell.
        store(c -> {
            try (var ps = c.prepareStatement("DELETE FROM buyer WHERE id = 'b-5'")) {
                return ps.executeUpdate();
            }
        });
        FuzzyResolver r = resolver();
        assertThat(r.load(db)).isEqualTo(299);
        assertThat(r.loadedFrom()).isEqualTo("store");
        assertThat(r.filed("b-5")).isNull();
    }

    @Test
    void fittedModel_isKeptWhenFewBuyersChanged_andRefittedWhenMany() throws Exception {
        String yaml = Files.readString(Path.of("config/matching.yaml")).replace("min-records: 500", "min-records: 50");
        Path f = dir.resolve("matching.yaml");
        Files.writeString(f, yaml);
        MatchingConfig estimating = MatchingConfigLoader.load(f);
        FuzzyResolver first = new FuzzyResolver(estimating, snap);
        first.load(db);
        String fitted = FuzzyResolver.describe(first.matcher().profile());
        assertThat(fitted).isNotEqualTo(FuzzyResolver.describe(estimating.profile("contact")));

        FuzzyResolver kept = new FuzzyResolver(estimating, snap).overlap(0);
        kept.load(db);
        assertThat(kept.loadedFrom()).isEqualTo("snapshot");
        assertThat(FuzzyResolver.describe(kept.matcher().profile())).isEqualTo(fitted);

        changeStore();
        FuzzyResolver refitted = new FuzzyResolver(estimating, snap).overlap(0);
        refitted.load(db);
        assertThat(refitted.loadedFrom()).isEqualTo("snapshot");
        assertThat(FuzzyResolver.describe(refitted.matcher().profile())).isNotEqualTo(fitted);
    }

    @Test
    void withoutASnapshotFile_everyStartIsAFullLoad() {
        FuzzyResolver r = new FuzzyResolver(config, null);
        r.load(db);
        assertThat(r.loadedFrom()).isEqualTo("store");
        r.saveAtShutdown(db);
        assertThat(snap).doesNotExist();
        List<String> files = new ArrayList<>();
        dir.toFile().list((d, name) -> files.add(name) && false);
        assertThat(files).noneMatch(n -> n.endsWith(".snap"));
    }
}
