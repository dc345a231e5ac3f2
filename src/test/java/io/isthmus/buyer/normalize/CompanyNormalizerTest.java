package io.isthmus.buyer.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tokens and match-key tokens of company names; the one-pass ASCII tokenizer against the general (folding) path. */
class CompanyNormalizerTest {

    private static final CompanyNormalizer NORMALIZER = new CompanyNormalizer();

    /** The general path every name once took: dots removed, '&' as 'and', folded, split on non letters/digits. */
    private static String[] reference(String name) {
        String t = Fold.tokens(name.replace(".", "").replace("&", " and "));
        return t.isEmpty() ? new String[0] : t.split(" ");
    }

    @ParameterizedTest(name = "tokens ''{0}'' → ''{1}''")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "'Feeney, Aufderhar an-d Kirlin'|feeney aufderhar an d kirlin",
        "S.A.R.L. Dupont|sarl dupont",
        "AT&T|at and t",
        "Johnson & Johnson|johnson and johnson",
        "'  ...  '|''",
        "''|''",
        "Müller & Söhne GmbH|muller and sohne gmbh",
        "ÆRØ Straße 9|aero strasse 9",
        "'Acme_Industrial (UK) / Ltd.'|acme industrial uk ltd",
        "3M Co.|3m co",
        "a.b.c|abc",
        "&&|and and",
        "Ｆｕｌｌ ＆ Ｗｉｄｅ|full wide",
    })
    void tokenize_foldsSplitsAndReadsAmpersand(String raw, String tokens) {
        String[] t = CompanyNormalizer.tokenize(raw);
        assertThat(String.join(" ", t)).isEqualTo(tokens);
        assertThat(t).containsExactly(reference(raw));
    }

    @Test
    void tokenize_randomAsciiAndAccentedNames_equalTheGeneralPath() {
        String alphabet = "abcXYZ09 .,&-'/()\t\"éüßØ_";
        SplittableRandom r = new SplittableRandom(11);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(25);
            for (int i = 0; i < len; i++) {
                // Mostly ASCII (the one-pass path), now and then an accented letter (the folding path).
                int limit = r.nextInt(10) == 0 ? alphabet.length() : alphabet.length() - 5;
                sb.append(alphabet.charAt(r.nextInt(limit)));
            }
            String name = sb.toString();
            assertThat(CompanyNormalizer.tokenize(name)).as(name).containsExactly(reference(name));
        }
    }

    @Test
    void tokenize_controlCharacters_separateTokens() {
        assertThat(CompanyNormalizer.tokenize("Acme\tIndustrial\nLtd.")).containsExactly("acme", "industrial", "ltd");
    }

    @Test
    void tokenize_null_isEmpty() {
        assertThat(CompanyNormalizer.tokenize(null)).isEmpty();
    }

    @ParameterizedTest(name = "key tokens ''{0}'' → ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "Acme GmbH & Co. KG|acme",
        "Widgets Pty Ltd|widgets",
        "PT Maju Jaya Tbk|maju jaya",
        "Ltd Ltd|ltd",
        "Plain Name|plain name",
        "Inc|inc",
        "Co Co Co|co",
        "Polska Sp. z o.o.|polska",
    })
    void matchKeyTokens_stripLegalForms_andAgreeWithMatchKey(String raw, String key) {
        String[] tokens = CompanyNormalizer.tokenize(raw);
        assertThat(String.join(" ", NORMALIZER.matchKeyTokens(tokens))).isEqualTo(key);
        assertThat(NORMALIZER.matchKey(raw)).isEqualTo(key);
        assertThat(String.join(" ", tokens)).as("the name's tokens are left as they were")
                .isEqualTo(String.join(" ", CompanyNormalizer.tokenize(raw)));
    }

    @Test
    void matchKeyTokens_formsOfOneTokenAndSeveral_longestFirst() {
        CompanyNormalizer n = new CompanyNormalizer(List.of("# test list", "co", "kg", "gmbh and co kg", "and co",
                "leading: pt", "leading: ooo"));
        assertThat(n.matchKey("Acme GmbH & Co KG")).isEqualTo("acme");
        assertThat(n.matchKey("Acme GmbH KG")).isEqualTo("acme gmbh");
        assertThat(n.matchKey("Smith & Co")).isEqualTo("smith");
        assertThat(n.matchKey("PT OOO Maju")).isEqualTo("ooo maju");
        assertThat(n.matchKey("KG")).isEqualTo("kg");
        assertThat(n.matchKey(" . ")).isNull();
        assertThat(n.matchKeyTokens(new String[0])).isEmpty();
    }
}
