package io.isthmus.buyer.normalize;

import io.isthmus.app.BuyerModel;
import io.isthmus.app.config.SchemaKeys;
import org.junit.jupiter.api.Test;

/** The published schema of titles.yaml and the keys its loader accepts cannot drift apart. */
class TitlesSchemaKeysTest {

    @Test
    void titlesSchema_hasExactlyTheLoadersKeys_perSection() {
        new SchemaKeys(BuyerModel.schema("titles.yaml").document()).assertSameKeysAs(TitleClassifier.KEYS);
    }
}
