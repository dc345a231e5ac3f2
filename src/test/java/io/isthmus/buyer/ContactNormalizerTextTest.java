package io.isthmus.buyer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Plain values (printable ASCII, single spaces inside) skip normalization and the regular expressions: for every
 * value the fast path takes, the full fold gives the same text, and the fast path refuses whatever it would change.
 */
class ContactNormalizerTextTest {

    @Test
    void plainValues_areTheirOwnFold_andEveryOtherValueIsFoldedAsBefore() {
        assertThat(ContactNormalizer.plain("Ada Lovelace")).isTrue();
        assertThat(ContactNormalizer.plain(" Ada")).isFalse();
        assertThat(ContactNormalizer.plain("Ada ")).isFalse();
        assertThat(ContactNormalizer.plain("Ada  Lovelace")).isFalse();
        assertThat(ContactNormalizer.plain("Ada\tLovelace")).isFalse();
        assertThat(ContactNormalizer.plain("Zoë")).isFalse();
        assertThat(ContactNormalizer.plain("")).isFalse();
        assertThat(ContactNormalizer.text("  Zoe\u0000  \t Smith ")).isEqualTo("Zoe Smith");
        assertThat(ContactNormalizer.text("Zoe\u0308")).isEqualTo("Zoë");
        assertThat(ContactNormalizer.text(" \t ")).isNull();
        assertThat(ContactNormalizer.text("x".repeat(300))).hasSize(255);

        // Random values over an alphabet of the characters that matter: plain ones must fold to themselves.
        char[] alphabet = {'a', 'Z', '0', ' ', ' ', '.', '-', '\t', '\n', '\u0000', '\u007f', '\u00a0', 'é', '\u0301',
                '~', '\u2028', '\u001c'};
        Random random = new Random(7);
        int plain = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String raw = sb.toString();
            if (ContactNormalizer.plain(raw)) {
                plain++;
                assertThat(ContactNormalizer.folded(raw)).as("'%s'", raw).isEqualTo(raw);
            }
        }
        assertThat(plain).as("the corpus holds plain values").isGreaterThan(1000);
    }
}
