package io.isthmus.reliability;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.pipeline.MergeLineageTest;
import java.nio.file.Path;

/** The merge and unmerge cases on PostgreSQL: the V50 migration and the lineage SQL on the production store. */
class MergeLineageIT extends MergeLineageTest {

    @Override
    protected IsthmusSettings.Store store(Path dir) throws Exception {
        ItPostgres pg = ItPostgres.required();
        return new IsthmusSettings.Store(pg.freshDatabase("merges"), pg.user(), new Secret(pg.password()), 4);
    }
}
