package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validate verb and the route checks start-up runs: every problem, each with file, line and column. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    private Path config(String routesDir, String modelDir) throws Exception {
        Path f = dir.resolve("application.properties");
        Files.writeString(f, """
                isthmus.routes.dir=%s
                isthmus.model.dir=%s
                isthmus.hubspot.enabled=false
                isthmus.salesforce.enabled=false
                """.formatted(routesDir, modelDir));
        return f;
    }

    private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) throws Exception {
        return Isthmus.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void shippedRoutesAndModel_areValid() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = run(out, err, "validate", "--config", config("routes", "config").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains(": OK");
    }

    @Test
    void brokenRouteAndModelFiles_areAllReportedWithPositions_andExitTwo() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("a.camel.yaml"), """
                - route:
                    id: poll
                    from:
                      uri: "timer:x?period={{isthmus.hubspot.cronn}}"
                - route:
                    id: poll
                    from:
                      uri: direct:y
                """);
        Files.writeString(routes.resolve("b.camel.yaml"), "- route: [unclosed\n");
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("lifecycle.yaml"), "mql:\n  threshold: fifty\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = run(out, err, "validate", "--config", config(routes.toString(), model.toString()).toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains(routes.resolve("a.camel.yaml") + ":4:28 isthmus.hubspot.cronn: unknown placeholder")
                .contains(routes.resolve("a.camel.yaml") + ":6:9 [1].route.id: route id 'poll' is already used")
                .contains(routes.resolve("b.camel.yaml") + ":2:1 invalid YAML")
                .contains(model.resolve("lifecycle.yaml") + ":2:14 mql.threshold: 'fifty' is not a ");
    }

    @Test
    void explain_forUnknownBuyer_exitsThree() throws Exception {
        Path f = config("routes", "config");
        Files.writeString(f, Files.readString(f) + "isthmus.store.url=jdbc:h2:file:" + dir.resolve("s") + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = run(out, err, "explain", "nobody@example.com", "--config", f.toString());

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("no buyer with id or email 'nobody@example.com'");
    }

    @Test
    void routeCheck_knowsEveryPlaceholderTheShippedRoutesUse() {
        assertThat(RouteFiles.check(Path.of("routes"), Set.of())).extracting(p -> p.path())
                .allMatch(path -> path.startsWith("isthmus."));
    }
}
