package io.isthmus.attribution.funnel;

import io.isthmus.app.BuyerModel;
import io.isthmus.app.config.SchemaKeys;
import org.junit.jupiter.api.Test;

/** The published schema of costs.yaml and the keys its loader accepts cannot drift apart. */
class CostsSchemaKeysTest {

    @Test
    void costsSchema_hasExactlyTheLoadersKeys_perSection() {
        new SchemaKeys(BuyerModel.schema("costs.yaml").document()).assertSameKeysAs(CostTable.KEYS);
    }
}
