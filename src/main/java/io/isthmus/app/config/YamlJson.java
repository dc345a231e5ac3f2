package io.isthmus.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

/**
 * A YAML tree as a Jackson {@link JsonNode}, so a JSON Schema can check it, with the position of every value and of
 * every map key kept by path (a list of keys and indexes), so each schema message can name {@code file:line:column}.
 *
 * <p>Plain scalars are typed by the YAML 1.2 core schema (the one editors use): {@code null ~} and empty are null,
 * {@code true false} (any case as written in the spec) booleans, decimal, {@code 0o} octal and {@code 0x} hex
 * integers, decimals and {@code .inf .nan} floats; everything else, and every quoted scalar, is text. An explicit
 * tag ({@code !!str 12}) is honoured. Aliases are expanded, within limits: configuration is never deep nor large.
 */
public final class YamlJson {

    /** Deeper than this is not configuration; it also stops a recursive alias. */
    static final int MAX_DEPTH = 64;
    /** Values after alias expansion; a few thousand in the largest shipped file. */
    static final int MAX_VALUES = 200_000;

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
    private static final ScalarResolver DEFAULT_RESOLVER = LoadSettings.builder().build().getSchema()
            .getScalarResolver();
    private static final Pattern NULL = Pattern.compile("null|Null|NULL|~|");
    private static final Pattern TRUE = Pattern.compile("true|True|TRUE");
    private static final Pattern FALSE = Pattern.compile("false|False|FALSE");
    private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern INF = Pattern.compile("[-+]?\\.(inf|Inf|INF)");
    private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");

    private final String file;
    private final JsonNode json;
    private final Map<List<Object>, Node> values = new HashMap<>();
    private final Map<List<Object>, Node> keys = new HashMap<>();
    private int count;
    private String refusal;

    private YamlJson(String file, Node root) {
        this.file = file;
        this.json = root == null ? JSON.nullNode() : convert(root, new ArrayList<>(), 0);
    }

    /** The tree under {@code root}; a missing root is JSON null. */
    public static YamlJson of(YamlNode root) {
        return new YamlJson(root.file(), root.node());
    }

    public JsonNode json() {
        return json;
    }

    /** Why the tree cannot be checked (too deep, too large), or null when it can. */
    public ConfigProblem refusal() {
        return refusal == null ? null : new ConfigProblem(file, 0, 0, "", refusal);
    }

    /** Line (1-based) and column of the value at {@code path}, or of its nearest ancestor; {0, 0} for none. */
    public int[] valuePosition(List<Object> path) {
        for (int n = path.size(); n >= 0; n--) {
            Node node = values.get(path.subList(0, n));
            if (node != null) {
                return position(node);
            }
        }
        return new int[] {0, 0};
    }

    /** Line and column of the key naming {@code path}'s last element, or of the value when there is no key. */
    public int[] keyPosition(List<Object> path) {
        Node key = keys.get(path);
        return key == null ? valuePosition(path) : position(key);
    }

    /** The path as the loaders write it: {@code behaviour[0].period-cap.points}, {@code [1].route.id}. */
    public static String pathText(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object e : path) {
            if (e instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(e);
            }
        }
        return sb.toString();
    }

    private static int[] position(Node node) {
        return node.getStartMark().map(m -> new int[] {m.getLine() + 1, m.getColumn() + 1}).orElse(new int[] {0, 0});
    }

    private JsonNode convert(Node node, List<Object> path, int depth) {
        if (refusal != null) {
            return JSON.nullNode();
        }
        if (depth > MAX_DEPTH) {
            refusal = "nested more than " + MAX_DEPTH + " levels deep, expected a configuration file";
            return JSON.nullNode();
        }
        if (++count > MAX_VALUES) {
            refusal = "holds more than " + MAX_VALUES + " values (after aliases), expected a configuration file";
            return JSON.nullNode();
        }
        List<Object> at = List.copyOf(path);
        values.putIfAbsent(at, node);
        if (node instanceof MappingNode map) {
            ObjectNode out = JSON.objectNode();
            for (NodeTuple t : map.getValue()) {
                // A key that is not plain text has no JSON form; the loaders report it ("map key must be a plain value").
                if (t.getKeyNode() instanceof ScalarNode k) {
                    path.add(k.getValue());
                    keys.putIfAbsent(List.copyOf(path), k);
                    out.set(k.getValue(), convert(t.getValueNode(), path, depth + 1));
                    path.remove(path.size() - 1);
                }
            }
            return out;
        }
        if (node instanceof SequenceNode seq) {
            ArrayNode out = JSON.arrayNode();
            List<Node> items = seq.getValue();
            for (int i = 0; i < items.size(); i++) {
                path.add(i);
                out.add(convert(items.get(i), path, depth + 1));
                path.remove(path.size() - 1);
            }
            return out;
        }
        return scalar((ScalarNode) node);
    }

    static JsonNode scalar(ScalarNode s) {
        String v = s.getValue();
        Tag tag = s.getTag();
        boolean implicit = s.isPlain() && tag.equals(DEFAULT_RESOLVER.resolve(v, true));
        if (implicit) {
            return core(v);
        }
        // Quoted, or tagged explicitly: text unless the tag names a core type.
        if (tag.equals(Tag.NULL) || tag.equals(Tag.BOOL) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            JsonNode typed = core(v);
            return typed.isTextual() ? JSON.textNode(v) : typed;
        }
        return JSON.textNode(v);
    }

    /** A plain scalar typed by the YAML 1.2 core schema. */
    static JsonNode core(String v) {
        if (NULL.matcher(v).matches()) {
            return JSON.nullNode();
        }
        if (TRUE.matcher(v).matches()) {
            return JSON.booleanNode(true);
        }
        if (FALSE.matcher(v).matches()) {
            return JSON.booleanNode(false);
        }
        if (INT.matcher(v).matches()) {
            return integer(new BigInteger(v.startsWith("+") ? v.substring(1) : v));
        }
        if (OCTAL.matcher(v).matches()) {
            return integer(new BigInteger(v.substring(2), 8));
        }
        if (HEX.matcher(v).matches()) {
            return integer(new BigInteger(v.substring(2), 16));
        }
        if (FLOAT.matcher(v).matches()) {
            return JSON.numberNode(new BigDecimal(v.startsWith("+") ? v.substring(1) : v));
        }
        if (INF.matcher(v).matches()) {
            return JSON.numberNode(v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (NAN.matcher(v).matches()) {
            return JSON.numberNode(Double.NaN);
        }
        return JSON.textNode(v);
    }

    private static JsonNode integer(BigInteger n) {
        return n.bitLength() < 32 ? JSON.numberNode(n.intValue())
                : n.bitLength() < 64 ? JSON.numberNode(n.longValue()) : JSON.numberNode(n);
    }
}
