package io.isthmus.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScoringConfigDocsTest {

    @Test
    void reference_everyKeyTheParserAccepts_hasADescribedRow() throws IOException {
        String doc = Files.readString(Path.of("docs/CONFIGURATION.md"));

        ScoringRulesParser.KEYS.forEach((section, keys) -> keys.forEach(key -> {
            String path = section.isEmpty() ? key : section + "." + key;
            assertThat(doc).as("row for %s", path).containsPattern("(?m)^\\| `" + java.util.regex.Pattern.quote(path)
                    + "` \\|[^|\\n]*\\|[^|\\n]*\\| *[^ |\\n][^|\\n]* \\|$");
        }));
    }
}
