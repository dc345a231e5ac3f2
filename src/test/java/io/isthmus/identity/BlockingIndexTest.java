package io.isthmus.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockingIndexTest {

    private final MatchingConfig config = MatchingConfigLoader.defaults();
    private final MatchProfile contact = config.profile("contact");

    private PreparedRecord person(String id, String first, String last, String email) {
        Map<String, String> f = new HashMap<>();
        f.put("first_name", first);
        f.put("last_name", last);
        f.put("email", email);
        f.put("company", "Zoë Ölwerke GmbH");
        return contact.prepare(id, f);
    }

    @Test
    void packedRecord_unpacksToTheSameValuesAndCodes() {
        PreparedRecord r = person("b-1", "Zoë", "Smith", "zoe@example.com");
        PreparedRecord back = PackedRecords.unpack(PackedRecords.pack(r));
        assertThat(back.id()).isEqualTo("b-1");
        for (int i = 0; i < r.size(); i++) {
            assertThat(back.value(i)).isEqualTo(r.value(i));
            assertThat(back.phonetic(i)).isEqualTo(r.phonetic(i));
        }
    }

    @Test
    void fetch_returnsEachOrdinalsBytes_andNullForClearedOnes() {
        PackedRecords records = new PackedRecords();
        for (int i = 0; i < 3000; i++) {
            records.add(person("b-" + i, "Anna" + i, "Berg", "a" + i + "@example.com"));
        }
        records.clear(17);
        byte[][] got = records.fetch(new int[] {2999, 17, 0, 5}, 3);
        assertThat(got.length).isEqualTo(3);
        assertThat(PackedRecords.unpack(got[0]).id()).isEqualTo("b-2999");
        assertThat(got[1]).isNull();
        assertThat(PackedRecords.unpack(got[2]).value(contact.fieldIndex("email"))).isEqualTo("a0@example.com");
    }

    @Test
    void candidates_excludeTheProbeItself_andListEachRecordOnce() {
        BlockingIndex index = config.newIndex("contact");
        PreparedRecord a = person("a", "Anna", "Berg", "anna@example.com");
        index.add(a);
        index.add(person("b", "Anna", "Berg", "anna@example.com"));
        index.add(person("c", "Otto", "Lind", "otto@example.com"));
        // "b" shares email, email local part and the name key with "a": found once; "a" itself is left out.
        assertThat(index.candidates(a)).extracting(PreparedRecord::id).containsExactly("b");
        assertThat(index.candidates(person("new", "Anna", "Berg", "x@example.org")))
                .extracting(PreparedRecord::id).containsExactly("a", "b");
    }

    /**
     * One record holds the probe's e-mail (blocks of one); twelve others share its name, so the name-pair block keeps
     * the ten newest (n2..n11) and the two name-and-initial blocks the three newest (n9..n11).
     */
    private BlockingIndex commonNameStore(int maxCandidates) {
        BlockingIndex index = new BlockingIndex(contact, 10, maxCandidates);
        index.add(person("target", "Otto", "Lind", "anna.berg@example.com"));
        for (int i = 0; i < 12; i++) {
            index.add(person("n" + i, "Anna", "Berg", "n" + i + "@example.com"));
        }
        return index;
    }

    @Test
    void candidates_underTheBudget_areEveryRecordSharingAKeyValue() {
        BlockingIndex index = commonNameStore(100);
        assertThat(index.candidates(person("p", "Anna", "Berg", "anna.berg@example.com")))
                .extracting(PreparedRecord::id)
                .containsExactlyInAnyOrder("target", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9", "n10", "n11");
    }

    @Test
    void candidates_overTheBudget_takeSmallestBlocksFirst_andTheNewestOfTheBlockThatCrossesIt() {
        PreparedRecord probe = person("p", "Anna", "Berg", "anna.berg@example.com");
        // Budget 4: the e-mail blocks (1), then a name-and-initial block (3); the name-pair block (10) is skipped.
        assertThat(commonNameStore(4).candidates(probe)).extracting(PreparedRecord::id)
                .containsExactlyInAnyOrder("target", "n9", "n10", "n11");
        // Budget 6: the name-pair block crosses it and gives its newest records not already taken.
        assertThat(commonNameStore(6).candidates(probe)).extracting(PreparedRecord::id)
                .containsExactlyInAnyOrder("target", "n7", "n8", "n9", "n10", "n11");
    }

    @Test
    void candidates_overTheBudget_doNotSpendItOnTheProbeItself() {
        BlockingIndex index = commonNameStore(4);
        assertThat(index.candidates(index.get("n11"))).extracting(PreparedRecord::id)
                .containsExactlyInAnyOrder("n7", "n8", "n9", "n10");
    }

    @Test
    void maxCandidates_isReadFromTheBlockingSection_andDefaultsInCode(@TempDir Path dir) throws Exception {
        String yaml;
        try (var in = MatchingConfigLoader.class.getResourceAsStream("/isthmus/matching-default.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path without = dir.resolve("without.yaml");
        Files.writeString(without, yaml.replaceAll("(?m)^  max-candidates:.*\n", ""));
        assertThat(MatchingConfigLoader.load(without).maxCandidates()).isEqualTo(BlockingIndex.DEFAULT_MAX_CANDIDATES);
        Path with = dir.resolve("with.yaml");
        Files.writeString(with, yaml.replaceAll("(?m)^  max-candidates:.*\n", "")
                .replaceFirst("(?m)^blocking:\n", "blocking:\n  max-candidates: 4\n"));
        MatchingConfig four = MatchingConfigLoader.load(with);
        assertThat(four.maxCandidates()).isEqualTo(4);
        BlockingIndex index = four.newIndex("contact");
        for (int i = 0; i < 12; i++) {
            index.add(person("n" + i, "Anna", "Berg", "n" + i + "@example.com"));
        }
        assertThat(index.candidates(person("p", "Anna", "Berg", "p@example.com"))).hasSize(4);
    }

    @Test
    void removeAndRefile_keepEveryOtherRecordFindable_throughCompaction() {
        BlockingIndex index = config.newIndex("contact");
        int n = 5000;
        for (int i = 0; i < n; i++) {
            index.add(person("id-" + i, "Anna" + i, "Berg" + i, "anna" + i + "@example.com"));
        }
        // Remove every other record and re-file a third of the rest: ids move, removals shift table entries.
        for (int i = 0; i < n; i += 2) {
            index.remove("id-" + i);
        }
        for (int i = 1; i < n; i += 6) {
            index.add(person("id-" + i, "Anna" + i, "Berg" + i, "anna.b" + i + "@example.com"));
        }
        assertThat(index.size()).isEqualTo(n / 2);
        for (int i = 0; i < n; i++) {
            PreparedRecord r = index.get("id-" + i);
            if (i % 2 == 0) {
                assertThat(r).isNull();
            } else {
                assertThat(r).isNotNull();
                assertThat(r.value(contact.fieldIndex("email")))
                        .isEqualTo((i - 1) % 6 == 0 ? "anna.b" + i + "@example.com" : "anna" + i + "@example.com");
            }
        }
        // Removing most of the rest compacts the store; what is left is still found by its keys.
        for (int i = 1; i < n - 10; i += 2) {
            index.remove("id-" + i);
        }
        assertThat(index.size()).isEqualTo(5);
        List<PreparedRecord> found = index.candidates(person("probe", "X", "Y", "anna.b" + (n - 1) + "@example.com"));
        assertThat(found).extracting(PreparedRecord::id).contains("id-" + (n - 1));
        assertThat(index.get("id-" + (n - 3))).isNotNull();
    }
}
