package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.app.config.ConfigException;
import io.isthmus.app.config.ConfigProblem;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.SettingsLoader;
import io.isthmus.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the daemon starts: the independent steps (buyer model, route check, store migration) each in its own thread,
 * no route started before the store is migrated, disabled subsystems' routes not built, and a refused configuration
 * still reported with every problem, file and line, whichever thread found it.
 */
class DaemonStartupTest {

    @TempDir
    Path dir;

    @Test
    void start_runsChecksAndMigrationInTheirOwnThreads_andStartsNoRouteBeforeTheStoreIsMigrated() throws Exception {
        StartupSteps steps = new StartupSteps();
        try (DaemonHarness h = new DaemonHarness(dir);
             Daemon daemon = Daemon.create(settings(h.settings()), Map.of(), Clock.systemUTC(), steps)) {
            daemon.start();

            Map<String, StartupSteps.Step> byName = new HashMap<>();
            steps.steps().forEach(s -> byName.put(s.name(), s));
            assertThat(byName).containsKeys("model", "routes-check", "store-connect", "store-migrate",
                    "store-migrated", "camel-start", "camel-started");
            String caller = Thread.currentThread().getName();
            assertThat(Stream.of("model", "routes-check", "store-migrate").map(n -> byName.get(n).thread()))
                    .doesNotHaveDuplicates().doesNotContain(caller);
            // Migration ends before Camel starts a component or route: the join (step store-migrated) comes before
            // camel-start, which comes before camel-started.
            assertThat(byName.get("store-migrate").endMillis())
                    .isLessThanOrEqualTo(byName.get("store-migrated").endMillis());
            assertThat(byName.get("store-migrated").endMillis())
                    .isLessThanOrEqualTo(byName.get("camel-start").beginMillis());
            assertThat(byName.get("camel-start").beginMillis())
                    .isLessThanOrEqualTo(byName.get("camel-started").beginMillis());
            assertThat(steps.summary()).contains("model ", "routes-check ", "store-migrate ", "camel-started at ");

            // Readiness waits for the store, the identity index, the enabled source and the CRM login.
            assertThat(HealthCheckRegistry.get(daemon.camelContext()).stream()
                    .filter(HealthCheck::isReadiness).map(HealthCheck::getId))
                    .contains("store", "identity-index", "source-hubspot-contacts", "crm-login");
            // Disabled sources (Marketo, Matomo, Mautic, HubSpot engagements) have no routes built.
            assertThat(daemon.camelContext().getRoutes().stream().map(Route::getRouteId))
                    .contains("hubspot-contacts-poll", "salesforce-sink-drain")
                    .noneMatch(id -> id.startsWith("marketo") || id.startsWith("matomo")
                            || id.startsWith("mautic") || id.startsWith("hubspot-activities"));
        }
    }

    @Test
    void start_withBadModelAndBadRoutes_refusesWithEveryProblemAndPosition_afterTheMigrationEnded() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path f : shipped.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        Files.writeString(routes.resolve("extra.camel.yaml"), """
                - route:
                    id: extra
                    from:
                      uri: "timer:x?period={{isthmus.hubspot.cronn}}"
                """);
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("lifecycle.yaml"), "mql:\n  threshold: fifty\n");
        Path store = dir.resolve("store");
        try (DaemonHarness h = new DaemonHarness(dir)) {
            Map<String, String> o = h.settings();
            o.put("isthmus.routes.dir", routes.toString());
            o.put("isthmus.model.dir", model.toString());
            o.put("isthmus.store.url", "jdbc:h2:file:" + store.resolve("isthmus").toAbsolutePath());
            IsthmusSettings s = settings(o);

            assertThatThrownBy(() -> Daemon.create(s, Map.of(), Clock.systemUTC(), new StartupSteps()))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                            .extracting(ConfigProblem::toString)
                            .anyMatch(p -> p.startsWith(model.resolve("lifecycle.yaml") + ":2:14 mql.threshold"))
                            .anyMatch(p -> p.startsWith(routes.resolve("extra.camel.yaml")
                                    + ":4:28 isthmus.hubspot.cronn: unknown placeholder")));

            // The migration that ran alongside the checks finished (it is not cut off by the refusal).
            try (Database db = Database.open(s.store())) {
                int applied = db.inTransaction(c -> {
                    try (ResultSet r = c.createStatement().executeQuery(
                            "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" AND \"type\" = 'SQL'")) {
                        r.next();
                        return r.getInt(1);
                    }
                });
                assertThat(applied).isEqualTo(migrations());
            }
        }
    }

    @Test
    void excludedRouteFiles_areThoseOfDisabledSubsystems() throws Exception {
        Map<String, String> o = new HashMap<>();
        o.put("isthmus.store.url", "jdbc:h2:mem:x");
        o.put("isthmus.hubspot.token", "t");
        o.put("isthmus.salesforce.enabled", "false");
        o.put("isthmus.marketo.enabled", "true");
        o.put("isthmus.marketo.baseUrl", "https://123-ABC-456.mktorest.com");
        o.put("isthmus.marketo.clientId", "id");
        o.put("isthmus.marketo.clientSecret", "secret");

        assertThat(Daemon.excludedRouteFiles(settings(o))).containsExactlyInAnyOrder("hubspot-activities*.camel.yaml",
                "hubspot-email-events*.camel.yaml", "salesforce-*.camel.yaml", "matomo.camel.yaml", "matomo-*.camel.yaml", "mautic.camel.yaml",
                "mautic-*.camel.yaml");
    }

    @Test
    void classListTraining_startsAndStopsTheDaemonWithTheShippedRoutes_andLeavesNoStoreBehind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = trainingDirs(tmp);

        ClassListTraining.train(Path.of("routes"), Path.of("config"));

        assertThat(trainingDirs(tmp)).isEqualTo(before);
    }

    private static List<Path> trainingDirs(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("isthmus-training")).sorted().toList();
        }
    }

    private static IsthmusSettings settings(Map<String, String> o) {
        return new SettingsLoader(Map.of()).load(null, o);
    }

    /** The migrations an H2 store runs: the shared ones and H2's own. */
    private static int migrations() throws Exception {
        int n = 0;
        for (String folder : List.of("src/main/resources/db/migration", "src/main/resources/db/h2")) {
            try (Stream<Path> files = Files.list(Path.of(folder))) {
                n += (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
            }
        }
        return n;
    }
}
