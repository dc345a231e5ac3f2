package io.isthmus.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where the identity index snapshot goes for each kind of store and setting. */
class IdentitySnapshotSettingTest {

    /** No source and no CRM: nothing else is required. */
    private static final java.util.Map<String, String> QUIET = java.util.Map.of("isthmus.hubspot.enabled", "false",
            "isthmus.salesforce.enabled", "false");

    private static IsthmusSettings.Store store(String url, String snapshot) {
        return new IsthmusSettings.Store(url, "sa", new Secret(""), 4, snapshot);
    }

    @Test
    void auto_onAnH2FileStore_isBesideTheStoreFile_withoutTheUrlOptions() {
        assertThat(store("jdbc:h2:file:./data/isthmus;AUTO_SERVER=TRUE", "auto").identitySnapshotFile())
                .isEqualTo(Path.of("./data/isthmus.identity-index.snap"));
        assertThat(new IsthmusSettings.Store("jdbc:h2:file:/var/lib/isthmus/store", "sa", new Secret(""), 4)
                .identitySnapshotFile()).isEqualTo(Path.of("/var/lib/isthmus/store.identity-index.snap"));
    }

    @Test
    void auto_onPostgresqlOrInMemory_isNone_butAPathIsUsedAsGiven() {
        assertThat(store("jdbc:postgresql://db/isthmus", "auto").identitySnapshotFile()).isNull();
        assertThat(store("jdbc:h2:mem:x", "auto").identitySnapshotFile()).isNull();
        assertThat(store("jdbc:postgresql://db/isthmus", "/var/cache/isthmus/index.snap").identitySnapshotFile())
                .isEqualTo(Path.of("/var/cache/isthmus/index.snap"));
    }

    @Test
    void off_isNone() {
        assertThat(store("jdbc:h2:file:./data/isthmus", "off").identitySnapshotFile()).isNull();
        assertThat(store("jdbc:h2:file:./data/isthmus", "OFF").identitySnapshotFile()).isNull();
    }

    @Test
    void theSettingIsRead() {
        SettingsLoader loader = new SettingsLoader(java.util.Map.of());
        java.util.Map<String, String> off = new java.util.HashMap<>(QUIET);
        off.put("isthmus.store.identitySnapshot", "off");
        assertThat(loader.load(null, off).store().identitySnapshotFile()).isNull();
        assertThat(loader.load(null, QUIET).store().identitySnapshot()).isEqualTo("auto");
    }
}
