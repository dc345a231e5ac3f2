package io.isthmus.attribution;

import io.isthmus.app.BuyerModel;
import io.isthmus.app.config.SchemaKeys;
import org.junit.jupiter.api.Test;

/** The published schemas of attribution.yaml and channels.yaml and the keys their loaders accept cannot drift apart. */
class AttributionSchemaKeysTest {

    @Test
    void attributionSchema_hasExactlyTheLoadersKeys_perSection() {
        new SchemaKeys(BuyerModel.schema("attribution.yaml").document()).assertSameKeysAs(AttributionConfig.KEYS);
    }

    @Test
    void channelsSchema_hasExactlyTheLoadersKeys_perSection() {
        new SchemaKeys(BuyerModel.schema("channels.yaml").document()).assertSameKeysAs(ChannelClassifier.KEYS);
    }
}
