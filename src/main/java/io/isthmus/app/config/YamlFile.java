package io.isthmus.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads one YAML file into a {@link YamlNode} tree that remembers line and column of every value.
 * A syntax error becomes a {@link ConfigProblem} at the error's position instead of an exception.
 */
public final class YamlFile {

    /** Refuses documents past this size: configuration is small, a huge file is a mistake or an attack. */
    private static final int MAX_CHARS = 4 * 1024 * 1024;

    private YamlFile() {
    }

    public static YamlNode load(Path file, Problems problems) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new ConfigProblem(name, 0, 0, "", "cannot read the file (" + e.getMessage() + ")"));
            return YamlNode.missing(name, "", problems);
        }
        return parse(name, text, problems);
    }

    public static YamlNode parse(String name, String text, Problems problems) {
        if (text.length() > MAX_CHARS) {
            problems.add(new ConfigProblem(name, 0, 0, "", "file is larger than " + MAX_CHARS + " characters"));
            return YamlNode.missing(name, "", problems);
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(name)
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(MAX_CHARS)
                .build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<Node> root = composer.getSingleNode();
            return root.map(n -> YamlNode.of(name, "", n, problems))
                    .orElseGet(() -> YamlNode.missing(name, "", problems));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            int col = e.getProblemMark().map(m -> m.getColumn() + 1).orElse(0);
            problems.add(new ConfigProblem(name, line, col, "", "invalid YAML: " + e.getProblem()));
        } catch (YamlEngineException e) {
            problems.add(new ConfigProblem(name, 0, 0, "", "invalid YAML: " + e.getMessage()));
        } catch (StackOverflowError e) {
            // The parser recurses per nesting level and has no depth limit of its own; configuration is never deep.
            problems.add(new ConfigProblem(name, 0, 0, "", "invalid YAML: nested too deeply"));
        }
        return YamlNode.missing(name, "", problems);
    }
}
