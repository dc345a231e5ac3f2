package io.isthmus.identity;

import io.isthmus.app.BuyerModel;
import io.isthmus.app.config.SchemaKeys;
import org.junit.jupiter.api.Test;

/** The published schema of matching.yaml and the keys its loader accepts cannot drift apart. */
class MatchingSchemaKeysTest {

    @Test
    void matchingSchema_hasExactlyTheLoadersKeys_perSection() {
        new SchemaKeys(BuyerModel.schema("matching.yaml").document()).assertSameKeysAs(MatchingConfigLoader.KEYS);
    }
}
