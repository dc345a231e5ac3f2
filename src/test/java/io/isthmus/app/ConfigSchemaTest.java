package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.app.config.ConfigException;
import io.isthmus.app.config.ConfigProblem;
import io.isthmus.app.config.Problems;
import io.isthmus.app.config.SchemaKeys;
import io.isthmus.app.config.YamlFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The buyer-model files against their published JSON Schemas, through {@link BuyerModel#load} as start-up and
 * {@code validate} run it: the shipped files pass, and each kind of mistake is reported once, at its line and
 * column, saying what is wrong and what is expected.
 */
class ConfigSchemaTest {

    @TempDir
    Path dir;

    static Stream<String> modelFiles() {
        return BuyerModel.SCHEMAS.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("modelFiles")
    void shippedConfigFile_passesItsSchema(String name) {
        Path file = Path.of("config", name);
        assertThat(file).exists();
        Problems syntax = new Problems();
        List<ConfigProblem> problems = BuyerModel.schema(name).check(YamlFile.load(file, syntax));
        assertThat(syntax.list()).isEmpty();
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("modelFiles")
    void builtInDefault_passesItsSchema(String name) throws IOException {
        String resource = "isthmus/" + name.replace(".yaml", "-default.yaml");
        try (var in = getClass().getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return; // costs.yaml has no default
            }
            Problems syntax = new Problems();
            List<ConfigProblem> problems = BuyerModel.schema(name)
                    .check(YamlFile.parse(resource, new String(in.readAllBytes(), "UTF-8"), syntax));
            assertThat(syntax.list()).isEmpty();
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void shippedModelDirectory_loadsWithoutProblems() {
        assertThat(BuyerModel.load(Path.of("config"))).isNotNull();
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("wrong type", "scoring.yaml", "summary:\n  max-length: long\n",
                        ":2:15 summary.max-length: 'long' is not a whole number, expected a whole number from 20 to 131072"),
                Arguments.of("unknown key", "scoring.yaml",
                        "behaviour:\n  - id: a\n    activity: page-view\n    points: 1\n    weight: 2\n",
                        ":5:5 behaviour[0].weight: unknown key 'weight', expected one of id, label, activity, asset, "
                                + "points, cap, period-cap, decays"),
                Arguments.of("missing required key", "scoring.yaml", "fit:\n  - id: a\n    points: 3\n    equals: x\n",
                        ":2:5 fit[0]: missing required key 'attribute', expected company-size, industry"),
                Arguments.of("bad enum value", "scoring.yaml",
                        "negative:\n  - id: a\n    when: domain\n    points: -5\n",
                        ":3:11 negative[0].when: 'domain' is not allowed, expected one of email-domain, unsubscribed, "
                                + "bounced"),
                Arguments.of("map where a list is expected", "scoring.yaml", "behaviour:\n  id: a\n  points: 1\n",
                        ":2:3 behaviour: is a map, expected a list of engagement rules"),
                Arguments.of("number out of range", "scoring.yaml",
                        "negative:\n  - id: a\n    when: bounced\n    points: 5\n",
                        ":4:13 negative[0].points: is 5, expected a whole number from -1000 to -1"),
                Arguments.of("bad enum value", "lifecycle.yaml", "recycle:\n  - id: r\n    on: lost\n    from: [sql]\n",
                        ":3:9 recycle[0].on: 'lost' is not allowed, expected one of lead-rejected, lead-disqualified, "
                                + "closed-lost"),
                Arguments.of("bad duration", "lifecycle.yaml", "sla:\n  mql-acceptance: 2 days\n",
                        ":2:19 sla.mql-acceptance: '2 days' is not valid, expected a duration such as 30s, 15m, 48h"),
                Arguments.of("text where a list is expected", "attribution.yaml", "touch-types: form-fill\n",
                        ":1:14 touch-types: 'form-fill' is not a list, expected a list of activity types"),
                Arguments.of("weight above 1", "attribution.yaml", "models:\n  u-shaped:\n    first-touch: 1.5\n",
                        ":3:18 models.u-shaped.first-touch: is 1.5, expected a weight from 0 to 1"),
                Arguments.of("missing required key", "channels.yaml", "rules:\n  - medium: cpc\n",
                        ":2:5 rules[0]: missing required key 'channel', expected a channel name"),
                Arguments.of("negative cost", "costs.yaml", "channels:\n  Paid Search: -5\n",
                        ":2:16 channels.Paid Search: is -5, expected a cost of 0 or more"),
                Arguments.of("bad enum value", "salesforce-mapping.yaml",
                        "lead:\n  fields:\n    - {crm: Phone, buyer: mobile}\n",
                        ":3:27 lead.fields[0].buyer: 'mobile' is not allowed, expected one of email, first-name"),
                Arguments.of("unknown object", "salesforce-mapping.yaml", "leads:\n  fields: []\n",
                        ":1:1 leads: unknown key 'leads', expected one of lead"),
                Arguments.of("empty profiles", "matching.yaml", "profiles: {}\n",
                        ":1:11 profiles: is empty, expected at least 1 entry"),
                Arguments.of("list at the top", "titles.yaml", "- level: vp\n",
                        ":1:1 is a list, expected a map"),
                Arguments.of("empty file", "matching.yaml", "# nothing yet\n",
                        " is empty, expected a map"),
                Arguments.of("text where a list is expected", "titles.yaml",
                        "seniority:\n  - level: vp\n    match: '\\bvp\\b'\npersonas: []\n",
                        ":3:12 seniority[0].match: '\\bvp\\b' is not a list, expected a list of regular expressions"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("brokenFiles")
    void brokenModelFile_isReportedOnceAtItsPosition(String kind, String name, String text, String expected)
            throws IOException {
        Files.writeString(dir.resolve(name), text);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> BuyerModel.load(dir));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith(dir.resolve(name) + expected));
        assertThat(e.problems()).as("the schema's report only, no loader duplicate").hasSize(1);
    }

    @Test
    void fileTheSchemaPasses_stillMeetsTheLoadersCrossFieldRules() throws IOException {
        Files.writeString(dir.resolve("scoring.yaml"), """
                behaviour:
                  - {id: same, activity: page-view, points: 1}
                  - {id: same, activity: form-fill, points: 2}
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> BuyerModel.load(dir));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(dir.resolve("scoring.yaml")
                + ":3:10 behaviour[1].id: duplicate id 'same', expected ids to be unique (first used at line 2)");
    }

    @Test
    void everyProblemOfEveryFile_isReportedTogether() throws IOException {
        Files.writeString(dir.resolve("scoring.yaml"), "summary: {max-length: 5, colour: red}\n");
        Files.writeString(dir.resolve("lifecycle.yaml"), "mql: {score: best}\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> BuyerModel.load(dir));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                dir.resolve("scoring.yaml") + ":1:23 summary.max-length: is 5, expected a whole number from 20 to 131072",
                dir.resolve("scoring.yaml") + ":1:26 summary.colour: unknown key 'colour', expected one of max-length",
                dir.resolve("lifecycle.yaml") + ":1:14 mql.score: 'best' is not allowed, expected one of total, fit, "
                        + "engagement");
    }

    @ParameterizedTest
    @MethodSource("modelFiles")
    void everyKeyOfTheSchema_hasADescription(String name) {
        JsonNode schema = BuyerModel.schema(name).document();
        assertThat(schema.path("description").asText()).as("%s description", name).isNotBlank();
        new SchemaKeys(schema).keys().forEach((key, s) -> assertThat(s.path("description").asText())
                .as("%s: %s has a description", name, key).isNotBlank());
    }

    @ParameterizedTest
    @MethodSource("modelFiles")
    void everyValueKeyOfTheSchema_hasARowInTheReference(String name) throws IOException {
        String doc = Files.readString(Path.of("docs/CONFIGURATION.md"));
        new SchemaKeys(BuyerModel.schema(name).document()).leaves().keySet().forEach(key -> {
            // A map of named entries is <name> in the schema's keys and <channel>, <profile>, … in the docs.
            String pattern = java.util.regex.Pattern.quote(key).replace("<name>", "\\E<[a-z]+>\\Q");
            assertThat(doc).as("%s: a row for %s", name, key).containsPattern("(?m)^\\| `" + pattern + "` \\|");
        });
    }

    @ParameterizedTest
    @MethodSource("modelFiles")
    void shippedConfigFile_namesItsSchemaForEditors(String name) throws IOException {
        String first = Files.readAllLines(Path.of("config", name)).get(0);
        String schemaFile = BuyerModel.SCHEMAS.get(name).substring("schema/".length());

        assertThat(first).isEqualTo("# yaml-language-server: $schema=../src/main/resources/schema/" + schemaFile);
        assertThat(Path.of("config").resolve(first.substring(first.indexOf('=') + 1))).exists();
    }

    @Test
    void everyModelFileInConfig_hasASchema() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("config"))) {
            Set<String> yaml = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .collect(java.util.stream.Collectors.toSet());
            assertThat(BuyerModel.SCHEMAS.keySet()).containsExactlyInAnyOrderElementsOf(yaml);
        }
    }
}
