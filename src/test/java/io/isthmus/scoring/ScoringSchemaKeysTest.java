package io.isthmus.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.BuyerModel;
import io.isthmus.app.config.SchemaKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published schema of scoring.yaml and the keys its parser accepts cannot drift apart. */
class ScoringSchemaKeysTest {

    @Test
    void schema_hasExactlyTheParsersKeys_perSection() {
        Map<String, List<String>> schema = new SchemaKeys(BuyerModel.schema("scoring.yaml").document()).sections();

        assertThat(schema.keySet()).containsExactlyInAnyOrderElementsOf(ScoringRulesParser.KEYS.keySet());
        ScoringRulesParser.KEYS.forEach((section, keys) -> assertThat(schema.get(section)).as("section '%s'", section)
                .containsExactlyInAnyOrderElementsOf(keys));
    }
}
