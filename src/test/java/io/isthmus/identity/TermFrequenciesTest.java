package io.isthmus.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact agreements weighed by how common the value is: common values count less, rare ones more. */
class TermFrequenciesTest {

    private static final double LOG2 = Math.log(2);

    /** One term-frequency field (surname: exact 6 bits, else) and one without (city: exact 4 bits). */
    private static final MatchProfile PROFILE = new MatchProfile("p", List.of(
            new FieldSpec("surname", Cleaner.NAME, List.of(
                    new Level("exact", FieldComparator.EXACT, 1, 0.64, 0.01),
                    new Level("else", null, 0, 0.36, 0.99)), true),
            new FieldSpec("city", Cleaner.TEXT, List.of(
                    new Level("exact", FieldComparator.EXACT, 1, 0.8, 0.05),
                    new Level("else", null, 0, 0.2, 0.95)), false)),
            List.of(new BlockingKey("surname", List.of(new BlockingKey.Part(0, BlockingKey.Transform.VALUE)))));

    private static PreparedRecord rec(String id, String surname, String city) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>();
        m.put("surname", surname);
        m.put("city", city);
        return PROFILE.prepare(id, m);
    }

    /** smith x6, jones x3, zed x1: N = 10, sum of squared counts = 46. */
    private static TermFrequencies counted(int minValues, double maxBits) {
        TermFrequencies tf = new TermFrequencies(PROFILE, minValues, maxBits);
        List<PreparedRecord> rs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rs.add(rec("s" + i, "smith", "leeds"));
        }
        for (int i = 0; i < 3; i++) {
            rs.add(rec("j" + i, "jones", "leeds"));
        }
        rs.add(rec("z", "zed", null));
        rs.forEach(tf::add);
        return tf;
    }

    @ParameterizedTest(name = "{0}: {1} bits")
    @CsvSource({
        "smith, -0.38332864",    // log2(46 / (10 * 6))
        "jones, 0.61667136",     // log2(46 / (10 * 3))
        "zed, 2.20163386",       // log2(46 / 10)
        "nobody, 2.20163386",    // not counted yet (a probe's own value): counts once
    })
    void adjustment_isLog2OfSumOfSquaresOverNTimesCount(String value, double bits) {
        assertThat(counted(1, 10).adjustment(0, value)).isCloseTo(bits, within(1e-6));
    }

    @Test
    void adjustment_isZeroForFieldsWithoutTermFrequencyAndForTooFewValues_andBounded() {
        assertThat(counted(1, 10).adjustment(1, "leeds")).isZero();
        assertThat(counted(11, 10).adjustment(0, "zed")).isZero();
        assertThat(counted(10, 10).adjustment(0, "zed")).isNotZero();
        assertThat(counted(1, 1).adjustment(0, "zed")).isEqualTo(1);
        assertThat(counted(1, 0.2).adjustment(0, "smith")).isEqualTo(-0.2);
        assertThat(counted(1, 10).maxAdjustment(0)).isCloseTo(Math.log(4.6) / LOG2, within(1e-9));
    }

    @Test
    void remove_uncountsARecord() {
        TermFrequencies tf = counted(1, 10);
        tf.remove(rec("s0", "smith", "leeds"));
        assertThat(tf.count(0, "smith")).isEqualTo(5);
        // N = 9, sum of squares = 25 + 9 + 1 = 35
        assertThat(tf.adjustment(0, "zed")).isCloseTo(Math.log(35 / 9.0) / LOG2, within(1e-9));
        tf.remove(rec("z", "zed", null));
        tf.remove(rec("z", "zed", null));
        assertThat(tf.count(0, "zed")).isZero();
        tf.clear();
        assertThat(tf.count(0, "smith")).isZero();
        assertThat(tf.adjustment(0, "smith")).isZero();
    }

    @Test
    void matcher_addsTheAdjustmentToExactAgreements_andShowsItInTheEvidence() {
        TermFrequencies tf = counted(1, 10);
        Matcher plain = new Matcher(PROFILE, new Thresholds(10, 4));
        Matcher weighed = new Matcher(PROFILE, new Thresholds(10, 4), tf);
        PreparedRecord a = rec("a", "zed", "leeds");
        PreparedRecord b = rec("b", "zed", "leeds");

        MatchDecision d = weighed.decide(a, b);
        double exact = Math.log(0.64 / 0.01) / LOG2;
        FieldEvidence surname = d.evidence().get(0);
        assertThat(surname.weight()).isCloseTo(exact + Math.log(4.6) / LOG2, within(1e-9));
        assertThat(surname.level()).isEqualTo("exact (value frequency +2.20 bits)");
        assertThat(d.evidence().get(1).level()).isEqualTo("exact");
        assertThat(d.weight()).isCloseTo(d.evidence().stream().mapToDouble(FieldEvidence::weight).sum(), within(1e-9));
        assertThat(d.weight()).isCloseTo(weighed.weight(a, b), within(1e-9));
        // 6 + 4 bits (city) = 10 without frequencies; the rare surname lifts it, the common one sinks it.
        assertThat(plain.decide(a, b).outcome()).isEqualTo(MatchOutcome.MERGE);
        assertThat(weighed.classify(a, b)).isEqualTo(MatchOutcome.MERGE);
        PreparedRecord s1 = rec("x", "smith", "leeds");
        PreparedRecord s2 = rec("y", "smith", "leeds");
        assertThat(plain.classify(s1, s2)).isEqualTo(MatchOutcome.MERGE);
        assertThat(weighed.classify(s1, s2)).isEqualTo(MatchOutcome.POSSIBLE);
        assertThat(weighed.decide(s1, s2).outcome()).isEqualTo(MatchOutcome.POSSIBLE);
        // A non-exact level is never adjusted.
        assertThat(weighed.decide(rec("c", "zed", "york"), rec("d", "zex", "york")).evidence().get(0).level())
                .isEqualTo("else");
    }

    @Test
    void classify_countsTheRareValueBonusBeforeGivingUp() {
        // Surname alone: 6 bits, below the possible threshold of 7; with zed's +2.2 bits it is a possible match.
        TermFrequencies tf = counted(1, 10);
        Matcher weighed = new Matcher(PROFILE, new Thresholds(12, 7), tf);
        PreparedRecord a = rec("a", "zed", null);
        PreparedRecord b = rec("b", "zed", null);
        assertThat(weighed.classify(a, b)).isEqualTo(MatchOutcome.POSSIBLE);
        assertThat(weighed.decide(a, b).outcome()).isEqualTo(MatchOutcome.POSSIBLE);
        assertThat(new Matcher(PROFILE, new Thresholds(12, 7)).classify(a, b)).isEqualTo(MatchOutcome.DISTINCT);
    }

    @Test
    void loader_readsTermFrequencyFlagsAndTheEstimationSection() {
        MatchingConfig c = MatchingConfigLoader.defaults();
        MatchProfile contact = c.profile("contact");
        assertThat(contact.fields().stream().filter(FieldSpec::termFrequency).map(FieldSpec::name))
                .containsExactlyInAnyOrder("first_name", "last_name", "city", "company");
        assertThat(c.estimation().enabled()).isTrue();
        assertThat(c.estimation().termFrequencyMaxBits()).isEqualTo(6);
        assertThat(Map.of("min", c.estimation().minRecords())).containsEntry("min", 500);
    }
}
