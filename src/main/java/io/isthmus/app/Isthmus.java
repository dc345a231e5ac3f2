package io.isthmus.app;

import io.isthmus.app.config.ConfigException;
import io.isthmus.app.config.ConfigProblem;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.SettingsLoader;
import io.isthmus.demo.Demo;
import io.isthmus.ops.BuyerExplainer;
import io.isthmus.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The isthmus command line: {@code run}, {@code demo}, {@code validate}, {@code dry-run}, {@code explain},
 * {@code report}, {@code dead-letters}, {@code merges}, {@code unmerge}.
 */
public final class Isthmus {

    static final int OK = 0;
    static final int CONFIG_ERROR = 2;
    static final int USAGE = 64;
    static final int NOT_FOUND = 3;

    private Isthmus() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args, System.out, System.err);
        } catch (Exception e) {
            System.err.println("isthmus: " + e.getMessage());
            code = 1;
        }
        if (code != OK || (args.length > 0 && !args[0].equals("run"))) {
            System.exit(code);
        }
    }

    static int execute(String[] args, PrintStream out, PrintStream err) throws Exception {
        String verb = args.length == 0 ? "help" : args[0];
        Path config = Path.of(option(args, "--config", "config/application.properties"));
        switch (verb) {
            case "run":
                return run(config, err);
            case "validate":
                return validate(config, out, err);
            case "report":
                try {
                    return ReportCommand.run(config, Path.of(option(args, "--out", "report")),
                            java.time.ZoneId.of(option(args, "--zone", "UTC")), out);
                } catch (ConfigException e) {
                    printProblems(e.problems(), err);
                    return CONFIG_ERROR;
                }
            case "dry-run":
                try {
                    new DryRun().run(config, Map.of(), out);
                    return OK;
                } catch (ConfigException e) {
                    printProblems(e.problems(), err);
                    return CONFIG_ERROR;
                }
            case "explain":
                if (args.length < 2 || args[1].startsWith("--")) {
                    err.println("isthmus: explain needs an email or a buyer id");
                    return USAGE;
                }
                try (Database db = Database.open(ReportCommand.storeOnly(config).store())) {
                    if (!new BuyerExplainer(db).explain(args[1], out)) {
                        err.println("isthmus: no buyer with id or email '" + args[1] + "'");
                        return NOT_FOUND;
                    }
                    return OK;
                } catch (ConfigException e) {
                    printProblems(e.problems(), err);
                    return CONFIG_ERROR;
                }
            case "demo":
                return new Demo(out, Path.of(option(args, "--data", "data/demo")),
                        Path.of(option(args, "--routes", "routes"))).run();
            case "dead-letters":
                return deadLetters(args, config, out, err);
            case "replay":
                return replay(args, config, out, err);
            case "merges":
                if (args.length < 2 || !args[1].equals("list")) {
                    err.println("isthmus: merges list [--buyer EMAIL|ID] [--limit N]");
                    return USAGE;
                }
                try {
                    return MergeCommand.list(args, ReportCommand.storeOnly(config), out);
                } catch (ConfigException e) {
                    printProblems(e.problems(), err);
                    return CONFIG_ERROR;
                } catch (NumberFormatException e) {
                    err.println("isthmus: --limit must be a number");
                    return USAGE;
                }
            case "unmerge":
                if (args.length < 2 || !args[1].matches("\\d{1,18}")) {
                    err.println("isthmus: unmerge needs a merge id (a number; see: isthmus merges list)");
                    return USAGE;
                }
                try {
                    return MergeCommand.unmerge(args, ReportCommand.storeOnly(config), out, err);
                } catch (ConfigException e) {
                    printProblems(e.problems(), err);
                    return CONFIG_ERROR;
                }
            case "help":
            case "--help":
                usage(out);
                return OK;
            default:
                err.println("isthmus: unknown command '" + verb + "'");
                usage(err);
                return USAGE;
        }
    }

    private static int run(Path config, PrintStream err) throws Exception {
        StartupSteps steps = new StartupSteps();
        steps.mark("main");
        IsthmusSettings settings;
        try {
            settings = steps.run("settings", () -> new SettingsLoader(System.getenv()).load(config, Map.of()));
        } catch (ConfigException e) {
            printProblems(e.problems(), err);
            return CONFIG_ERROR;
        }
        Daemon daemon;
        try {
            daemon = Daemon.create(settings, camelProperties(config), Clock.systemUTC(), steps);
        } catch (ConfigException e) {
            printProblems(e.problems(), err);
            return CONFIG_ERROR;
        }
        // On SIGTERM Camel's own hook stops the routes and run returns here, but the JVM ends once every shutdown hook
        // has: this one holds it until close (the identity index snapshot, the store) is done, or two minutes passed.
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                closed.await(2, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "isthmus-close-wait"));
        try {
            daemon.runUntilStopped();
        } finally {
            try {
                daemon.close();
            } finally {
                closed.countDown();
            }
        }
        return OK;
    }

    private static int deadLetters(String[] args, Path config, PrintStream out, PrintStream err) {
        try {
            IsthmusSettings settings = new SettingsLoader(System.getenv()).load(config, Map.of());
            return DeadLetterCommand.run(args, settings, out, err);
        } catch (ConfigException e) {
            printProblems(e.problems(), err);
            return CONFIG_ERROR;
        }
    }

    private static int replay(String[] args, Path config, PrintStream out, PrintStream err) {
        try {
            return ReplayCommand.run(args, new SettingsLoader(System.getenv()).load(config, Map.of()), out, err);
        } catch (ConfigException e) {
            printProblems(e.problems(), err);
            return CONFIG_ERROR;
        }
    }

    /** Checks settings, the buyer-model files and the route files; reports every problem of all of them. */
    private static int validate(Path config, PrintStream out, PrintStream err) {
        RouteFiles.warmUp();
        List<ConfigProblem> problems = new java.util.ArrayList<>();
        IsthmusSettings settings = null;
        try {
            settings = new SettingsLoader(System.getenv()).load(config, Map.of());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            try {
                settings = ReportCommand.storeOnly(config);
            } catch (ConfigException ignored) {
                // Already reported above; the model and routes are checked at their default places.
            }
        }
        Path modelDir = settings == null ? Path.of("config") : settings.modelDir();
        try {
            BuyerModel.load(modelDir);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (settings != null) {
            try {
                Daemon.checkRoutes(settings);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            printProblems(problems, err);
            return CONFIG_ERROR;
        }
        out.println(config + ", " + modelDir + "/*.yaml, " + settings.routesDir() + "/*.camel.yaml: OK");
        return OK;
    }

    /** Camel's own settings (camel.*) may be given in the same file; they are passed through unchanged. */
    private static Map<String, String> camelProperties(Path config) throws IOException {
        Map<String, String> out = new HashMap<>();
        if (!Files.exists(config)) {
            return out;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
            p.load(in);
        }
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("camel.")) {
                out.put(k, p.getProperty(k));
            }
        }
        return out;
    }

    private static void printProblems(List<ConfigProblem> problems, PrintStream err) {
        err.println("isthmus: configuration refused, " + problems.size() + " problem(s):");
        problems.forEach(p -> err.println("  " + p));
    }

    static String option(String[] args, String name, String defaultValue) {
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: isthmus <command> [options]
                  run       [--config config/application.properties]   run the daemon until stopped
                  demo      [--data data/demo] [--routes routes]         the daemon against in-process simulators
                  validate  [--config config/application.properties]   check the settings and exit
                  dry-run   [--config …]                                 poll once into a copy of the store, print CRM changes
                  explain   <email or buyer id> [--config …]           sources, merges, score, stages, touches, CRM state
                  report    [--config …] [--out report] [--zone UTC]    funnel and attribution tables, CSV and JSON

                  dead-letters list [--status OPEN|ALL|…] [--limit N] | retry ID… | discard ID…
                            [--config config/application.properties]   inspect and resolve dead letters
                  replay    --from T [--to T] [--object Lead] [--dry-run] [--config …]
                                                                 send the CRM records confirmed in a time range again
                  merges list [--buyer EMAIL|ID] [--limit N] [--config …]  merges with their evidence, newest first
                  unmerge   MERGE_ID [--reason TEXT] [--config …]      undo a merge: both buyers back, CRM updated""");
    }
}
