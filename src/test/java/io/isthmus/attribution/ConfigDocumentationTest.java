package io.isthmus.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.Problems;
import io.isthmus.app.config.YamlNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every option the defaults define must have a row in the YAML reference of docs/CONFIGURATION.md. */
class ConfigDocumentationTest {

    private static final Path NOTES = Path.of("docs/CONFIGURATION.md");

    @Test
    void attributionDefaults_everyKeyIsDocumented() throws Exception {
        assertDocumented(leafPaths(ConfigFiles.resource(AttributionConfig.DEFAULT_RESOURCE, new Problems())));
    }

    @Test
    void channelDefaults_everyKeyIsDocumented() throws Exception {
        YamlNode root = ConfigFiles.resource(ChannelClassifier.DEFAULT_RESOURCE, new Problems());
        List<String> keys = new ArrayList<>(root.entries().keySet());
        for (YamlNode rule : root.get("rules").list()) {
            rule.entries().keySet().forEach(k -> keys.add("rules[]." + k));
        }
        assertDocumented(keys);
    }

    private static void assertDocumented(List<String> keys) throws Exception {
        String notes = Files.readString(NOTES);
        assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(notes).as("row for %s", k).contains("| `" + k + "` |"));
    }

    private static List<String> leafPaths(YamlNode node) {
        List<String> out = new ArrayList<>();
        node.entries().forEach((k, v) -> {
            if (v.isMap()) {
                out.addAll(leafPaths(v));
            } else {
                out.add(v.path());
            }
        });
        return out;
    }
}
