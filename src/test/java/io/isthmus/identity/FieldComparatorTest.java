package io.isthmus.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldComparatorTest {

    @ParameterizedTest(name = "{0}({1}, {2}) = {3}")
    @CsvSource(delimiter = '|', value = {
        "EXACT|smith|smith|1.0",
        "EXACT|smith|smyth|0.0",
        "JARO_WINKLER|martha|marhta|0.9611",
        "JARO_WINKLER|dixon|dicksonx|0.8133",
        "JARO_WINKLER|abc|xyz|0.0",
        "LEVENSHTEIN|1804974|1804947|0.7143",
        "LEVENSHTEIN|2119|2119|1.0",
        "LEVENSHTEIN|kitten|sitting|0.5714",
        "PHONETIC|smith|smyth|1.0",
        "PHONETIC|catherine|kathryn|1.0",
        "PHONETIC|smith|jones|0.0",
        "NICKNAME|robert|bob|1.0",
        "NICKNAME|bill|william|1.0",
        "NICKNAME|bob|william|0.0",
        "NICKNAME|zoe|zoe|1.0",
        "DATE|19560409|19560409|1.0",
        "DATE|19560409|19560904|0.9",
        "DATE|19560409|19650409|0.9",
        "DATE|19560409|19560408|0.8",
        "DATE|19560409|19570408|0.6",
        "DATE|19560409|20011231|0.0",
        "DATE_NEAR|19770913|19770913|1.0",
        "DATE_NEAR|19770913|19771017|0.9068",
        "DATE_NEAR|19761231|19770101|0.9973",
        "DATE_NEAR|19770913|19760815|0.0",
        "DATE_NEAR|19770913|19770231|0.0",
        "DATE_NEAR|19770913|1977091|0.0",
        "DAY_OF_YEAR|19830307|19730309|0.9891",
        "DAY_OF_YEAR|19901211|20001210|0.9945",
        "DAY_OF_YEAR|19811217|19820118|0.8251",
        "DAY_OF_YEAR|19831231|19840101|0.9945",
        "DAY_OF_YEAR|19830307|19830907|0.0055",
        "DAY_OF_YEAR|19830307|19700307|0.0",
        "DAY_OF_YEAR|19800229|19810301|0.9945",
        "DAY_OF_YEAR|19830307|19830231|0.0",
        "TOKEN_SET|wallaby place|place wallaby|1.0",
        "TOKEN_SET|wallaby place|wallaby street|0.3333",
        "EMAIL_LOCAL|john.smith@a.com|john.smith@b.org|1.0",
        "EMAIL_LOCAL|robert255@smith.net|roberta25@smith.net|0.9556",
        "EMAIL_LOCAL|@smith.net|@smith.net|0.0",
        "EMAIL_LOCAL|@smith.net|rb@smith.net|0.0",
    })
    void comparator_givesExpectedSimilarity(FieldComparator c, String a, String b, double expected) {
        assertThat(c.similarity(a, b)).isCloseTo(expected, within(0.001));
        assertThat(c.similarity(b, a)).as("symmetric").isCloseTo(expected, within(0.001));
    }
}
