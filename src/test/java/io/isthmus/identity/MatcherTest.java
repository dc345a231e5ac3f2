package io.isthmus.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.app.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatcherTest {

    private final MatchingConfig config = MatchingConfigLoader.defaults();
    private final MatchProfile contact = config.profile("contact");
    private final Matcher matcher = config.matcher("contact");

    private PreparedRecord contact(String id, String first, String last, String email, String dob) {
        Map<String, String> m = new HashMap<>();
        m.put("first_name", first);
        m.put("last_name", last);
        m.put("email", email);
        m.put("dob", dob);
        return contact.prepare(id, m);
    }

    @Test
    void match_nicknameAndEmailTypo_isMergeWithEvidencePerField() {
        PreparedRecord a = contact("a", "Robert", "Allen", "roberta25@smith.net", "1971-06-24");
        PreparedRecord b = contact("b", "Bob", "Allen", "robertа25@smith.net".replace('а', 'a'), "1971-06-24");
        MatchDecision d = matcher.decide(a, b);
        assertThat(d.outcome()).isEqualTo(MatchOutcome.MERGE);
        assertThat(d.evidence()).extracting(FieldEvidence::field, FieldEvidence::level)
                .contains(org.assertj.core.groups.Tuple.tuple("first_name", "nickname"),
                        org.assertj.core.groups.Tuple.tuple("city", "missing"));
        assertThat(d.weight()).isCloseTo(d.evidence().stream().mapToDouble(FieldEvidence::weight).sum(),
                org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void match_sameNameButDifferentEmail_isPossibleNotMerge_andDistinctWhenBirthDatesDecadesApart() {
        PreparedRecord a = contact("a", "Grace", "Kelly", "grace.kelly52@jones.com", "1997-04-26");
        PreparedRecord b = contact("b", "Grace", "Kelly", "gk@other.org", null);
        assertThat(matcher.decide(a, b).outcome()).isEqualTo(MatchOutcome.POSSIBLE);
        // Mother and daughter of one name: 36 years and half a year apart is no keying error.
        PreparedRecord c = contact("c", "Grace", "Kelly", "gk@other.org", "1961-11-02");
        assertThat(matcher.decide(a, c).outcome()).isEqualTo(MatchOutcome.DISTINCT);
    }

    @Test
    void match_firstAndLastNameSwapped_isMergeWithSwappedEvidence() {
        PreparedRecord a = contact("a", "Isla", "Hall", "islahall97@gutierrez-bennett.com", "1985-02-07");
        PreparedRecord b = contact("b", "Hall", "Isla", "islahall97@gutierrez-bennett.com", "1985-02-07");
        MatchDecision d = matcher.decide(a, b);
        assertThat(d.outcome()).isEqualTo(MatchOutcome.MERGE);
        assertThat(d.evidence()).extracting(FieldEvidence::level).contains("swapped exact");
        assertThat(d.weight()).isCloseTo(matcher.weight(a, b), org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void match_differentPeopleSameCity_isDistinct() {
        PreparedRecord a = contact("a", "Isla", "Hall", "islahall97@x.com", "1985-02-07");
        PreparedRecord b = contact("b", "Oliver", "Griffiths", "o.griffiths90@y.com", "1991-10-26");
        assertThat(matcher.decide(a, b).outcome()).isEqualTo(MatchOutcome.DISTINCT);
    }

    private static String emailLevel(MatchDecision d) {
        return d.evidence().stream().filter(e -> e.field().equals("email")).findFirst().orElseThrow().level();
    }

    @Test
    void email_sameGivenNameStartingBothAddresses_isComparedWithoutIt() {
        // Two Isaacs: "isaac.jones" and "isaac.james" are alike only through the given name, counted once already.
        PreparedRecord a = contact("a", "Isaac", "Jones", "isaac.jones@a.com", null);
        PreparedRecord b = contact("b", "Isaac", "James", "isaac.james@b.com", null);
        assertThat(emailLevel(matcher.decide(a, b))).isEqualTo("else");
        // The same pair compared as plain strings (no shared names taken out) reaches the local-part level.
        MatchProfile plain = new MatchProfile("contact", contact.fields().stream()
                .map(f -> new FieldSpec(f.name(), f.cleaner(), f.levels(), f.termFrequency())).toList(),
                contact.blockingKeys(), contact.swap());
        Matcher plainMatcher = new Matcher(plain, config.thresholds());
        assertThat(emailLevel(plainMatcher.decide(plain.prepare("a", Map.of("first_name", "Isaac", "last_name", "Jones",
                "email", "isaac.jones@a.com")), plain.prepare("b", Map.of("first_name", "Isaac", "last_name", "James",
                "email", "isaac.james@b.com"))))).startsWith("email-local");
    }

    @Test
    void email_givenNameWrittenOutAndAsInitial_isNotADisagreement() {
        PreparedRecord a = contact("a", "Oliver", "Bird", "oliver.b@smith.net", "2000-02-27");
        PreparedRecord b = contact("b", "Oliver", "Bird", "o.b@smith.net", "2000-01-27");
        MatchDecision d = matcher.decide(a, b);
        assertThat(emailLevel(d)).isEqualTo("jaro-winkler >= 0.85");
        assertThat(d.evidence().stream().filter(e -> e.field().equals("email")).findFirst().orElseThrow().weight())
                .isPositive();
        assertThat(d.outcome()).isEqualTo(MatchOutcome.MERGE);
    }

    @Test
    void email_onlyTheSharedNamesAtMailboxProviders_addsNothing() {
        PreparedRecord a = contact("a", "Eliza", "Taylor", "elizataylor@gmail.com", null);
        PreparedRecord b = contact("b", "Eliza", "Taylor", "eliza.taylor@yahoo.com", null);
        MatchDecision d = matcher.decide(a, b);
        assertThat(d.evidence()).filteredOn(e -> e.field().equals("email"))
                .extracting(FieldEvidence::level, FieldEvidence::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("names only", 0.0));
        assertThat(matcher.levelIndex(contact.fieldIndex("email"), a, b)).isEqualTo(-1);
        assertThat(matcher.weight(a, b)).isCloseTo(d.weight(), org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void levels_scrambledNameAndBirthYearOff_haveTheirOwnLevels() {
        PreparedRecord a = contact("a", "George", "Davies", null, "1977-12-07");
        PreparedRecord b = contact("b", "Gegrgoe", "Davies", null, "1986-11-29");
        assertThat(matcher.decide(a, b).evidence()).extracting(FieldEvidence::field, FieldEvidence::level)
                .contains(org.assertj.core.groups.Tuple.tuple("first_name", "jaro-winkler >= 0.7"),
                        org.assertj.core.groups.Tuple.tuple("dob", "day-of-year >= 0.8"));
        // Nineteen years and a season apart is no mistyped year: the birth dates disagree.
        PreparedRecord c = contact("c", "George", "Davies", null, "1958-03-21");
        assertThat(matcher.decide(a, c).evidence()).extracting(FieldEvidence::field, FieldEvidence::level)
                .contains(org.assertj.core.groups.Tuple.tuple("dob", "else"));
    }

    @Test
    void config_sharedNamesOfUnknownField_isRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("matching.yaml");
        Files.writeString(f, """
                profiles:
                  p:
                    fields:
                      email:
                        cleaner: email
                        without-shared-names: [first_name, email]
                        levels:
                          - {when: exact, m: 0.9, u: 0.1}
                          - {when: else, m: 0.1, u: 0.9}
                    blocking:
                      - [email]
                """);
        assertThatThrownBy(() -> MatchingConfigLoader.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'first_name' is not another field of the profile")
                .hasMessageContaining("'email' is not another field of the profile");
    }

    @Test
    void classify_withEarlyStop_agreesWithFullWeight_onRandomPairs() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        String[] first = {"robert", "bob", "rob", "isla", "hall", null};
        String[] last = {"allen", "alen", "hall", "isla", "smith", null};
        String[] email = {"roberta25@smith.net", "robert255@smith.net", "x@y.com", null};
        String[] dob = {"1971-06-24", "1971-05-24", "1985-02-07", null};
        for (int n = 0; n < 3_000; n++) {
            PreparedRecord a = contact("a", first[r.nextInt(6)], last[r.nextInt(6)], email[r.nextInt(4)], dob[r.nextInt(4)]);
            PreparedRecord b = contact("b", first[r.nextInt(6)], last[r.nextInt(6)], email[r.nextInt(4)], dob[r.nextInt(4)]);
            assertThat(matcher.classify(a, b)).as("%s vs %s", a, b)
                    .isEqualTo(config.thresholds().outcome(matcher.weight(a, b)))
                    .isEqualTo(matcher.decide(a, b).outcome());
        }
    }

    @Test
    void blockingIndex_findsCandidatesByKey_andNeverMoreThanTheCapPerKey() {
        BlockingIndex index = new BlockingIndex(contact, 3);
        for (int i = 0; i < 10; i++) {
            index.add(contact("s" + i, "John", "Smith", null, null));
        }
        index.add(contact("other", "Mary", "Jones", null, null));
        List<PreparedRecord> c = index.candidates(contact("probe", "Jon", "Smith", null, null));
        assertThat(c).hasSize(3).extracting(PreparedRecord::id).containsExactly("s7", "s8", "s9");
        index.remove("s9");
        assertThat(index.candidates(contact("probe", "Jon", "Smith", null, null))).extracting(PreparedRecord::id)
                .containsExactly("s7", "s8");
    }

    @Test
    void blockingIndex_unorderedNameKey_findsRecordWithNamesExchanged() {
        BlockingIndex index = config.newIndex("contact");
        index.add(contact("stored", "Hall", "Isla", null, null));
        assertThat(index.candidates(contact("probe", "Isla", "Hall", null, null))).extracting(PreparedRecord::id)
                .containsExactly("stored");
    }

    @Test
    void blockingIndex_broadKeyWithOwnCap_keepsOnlyItsMostRecentRecords() {
        // The contact profile caps the birth-date-only key at 2: of 8 records that share only a birth date,
        // a probe with only that date meets the 2 most recent.
        BlockingIndex index = config.newIndex("contact");
        for (int i = 0; i < 8; i++) {
            index.add(contact("d" + i, null, null, null, "1990-01-01"));
        }
        assertThat(index.candidates(contact("probe", null, null, null, "1990-01-01"))).extracting(PreparedRecord::id)
                .containsExactly("d6", "d7");
    }

    @Test
    void blockingIndex_recordRefiledOften_doesNotCrowdOutOthersSharingAKey() {
        BlockingIndex index = config.newIndex("contact");
        index.add(contact("b", null, null, null, "1990-01-01"));
        for (int i = 0; i < 20; i++) {
            index.add(contact("a", null, null, null, "1990-01-01"));
        }
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.candidates(contact("probe", null, null, null, "1990-01-01"))).extracting(PreparedRecord::id)
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void blockingIndex_thousandsOfReplacements_compactAndStillFindEveryRecord() {
        BlockingIndex index = config.newIndex("contact");
        for (int i = 0; i < 5_000; i++) {
            index.add(contact("id" + (i % 10), "Name" + (i % 10), "Family", "n" + (i % 10) + "@x.com", null));
        }
        assertThat(index.size()).isEqualTo(10);
        for (int k = 0; k < 10; k++) {
            assertThat(index.candidates(contact("probe", null, null, "n" + k + "@x.com", null)))
                    .extracting(PreparedRecord::id).containsExactly("id" + k);
        }
    }

    @Test
    void matcher_returnsOnlyNonDistinctDecisions_bestFirst() {
        BlockingIndex index = config.newIndex("contact");
        index.add(contact("same", "Robert", "Allen", "roberta25@smith.net", "1971-06-24"));
        index.add(contact("namesake", "Robert", "Allen", null, "1990-01-01"));
        index.add(contact("stranger", "Rob", "Allbright", "x@y.com", "1950-03-03"));
        List<MatchDecision> d = matcher.match(contact("p", "Rob", "Allen", "roberta25@smith.net", "1971-06-24"), index);
        assertThat(d).extracting(MatchDecision::candidateId).startsWith("same").doesNotContain("stranger");
        assertThat(d.get(0).outcome()).isEqualTo(MatchOutcome.MERGE);
    }

    @Test
    void config_withUnknownComparatorAndBadSums_isRefusedWithLineNumbers(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("matching.yaml");
        Files.writeString(f, """
                thresholds: {merge: 8, possible: 4}
                profiles:
                  p:
                    fields:
                      name:
                        cleaner: name
                        levels:
                          - {when: sounds-like, m: 0.9, u: 0.1}
                          - {when: else, m: 0.5, u: 0.5}
                    blocking:
                      - [name:soundex]
                """);
        assertThatThrownBy(() -> MatchingConfigLoader.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("matching.yaml:8:")
                .hasMessageContaining("'sounds-like' is not a level")
                .hasMessageContaining("m sums to 1.4000")
                .hasMessageContaining("unknown transform 'soundex'");
    }

    @Test
    void defaults_shippedConfigAndRepositoryConfig_areTheSameModel() throws Exception {
        Path repo = Path.of("config/matching.yaml");
        String shipped = new String(MatchingConfigLoader.class
                .getResourceAsStream(MatchingConfigLoader.DEFAULT_RESOURCE).readAllBytes());
        // The first lines name the schema for editors, each by its own relative path.
        assertThat(withoutSchemaLine(Files.readString(repo))).isEqualTo(withoutSchemaLine(shipped));
    }

    private static String withoutSchemaLine(String yaml) {
        return yaml.startsWith("# yaml-language-server:") ? yaml.substring(yaml.indexOf('\n') + 1) : yaml;
    }
}
