package io.isthmus.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.BuyerModel;
import io.isthmus.app.config.SchemaKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published schema of lifecycle.yaml and the keys its parser accepts cannot drift apart. */
class LifecycleSchemaKeysTest {

    @Test
    void schema_hasExactlyTheParsersKeys_perSection() {
        Map<String, List<String>> schema = new SchemaKeys(BuyerModel.schema("lifecycle.yaml").document()).sections();

        assertThat(schema.keySet()).containsExactlyInAnyOrderElementsOf(LifecycleRulesParser.KEYS.keySet());
        LifecycleRulesParser.KEYS.forEach((section, keys) -> assertThat(schema.get(section)).as("section '%s'", section)
                .containsExactlyInAnyOrderElementsOf(keys));
    }
}
