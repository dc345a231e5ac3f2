package io.isthmus.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexSnapshotTest {

    private static final String[] FIRST = {"Anna", "Ben", "Carla", "Dev", "Emma", "Finn", "Gita", "Hugo", "Ida"};
    private static final String[] LAST = {"Smith", "Berg", "Okafor", "Nguyen", "Müller", "Jones", "Rossi"};

    @TempDir
    Path dir;
    private final MatchingConfig config = MatchingConfigLoader.defaults();
    private final MatchProfile contact = config.profile("contact");
    private final String fingerprint = IndexSnapshot.fingerprint(config, "contact");

    private PreparedRecord person(String id, int i) {
        Map<String, String> f = new HashMap<>();
        f.put("first_name", FIRST[i % FIRST.length]);
        f.put("last_name", LAST[i / 3 % LAST.length]);
        f.put("email", "p" + i + "@firm" + i % 40 + ".example.com");
        f.put("company", "Firm " + i % 40);
        if (i % 3 == 0) {
            f.put("phone", "+1555000" + (1000 + i));
        }
        return contact.prepare(id, f);
    }

    /** 3,000 records, some replaced and some removed (cleared ordinals), postings with lists and capped keys. */
    private BlockingIndex filled() {
        BlockingIndex index = config.newIndex("contact");
        for (int i = 0; i < 3000; i++) {
            index.add(person("b-" + i, i));
        }
        for (int i = 0; i < 3000; i += 7) {
            index.remove("b-" + i);
        }
        for (int i = 1; i < 3000; i += 11) {
            index.add(person("b-" + i, i + 5));
        }
        return index;
    }

    private IndexSnapshot.Header header(long highWater) {
        return new IndexSnapshot.Header(fingerprint, "store-1", highWater, null);
    }

    @Test
    void roundTrip_givesTheSameRecordsAndCandidates() throws Exception {
        BlockingIndex index = filled();
        Path file = dir.resolve("i.snap");
        IndexSnapshot.write(file, index, header(42));

        BlockingIndex back = config.newIndex("contact");
        IndexSnapshot.Header h = IndexSnapshot.read(file, back, fingerprint, "store-1");

        assertThat(h.highWater()).isEqualTo(42);
        assertThat(h.fitted()).isNull();
        assertThat(back.size()).isEqualTo(index.size());
        for (int i = 0; i < 3000; i++) {
            PreparedRecord a = index.get("b-" + i);
            PreparedRecord b = back.get("b-" + i);
            assertThat(b == null).isEqualTo(a == null);
            if (a != null) {
                assertThat(b.toString()).isEqualTo(a.toString());
            }
        }
        for (int i = 0; i < 3000; i += 13) {
            PreparedRecord probe = person("probe-" + i, i + 1);
            assertThat(ids(back.candidates(probe))).isEqualTo(ids(index.candidates(probe)));
        }
        // The restored index keeps working: filing, replacing and removing.
        back.add(person("b-new", 17));
        back.remove("b-2");
        assertThat(back.get("b-new")).isNotNull();
        assertThat(back.get("b-2")).isNull();
        assertThat(ids(back.candidates(person("probe", 17)))).contains("b-new");
        assertThat(Files.exists(dir.resolve("i.snap.tmp"))).isFalse();
    }

    @Test
    void fittedModel_isKeptWithTheSnapshot() throws Exception {
        List<FieldSpec> fields = contact.fields().stream().map(f -> new FieldSpec(f.name(), f.cleaner(),
                f.levels().stream().map(l -> new Level(l.label(), l.comparator(), l.min(), l.m() * 0.9, l.u() * 1.1))
                        .toList(), f.termFrequency())).toList();
        MatchProfile fitted = new MatchProfile(contact.name(), fields, contact.blockingKeys(), contact.swap());
        Path file = dir.resolve("i.snap");
        IndexSnapshot.write(file, filled(), new IndexSnapshot.Header(fingerprint, "store-1", 7, fitted));

        IndexSnapshot.Header h = IndexSnapshot.read(file, config.newIndex("contact"), fingerprint, "store-1");

        assertThat(h.fitted()).isEqualTo(fitted);
    }

    @Test
    void anotherStore_isRefused_andTheIndexLeftAsItWas() throws Exception {
        Path file = dir.resolve("i.snap");
        IndexSnapshot.write(file, filled(), header(1));
        BlockingIndex target = config.newIndex("contact");
        target.add(person("kept", 1));

        assertThatThrownBy(() -> IndexSnapshot.read(file, target, fingerprint, "store-2"))
                .isInstanceOf(IndexSnapshot.Rejected.class).hasMessageContaining("another store");
        assertThat(target.size()).isEqualTo(1);
        assertThat(target.get("kept")).isNotNull();
    }

    @Test
    void anotherMatchingModel_isRefused() throws Exception {
        Path file = dir.resolve("i.snap");
        IndexSnapshot.write(file, filled(), header(1));
        MatchingConfig tighter = new MatchingConfig(config.thresholds(), config.maxPerKey() + 1, config.maxCandidates(), config.profiles(),
                config.survivorship(), config.companyNameMinSimilarity(), config.estimation());
        String other = IndexSnapshot.fingerprint(tighter, "contact");
        assertThat(other).isNotEqualTo(fingerprint);
        assertThat(IndexSnapshot.fingerprint(MatchingConfigLoader.defaults(), "contact")).isEqualTo(fingerprint);

        assertThatThrownBy(() -> IndexSnapshot.read(file, tighter.newIndex("contact"), other, "store-1"))
                .isInstanceOf(IndexSnapshot.Rejected.class).hasMessageContaining("another matching model");
    }

    @Test
    void fingerprint_followsBlockingKeysAndCleaners() {
        MatchProfile fewerKeys = new MatchProfile(contact.name(), contact.fields(),
                contact.blockingKeys().subList(1, contact.blockingKeys().size()), contact.swap());
        List<FieldSpec> fields = new java.util.ArrayList<>(contact.fields());
        FieldSpec first = fields.get(0);
        Cleaner otherCleaner = first.cleaner() == Cleaner.NONE ? Cleaner.TEXT : Cleaner.NONE;
        fields.set(0, new FieldSpec(first.name(), otherCleaner, first.levels(), first.termFrequency()));
        MatchProfile otherCleaning = new MatchProfile(contact.name(), fields, contact.blockingKeys(), contact.swap());

        assertThat(IndexSnapshot.fingerprint(with(fewerKeys), "contact")).isNotEqualTo(fingerprint);
        assertThat(IndexSnapshot.fingerprint(with(otherCleaning), "contact")).isNotEqualTo(fingerprint);
    }

    private MatchingConfig with(MatchProfile p) {
        Map<String, MatchProfile> profiles = new HashMap<>(config.profiles());
        profiles.put("contact", p);
        return new MatchingConfig(config.thresholds(), config.maxPerKey(), config.maxCandidates(), profiles,
                config.survivorship(),
                config.companyNameMinSimilarity(), config.estimation());
    }

    @Test
    void otherFormatVersion_isRefused() throws Exception {
        Path file = dir.resolve("i.snap");
        IndexSnapshot.write(file, filled(), header(1));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(8);
            f.writeInt(IndexSnapshot.FORMAT_VERSION + 1);
        }
        assertThatThrownBy(() -> IndexSnapshot.read(file, config.newIndex("contact"), fingerprint, "store-1"))
                .isInstanceOf(IndexSnapshot.Rejected.class).hasMessageContaining("format version");
    }

    @Test
    void aChangedByte_failsTheChecksum() throws Exception {
        Path file = dir.resolve("i.snap");
        IndexSnapshot.write(file, filled(), header(1));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 3;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
        BlockingIndex target = config.newIndex("contact");
        assertThatThrownBy(() -> IndexSnapshot.read(file, target, fingerprint, "store-1"))
                .isInstanceOf(IndexSnapshot.Rejected.class);
        assertThat(target.size()).isZero();
    }

    @Test
    void aTruncatedFile_isRefused() throws Exception {
        Path file = dir.resolve("i.snap");
        IndexSnapshot.write(file, filled(), header(1));
        long full = Files.size(file);
        for (long len : new long[] {full - 1, full - 9, full / 2, 20, 3, 0}) {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(len);
            }
            BlockingIndex target = config.newIndex("contact");
            assertThatThrownBy(() -> IndexSnapshot.read(file, target, fingerprint, "store-1"))
                    .as("cut to %d bytes", len).isInstanceOf(IndexSnapshot.Rejected.class);
            assertThat(target.size()).isZero();
        }
    }

    @Test
    void postingsThatDoNotFitTheRecords_areRefused() throws Exception {
        // Postings of one index with the records of another: what a hash or layout change without a new
        // LAYOUT_VERSION would look like. The records are found under none of their keys.
        BlockingIndex a = filled();
        BlockingIndex b = config.newIndex("contact");
        for (int i = 0; i < 3000; i++) {
            b.add(person("x-" + i, i * 7 + 3000));
        }
        BlockingIndex mixed = config.newIndex("contact");
        mixed.restore(a.packedRecords(), b.postingTable());
        Path file = dir.resolve("i.snap");
        IndexSnapshot.write(file, mixed, header(1));

        assertThatThrownBy(() -> IndexSnapshot.read(file, config.newIndex("contact"), fingerprint, "store-1"))
                .isInstanceOf(IndexSnapshot.Rejected.class).hasMessageContaining("under their own keys");
    }

    private static List<String> ids(List<PreparedRecord> rs) {
        return rs.stream().map(PreparedRecord::id).sorted().toList();
    }
}
