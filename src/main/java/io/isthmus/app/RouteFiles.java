package io.isthmus.app;

import com.networknt.schema.SpecVersion;
import io.isthmus.app.config.ConfigProblem;
import io.isthmus.app.config.Problems;
import io.isthmus.app.config.SchemaCheck;
import io.isthmus.app.config.YamlFile;
import io.isthmus.app.config.YamlNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the route files marketing ops edit before Camel loads them, so a mistake is reported as
 * {@code file:line:column path: what is wrong, what is expected} instead of a stack trace: YAML syntax, Camel's own
 * published YAML DSL schema ({@value #CAMEL_SCHEMA} in camel-yaml-dsl: the kinds of entries, every option's name
 * and type), route ids present and unique, and every {@code {{isthmus.…}}} placeholder known.
 */
public final class RouteFiles {

    /** The JSON Schema (draft-04) of the YAML DSL, shipped inside camel-yaml-dsl. */
    static final String CAMEL_SCHEMA = "schema/camelYamlDsl.json";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(isthmus\\.[A-Za-z0-9_.-]+)(?::[^}]*)?}}");

    private RouteFiles() {
    }

    /** Camel's schema is 800 KB: compiled once, when first needed (or by {@link #warmUp()}). */
    private static final class CamelSchema {
        static final SchemaCheck CHECK = SchemaCheck.of(CAMEL_SCHEMA, SpecVersion.VersionFlag.V4,
                SchemaCheck.Scalars.CAMEL);
    }

    /**
     * Starts compiling Camel's schema in the background, so start-up does the other work meanwhile; a check that
     * needs it before it is ready waits for it.
     */
    public static void warmUp() {
        Thread t = new Thread(() -> {
            try {
                CamelSchema.CHECK.resource();
            } catch (RuntimeException | LinkageError e) {
                // The check that needs it reports the same failure in its own thread.
            }
        }, "isthmus-route-schema");
        t.setDaemon(true);
        t.start();
    }

    /** Problems found in every {@code *.camel.yaml} under {@code dir}; {@code knownKeys} are the placeholders set. */
    public static List<ConfigProblem> check(Path dir, Set<String> knownKeys) {
        Problems problems = new Problems();
        if (!Files.isDirectory(dir)) {
            problems.add(new ConfigProblem(dir.toString(), 0, 0, "isthmus.routes.dir", "is not a directory"));
            return problems.list();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            problems.add(new ConfigProblem(dir.toString(), 0, 0, "", "cannot list routes: " + e.getMessage()));
            return problems.list();
        }
        if (files.isEmpty()) {
            problems.add(new ConfigProblem(dir.toString(), 0, 0, "", "no *.camel.yaml route files"));
        }
        Map<String, String> ids = new HashMap<>();
        for (Path f : files) {
            YamlNode root = YamlFile.load(f, problems);
            if (root.isMissing()) {
                continue;
            }
            if (!root.isList()) {
                root.problem("a route file is a list of entries (- route: …), expected a list");
                continue;
            }
            // Entry kinds, option names and types: Camel's schema says what its YAML DSL reads.
            problems.addAll(CamelSchema.CHECK.check(root));
            for (YamlNode entry : root.list()) {
                Map<String, YamlNode> kinds = entry.isMap() ? entry.entries() : Map.of();
                if (kinds.size() != 1) {
                    continue;
                }
                String kind = kinds.keySet().iterator().next();
                YamlNode body = kinds.get(kind);
                if (kind.equals("route") || kind.equals("routeConfiguration") || kind.equals("routeTemplate")) {
                    String id = body.requiredString("id");
                    if (id != null && ids.putIfAbsent(id, f + ":" + body.line()) != null) {
                        body.get("id").problem("route id '" + id + "' is already used at " + ids.get(id));
                    }
                }
            }
            placeholders(f, knownKeys, problems);
        }
        return problems.list();
    }

    private static void placeholders(Path f, Set<String> knownKeys, Problems problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(f);
        } catch (IOException e) {
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = PLACEHOLDER.matcher(lines.get(i));
            while (m.find()) {
                if (!knownKeys.contains(m.group(1))) {
                    problems.add(new ConfigProblem(f.toString(), i + 1, m.start() + 1, m.group(1),
                            "unknown placeholder; expected one of the isthmus settings (docs/CONFIGURATION.md)"));
                }
            }
        }
    }
}
