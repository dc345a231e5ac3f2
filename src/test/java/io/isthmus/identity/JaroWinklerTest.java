package io.isthmus.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JaroWinklerTest {

    private static final JaroWinklerSimilarity REFERENCE = new JaroWinklerSimilarity();

    @ParameterizedTest(name = "jw({0}, {1}) equals commons-text")
    @CsvSource({
        "martha, marhta", "dwayne, duane", "dixon, dicksonx", "jellyfish, smellyfish", "abc, xyz", "a, a", "a, b",
        "crate, trace", "wallaby place, wallaby street", "pridhamstreet, pridham street", "ab, ba", "aaaa, aa",
        "robert255, roberta25", "schummplc, schumm", "kessler yost, kpssrer yot",
    })
    void jaroWinkler_knownPairs_equalCommonsText(String a, String b) {
        assertThat(JaroWinkler.similarity(a, b)).isCloseTo(REFERENCE.apply(a, b), within(1e-12));
    }

    @Test
    void jaroWinkler_randomShortAndLongStrings_equalCommonsText() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n = 0; n < 5_000; n++) {
            String a = word(r, 1 + r.nextInt(n % 10 == 0 ? 90 : 12));
            String b = r.nextBoolean() ? mutate(r, a) : word(r, 1 + r.nextInt(12));
            assertThat(JaroWinkler.similarity(a, b)).as("%s vs %s", a, b).isCloseTo(REFERENCE.apply(a, b), within(1e-12));
        }
    }

    private static String word(SplittableRandom r, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append((char) ('a' + r.nextInt(6)));
        }
        return sb.toString();
    }

    private static String mutate(SplittableRandom r, String s) {
        StringBuilder sb = new StringBuilder(s);
        int i = r.nextInt(sb.length());
        switch (r.nextInt(3)) {
            case 0 -> sb.setCharAt(i, (char) ('a' + r.nextInt(6)));
            case 1 -> sb.deleteCharAt(i);
            default -> sb.insert(i, 'f');
        }
        return sb.length() == 0 ? "a" : sb.toString();
    }
}
