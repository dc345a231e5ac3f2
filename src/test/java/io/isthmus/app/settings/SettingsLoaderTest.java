package io.isthmus.app.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.app.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("application.properties");
        Files.writeString(f, text);
        return f;
    }

    private static final Map<String, String> CREDENTIALS = Map.of("HUBSPOT_TOKEN", "pat-xyz",
            "SF_ID", "id", "SF_SECRET", "s3cr3t", "SF_PASSWORD", "pw");

    private static final String VALID = """
            isthmus.hubspot.token=${env:HUBSPOT_TOKEN}
            isthmus.salesforce.clientId=${env:SF_ID}
            isthmus.salesforce.clientSecret=${env:SF_SECRET}
            isthmus.salesforce.username=ops@example.com
            isthmus.salesforce.password=${env:SF_PASSWORD}
            """;

    @Test
    void validFile_withSecretsFromEnvironment_parsesTypedValuesAndDefaults() throws Exception {
        IsthmusSettings s = new SettingsLoader(CREDENTIALS).load(file(VALID + "isthmus.hubspot.overlap=90s\n"),
                Map.of());

        assertThat(s.hubspot().token().reveal()).isEqualTo("pat-xyz");
        assertThat(s.hubspot().overlap()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.hubspot().pageSize()).isEqualTo(100);
        assertThat(s.salesforce().password().reveal()).isEqualTo("pw");
        assertThat(s.toString()).doesNotContain("s3cr3t").doesNotContain("pat-xyz").contains("****");
    }

    @Test
    void malformedValues_areAllReportedWithFileLineAndKey() throws Exception {
        Path f = file(VALID + "isthmus.hubspot.pageSize=500\nisthmus.hubspot.cron=every five minutes\n"
                + "isthmus.store.url=mysql://db\n");

        assertThatThrownBy(() -> new SettingsLoader(CREDENTIALS).load(f, Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Object::toString)
                        .containsExactlyInAnyOrder(
                                f + ":6:1 isthmus.hubspot.pageSize: '500' is malformed: expected a whole number from "
                                        + "1 to 200",
                                f + ":7:1 isthmus.hubspot.cron: 'every five minutes' is malformed: expected a Quartz "
                                        + "cron expression (seconds minutes hours day-of-month month day-of-week), "
                                        + "e.g. 0 */5 * * * ?",
                                f + ":8:1 isthmus.store.url: 'mysql://db' is malformed: expected a jdbc:h2: or "
                                        + "jdbc:postgresql: URL"));
    }

    @Test
    void missingRequiredSecret_namesTheSettingAndItsEnvironmentVariable() throws Exception {
        Path f = file(VALID.replace("isthmus.hubspot.token=${env:HUBSPOT_TOKEN}\n", ""));

        assertThatThrownBy(() -> new SettingsLoader(CREDENTIALS).load(f, Map.of()))
                .hasMessageContaining("isthmus.hubspot.token: is required; set it in the settings file or as "
                        + "ISTHMUS_HUBSPOT_TOKEN");
    }

    @Test
    void secretWrittenLiterallyInTheFile_isRefusedWithoutEchoingIt() throws Exception {
        Path f = file(VALID.replace("${env:SF_SECRET}", "hunter2"));

        assertThatThrownBy(() -> new SettingsLoader(CREDENTIALS).load(f, Map.of()))
                .hasMessageContaining(f + ":3:1 isthmus.salesforce.clientSecret: a secret must not be written in "
                        + "the file")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void referenceToUnsetEnvironmentVariable_isReported() throws Exception {
        assertThatThrownBy(() -> new SettingsLoader(Map.of()).load(file(VALID), Map.of()))
                .hasMessageContaining("isthmus.hubspot.token: refers to environment variable HUBSPOT_TOKEN, "
                        + "which is not set");
    }

    @Test
    void environmentVariable_overridesTheFile_andSecretFilesAreRead() throws Exception {
        Path secret = dir.resolve("sf-password");
        Files.writeString(secret, "from-file\n");
        Map<String, String> env = new java.util.HashMap<>(CREDENTIALS);
        env.put("ISTHMUS_HUBSPOT_PAGESIZE", "25");
        IsthmusSettings s = new SettingsLoader(env).load(
                file(VALID.replace("${env:SF_PASSWORD}", "${file:" + secret + "}")), Map.of());

        assertThat(s.hubspot().pageSize()).isEqualTo(25);
        assertThat(s.salesforce().password().reveal()).isEqualTo("from-file");
    }

    @Test
    void unknownIsthmusKey_isReportedAsATypo() throws Exception {
        Path f = file(VALID + "isthmus.hubspot.pagesize=50\n");

        assertThatThrownBy(() -> new SettingsLoader(CREDENTIALS).load(f, Map.of()))
                .hasMessageContaining(f + ":6:1 isthmus.hubspot.pagesize: unknown setting");
    }

    @Test
    void everyOption_hasADescription_andIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("docs/CONFIGURATION.md"));
        for (Option<?> o : SettingsCatalog.ALL) {
            assertThat(o.description()).as(o.key()).isNotBlank();
            assertThat(doc).as("docs/CONFIGURATION.md documents " + o.key()).contains("`" + o.key() + "`");
        }
    }
}
