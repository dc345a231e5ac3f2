package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigProblem;
import io.isthmus.app.settings.SettingsCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Route files against Camel's own YAML DSL schema (camel-yaml-dsl's schema/camelYamlDsl.json), with positions. */
class RouteSchemaTest {

    @TempDir
    Path dir;

    private static Set<String> knownKeys() {
        Set<String> keys = new HashSet<>();
        SettingsCatalog.ALL.forEach(o -> keys.add(o.key()));
        keys.add("isthmus.salesforce.sinkIntervalMillis");
        return keys;
    }

    @Test
    void camelSchema_isDraft04_andShippedInCamelYamlDsl() throws IOException {
        try (var in = getClass().getClassLoader().getResourceAsStream(RouteFiles.CAMEL_SCHEMA)) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readNBytes(200), "UTF-8")).contains("http://json-schema.org/draft-04/schema#");
        }
    }

    @Test
    void shippedRouteFiles_passCamelsSchema() {
        assertThat(RouteFiles.check(Path.of("routes"), knownKeys())).isEmpty();
    }

    @Test
    void brokenRouteFile_everyMistakeReportedAtItsPosition() throws IOException {
        Files.writeString(dir.resolve("broken.camel.yaml"), """
                - route:
                    id: one
                    autoStartup: maybe
                    from:
                      uri: "timer:a?period={{isthmus.salesforce.sinkIntervalMillis}}"
                      steps:
                        - log:
                            mesage: hi
                        - to: direct:b
                - rout:
                    id: two
                - route:
                    id: three
                    from: [direct:c]
                - route:
                    id: four
                    autoStartup: "{{isthmus.hubspot.enabled}}"
                    from:
                      uri: direct:d
                      steps:
                        - setHeader:
                            name: CamelHttpResponseCode
                            constant: 200
                """);
        String f = dir.resolve("broken.camel.yaml").toString();

        List<ConfigProblem> problems = RouteFiles.check(dir, knownKeys());

        assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
                f + ":3:18 [0].route.autoStartup: 'maybe' is not true or false, expected true or false",
                f + ":8:13 [0].route.from.steps[0].log.mesage: unknown key 'mesage', expected one of description, "
                        + "disabled, id, logLanguage, logName, logger, loggingLevel, marker, message, note",
                f + ":8:13 [0].route.from.steps[0].log: missing required key 'message'",
                f + ":10:3 [1].rout: unknown key 'rout', expected one of beans, dataFormats, errorHandler, from, "
                        + "intercept, interceptFrom, interceptSendToEndpoint, onCompletion, onException, "
                        + "routeConfiguration, route, routeTemplate, templatedRoute, restConfiguration, rest",
                f + ":14:11 [2].route.from: is a list, expected a map");
    }
}
