package io.isthmus.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A position-aware view of a YAML value. Typed getters never throw: a wrong value is reported to the shared
 * {@link Problems} as {@code file:line:column path: what is wrong, what is expected} and the default is returned,
 * so one pass over a file finds every problem.
 */
public final class YamlNode {

    private final String file;
    private final String path;
    private final Node node;
    private final Problems problems;

    private YamlNode(String file, String path, Node node, Problems problems) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    static YamlNode of(String file, String path, Node node, Problems problems) {
        return new YamlNode(file, path, node, problems);
    }

    static YamlNode missing(String file, String path, Problems problems) {
        return new YamlNode(file, path, null, problems);
    }

    /** The parsed node, null when missing; for {@link YamlJson}. */
    Node node() {
        return node;
    }

    public boolean isMissing() {
        return node == null || (node instanceof ScalarNode s && isNullScalar(s));
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public int line() {
        return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    public int column() {
        return node == null ? 0 : node.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
    }

    /** Reports a problem at this value (or at the file when the value is missing). */
    public void problem(String message) {
        problems.add(new ConfigProblem(file, line(), column(), path, message));
    }

    public Problems problems() {
        return problems;
    }

    /** The value under {@code key}; a missing node when absent. Reports a problem if this value is not a map. */
    public YamlNode get(String key) {
        String childPath = path.isEmpty() ? key : path + "." + key;
        if (isMissing()) {
            return missing(file, childPath, problems);
        }
        if (!(node instanceof MappingNode map)) {
            problem("is a " + kind() + ", expected a map with '" + key + "'");
            return missing(file, childPath, problems);
        }
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return of(file, childPath, t.getValueNode(), problems);
            }
        }
        return missing(file, childPath, problems);
    }

    /** The entries of a map in file order; empty when missing. Reports a problem if this is not a map. */
    public Map<String, YamlNode> entries() {
        Map<String, YamlNode> out = new LinkedHashMap<>();
        if (isMissing()) {
            return out;
        }
        if (!(node instanceof MappingNode map)) {
            problem("is a " + kind() + ", expected a map");
            return out;
        }
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                String childPath = path.isEmpty() ? k.getValue() : path + "." + k.getValue();
                out.put(k.getValue(), of(file, childPath, t.getValueNode(), problems));
            } else {
                of(file, path, t.getKeyNode(), problems).problem("map key must be a plain value");
            }
        }
        return out;
    }

    /** The items of a list; empty when missing. Reports a problem if this is not a list. */
    public List<YamlNode> list() {
        List<YamlNode> out = new ArrayList<>();
        if (isMissing()) {
            return out;
        }
        if (!(node instanceof SequenceNode seq)) {
            problem("is a " + kind() + ", expected a list");
            return out;
        }
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            out.add(of(file, path + "[" + i + "]", items.get(i), problems));
        }
        return out;
    }

    /** Reports every key of this map that is not among {@code allowed}, naming what is expected. */
    public void allowOnly(String... allowed) {
        List<String> ok = Arrays.asList(allowed);
        entries().forEach((k, v) -> {
            if (!ok.contains(k)) {
                v.problem("unknown key '" + k + "', expected one of " + String.join(", ", ok));
            }
        });
    }

    /** The scalar text, or null when missing. Reports a problem if this is a map or a list. */
    public String text() {
        if (isMissing()) {
            return null;
        }
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        problem("is a " + kind() + ", expected a single value");
        return null;
    }

    public String string(String key, String defaultValue) {
        String v = get(key).text();
        return v == null ? defaultValue : v;
    }

    public String requiredString(String key) {
        YamlNode child = get(key);
        String v = child.text();
        if (v == null || v.isBlank()) {
            if (child.isMissing()) {
                problem("missing required key '" + key + "'");
            } else {
                child.problem("must not be blank");
            }
            return null;
        }
        return v;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        YamlNode child = get(key);
        String v = child.text();
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.trim().replace("_", ""));
            if (n < min || n > max) {
                child.problem("is " + n + ", expected a whole number from " + min + " to " + max);
                return defaultValue;
            }
            return n;
        } catch (NumberFormatException e) {
            child.problem("'" + v + "' is not a whole number, expected one from " + min + " to " + max);
            return defaultValue;
        }
    }

    public double decimal(String key, double defaultValue, double min, double max) {
        YamlNode child = get(key);
        String v = child.text();
        if (v == null) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isNaN(d) || d < min || d > max) {
                child.problem("is " + v + ", expected a number from " + min + " to " + max);
                return defaultValue;
            }
            return d;
        } catch (NumberFormatException e) {
            child.problem("'" + v + "' is not a number, expected one from " + min + " to " + max);
            return defaultValue;
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        YamlNode child = get(key);
        String v = child.text();
        if (v == null) {
            return defaultValue;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                child.problem("'" + v + "' is not a boolean, expected true or false");
                yield defaultValue;
            }
        };
    }

    /** A duration as ISO-8601 ({@code PT15M}) or short form ({@code 250ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}). */
    public Duration duration(String key, Duration defaultValue) {
        YamlNode child = get(key);
        String v = child.text();
        if (v == null) {
            return defaultValue;
        }
        Duration d = Durations.parse(v);
        if (d == null || d.isNegative()) {
            child.problem("'" + v + "' is not a duration, expected e.g. 30s, 15m, 7d or PT15M");
            return defaultValue;
        }
        return d;
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        YamlNode child = get(key);
        String v = child.text();
        if (v == null) {
            return defaultValue;
        }
        String wanted = v.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        child.problem("'" + v + "' is not allowed, expected one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.joining(", ")));
        return defaultValue;
    }

    /** A list of plain values; a single value is taken as a list of one. */
    public List<String> strings(String key) {
        YamlNode child = get(key);
        if (child.isMissing()) {
            return List.of();
        }
        if (child.node instanceof ScalarNode) {
            return List.of(child.text());
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : child.list()) {
            String t = item.text();
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private String kind() {
        if (node instanceof MappingNode) {
            return "map";
        }
        if (node instanceof SequenceNode) {
            return "list";
        }
        return "value";
    }

    private static boolean isNullScalar(ScalarNode s) {
        return s.getTag().getValue().endsWith(":null");
    }

    @Override
    public String toString() {
        return file + ":" + line() + ":" + column() + " " + path;
    }
}
