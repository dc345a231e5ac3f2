package io.isthmus.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.isthmus.buyer.normalize.CompanyNormalizer;
import java.util.SplittableRandom;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompanyNameIndexTest {

    private static final LevenshteinDistance REFERENCE = LevenshteinDistance.getDefaultInstance();

    private static CompanyNameIndex index() {
        CompanyNameIndex i = new CompanyNameIndex(new CompanyNormalizer(), 10);
        i.add("1", "Schumm PLC");
        i.add("2", "Feeney, Aufderhar and Kirlin");
        i.add("3", "Towne, Johnston and Murray");
        i.add("4", "Quitzon Group");
        i.add("5", "Acme Ltd");
        i.add("6", "Acme LLC");
        return i;
    }

    @ParameterizedTest(name = "edit distance ''{0}'', ''{1}'' equals commons-text")
    @CsvSource({
        "kitten, sitting", "'', abc", "abc, ''", "'', ''", "flaw, lawn", "schummplc, schumm", "ab, ba",
        "feeneyaufderharandkirlin, feeneyaufderharandkirlinltd", "aaaa, aa", "abcdef, azced",
    })
    void editDistance_knownPairs_equalCommonsText(String a, String b) {
        long[] masks = BitParallel.masks();
        assertThat(BitParallel.editDistance(a, b, masks)).isEqualTo(REFERENCE.apply(a, b));
        assertThat(BitParallel.editDistance(b, a, masks)).isEqualTo(REFERENCE.apply(a, b));
        assertThat(masks).containsOnly(0L);
    }

    @Test
    void editDistance_randomShortAndLongStrings_equalCommonsText() {
        SplittableRandom r = new SplittableRandom(5);
        long[] masks = BitParallel.masks();
        for (int n = 0; n < 20_000; n++) {
            String a = word(r, r.nextInt(n % 10 == 0 ? 100 : 20));
            String b = r.nextBoolean() ? word(r, r.nextInt(n % 7 == 0 ? 100 : 20)) : typo(r, a);
            if (n % 13 == 0) {
                a = a + 'é';
            }
            int expected = REFERENCE.apply(a, b);
            assertThat(BitParallel.editDistance(a, b, masks)).as("%s / %s", a, b).isEqualTo(expected);
            String longer = a.length() >= b.length() ? a : b;
            assertThat(BitParallel.editDistanceRows(longer, longer == a ? b : a)).isEqualTo(expected);
        }
        assertThat(masks).containsOnly(0L);
    }

    // Bit-parallel Jaro-Winkler: the same double as JaroWinkler (itself held to commons-text), including the
    // strings it hands back to JaroWinkler (over 64 characters, or a character beyond ASCII in the longer one).
    @ParameterizedTest(name = "jw ''{0}'', ''{1}'' equals JaroWinkler")
    @CsvSource({
        "martha, marhta", "dwayne, duane", "dixon, dicksonx", "jellyfish, smellyfish", "abc, xyz", "a, a", "a, b",
        "crate, trace", "ab, ba", "aaaa, aa", "'', abc", "'', ''", "schummplc, schumm", "müller, muller",
        "muller, müllerr", "feeney aufderhar and kirlin, aufderhar feeney kirlin",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl, abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkm",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm, abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl",
    })
    void jaroWinkler_knownPairs_equalJaroWinkler(String a, String b) {
        long[] masks = BitParallel.masks();
        assertThat(BitParallel.jaroWinkler(a, b, masks)).isEqualTo(JaroWinkler.similarity(a, b));
        assertThat(BitParallel.jaroWinkler(b, a, masks)).isEqualTo(JaroWinkler.similarity(b, a));
        assertThat(masks).containsOnly(0L);
    }

    @Test
    void jaroWinkler_randomStrings_equalJaroWinklerToTheBit() {
        SplittableRandom r = new SplittableRandom(9);
        long[] masks = BitParallel.masks();
        for (int n = 0; n < 20_000; n++) {
            String a = word(r, r.nextInt(n % 10 == 0 ? 80 : 20));
            String b = r.nextBoolean() ? word(r, r.nextInt(n % 7 == 0 ? 80 : 20)) : typo(r, a);
            if (n % 13 == 0) {
                b = b + 'é';
            }
            assertThat(BitParallel.jaroWinkler(a, b, masks)).as("%s / %s", a, b)
                    .isEqualTo(JaroWinkler.similarity(a, b));
        }
        assertThat(masks).containsOnly(0L);
    }

    // Values as the index gave them before its comparison forms were kept and its distances computed in place.
    @ParameterizedTest(name = "similarity ''{0}'' ~ ''{1}'' = {2}")
    @CsvSource(delimiter = '|', value = {
        "Schumm PLC|SchummPLC|1.0",
        "Quitzon Group|Group Quitzon|1.0",
        "Acme Ltd|ACME, Inc.|1.0",
        "Towne, Johnston and Murray|Tjwne, Johnston and Murray|0.984",
        "Kessler Yost|Kpssrer Yot Ltd|0.8204545454545455",
        "Acme|Zenith|0.47222222222222215",
    })
    void similarity_bestOfTheViews(String a, String b, double expected) {
        assertThat(index().similarity(a, b)).isCloseTo(expected, within(1e-12));
        assertThat(index().similarity(b, a)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void best_typoAndGluedLegalForm_findTheirOriginal_tieGoesToCloserFullName() {
        CompanyNameIndex i = index();
        assertThat(i.best("SchummPLC")).get().extracting(CompanyNameIndex.Hit::id).isEqualTo("1");
        assertThat(i.best("Tjwne, Johnston and Murray")).get().extracting(CompanyNameIndex.Hit::id).isEqualTo("3");
        assertThat(i.best("Acme LLC")).get().extracting(CompanyNameIndex.Hit::id).isEqualTo("6");
        assertThat(i.best("Acme Ltd")).get().extracting(CompanyNameIndex.Hit::id).isEqualTo("5");
        assertThat(i.best(" -- ")).isEmpty();
        assertThat(i.best("Zyxwvut")).isEmpty();
    }

    @Test
    void lookup_isCandidateIdsAndBest_inOneCall() {
        CompanyNameIndex i = index();
        for (String q : new String[] {"SchummPLC", "Feeney, Aufderhar an-d Kirlin", "Acme Ltd", "Group Quitzon", "",
                "Nothing Alike"}) {
            CompanyNameIndex.Lookup l = i.lookup(q);
            assertThat(l.candidateIds()).as(q).isEqualTo(i.candidateIds(q)).doesNotHaveDuplicates();
            assertThat(l.best()).as(q).isEqualTo(i.best(q));
        }
        assertThat(i.lookup("Acme Ltd").candidateIds()).containsExactly("5", "6");
    }

    @Test
    void add_sameNameTwice_isOneCandidate() {
        CompanyNameIndex i = new CompanyNameIndex(new CompanyNormalizer(), 10);
        i.add("1", "Acme Ltd");
        i.add("1", "Acme Ltd");
        assertThat(i.candidateIds("Acme")).containsExactly("1");
    }

    private static String word(SplittableRandom r, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append((char) ('a' + r.nextInt(6)));
        }
        return sb.toString();
    }

    private static String typo(SplittableRandom r, String s) {
        if (s.isEmpty()) {
            return "x";
        }
        int at = r.nextInt(s.length());
        return switch (r.nextInt(3)) {
            case 0 -> s.substring(0, at) + s.substring(at + 1);
            case 1 -> s.substring(0, at) + 'z' + s.substring(at);
            default -> s.substring(0, at) + 'z' + s.substring(at + 1);
        };
    }
}
