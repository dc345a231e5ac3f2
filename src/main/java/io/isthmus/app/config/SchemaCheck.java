package io.isthmus.app.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a YAML tree against a JSON Schema from the classpath and reports each finding as a {@link ConfigProblem}
 * at the offending value ({@code file:line:column path: what is wrong, expected …}); an unknown key is reported at
 * the key itself. Of a {@code oneOf}/{@code anyOf} that fails, only the alternative that came closest is reported,
 * not every alternative's complaint. Thread-safe once built; build once per schema (compiling one costs time).
 */
public final class SchemaCheck {

    /** How the checked files read scalars: as typed YAML values, or as Camel's YAML DSL does. */
    public enum Scalars {
        /** A number is not text, text is not a number: the buyer-model files. */
        STRICT,
        /**
         * Camel's YAML DSL reads every scalar as text and converts it to the option's type, and resolves
         * {@code {{placeholders}}} before: a number where text is expected, numeric text where a number is, and a
         * placeholder anywhere are accepted.
         */
        CAMEL
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A factory builds its meta-schema machinery; one per draft serves every schema of that draft. */
    private static final Map<SpecVersion.VersionFlag, JsonSchemaFactory> FACTORIES = new ConcurrentHashMap<>();

    private final String resource;
    private final JsonNode document;
    private final JsonSchema schema;
    private final Scalars scalars;

    private SchemaCheck(String resource, SpecVersion.VersionFlag version, Scalars scalars) {
        this.resource = resource;
        this.scalars = scalars;
        this.document = read(resource);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                // Compiling every definition up front takes seconds for Camel's 800 KB schema; only what a file uses
                // is compiled, on first use.
                .preloadJsonSchema(false)
                .typeLoose(scalars == Scalars.CAMEL)
                .locale(Locale.ROOT)
                .build();
        this.schema = FACTORIES.computeIfAbsent(version, JsonSchemaFactory::getInstance)
                .getSchema(SchemaLocation.of("classpath:" + resource), document, config);
    }

    /** A draft 2020-12 schema of isthmus, e.g. {@code schema/scoring.schema.json}. */
    public static SchemaCheck of(String resource) {
        return new SchemaCheck(resource, SpecVersion.VersionFlag.V202012, Scalars.STRICT);
    }

    /** A schema of another draft, read the given way. */
    public static SchemaCheck of(String resource, SpecVersion.VersionFlag version, Scalars scalars) {
        return new SchemaCheck(resource, version, scalars);
    }

    public String resource() {
        return resource;
    }

    /** The schema document itself, e.g. to compare its keys with a loader's. */
    public JsonNode document() {
        return document;
    }

    /** Every problem of {@code root} (a missing root is checked as an empty document), in file order. */
    public List<ConfigProblem> check(YamlNode root) {
        YamlJson tree = YamlJson.of(root);
        if (tree.refusal() != null) {
            return List.of(tree.refusal());
        }
        List<ValidationMessage> messages = new ArrayList<>(schema.validate(tree.json()));
        List<ValidationMessage> kept = select(messages);
        Set<String> seen = new HashSet<>();
        List<ConfigProblem> out = new ArrayList<>();
        for (ValidationMessage m : kept) {
            ConfigProblem p = problem(root.file(), tree, m);
            if (seen.add(p.toString())) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column)
                .thenComparing(ConfigProblem::toString));
        return out;
    }

    // ---- which messages to report -------------------------------------------------------------------------------

    /**
     * Drops what the file's reader accepts anyway, and resolves alternatives: a {@code oneOf}/{@code anyOf} with an
     * alternative whose only complaints were dropped is satisfied (it and its alternatives' messages go); otherwise
     * it is replaced by the messages of its closest alternative. Innermost alternatives are resolved first.
     */
    private List<ValidationMessage> select(List<ValidationMessage> messages) {
        List<ValidationMessage> live = new ArrayList<>();
        for (ValidationMessage m : messages) {
            if (!excused(m)) {
                live.add(m);
            }
        }
        List<ValidationMessage> compounds = live.stream().filter(SchemaCheck::isCompound)
                .sorted(Comparator.comparingInt((ValidationMessage m) -> m.getEvaluationPath().getNameCount())
                        .reversed())
                .toList();
        for (ValidationMessage compound : compounds) {
            if (!live.contains(compound)) {
                continue;
            }
            JsonNodePath at = compound.getEvaluationPath();
            int branches = compound.getSchemaNode() == null ? 0 : compound.getSchemaNode().size();
            List<List<ValidationMessage>> byBranch = byBranch(at, branches, live);
            List<List<ValidationMessage>> reported = byBranch(at, branches, messages);
            int passingNow = 0;
            int silent = 0;
            for (int i = 0; i < branches; i++) {
                if (byBranch.get(i).isEmpty()) {
                    if (reported.get(i).isEmpty()) {
                        silent++;
                    } else {
                        passingNow++;
                    }
                }
            }
            byBranch.forEach(live::removeAll);
            if (passingNow == 0 && silent > 0) {
                // The validator gave no reason for an alternative (a oneOf with several passing): keep its own words.
                continue;
            }
            if (passingNow > 0) {
                // Satisfied now that excused complaints are gone, unless a oneOf already had several passing.
                boolean several = compound.getType().equals("oneOf") && passingNow + silent > 1
                        && argumentCount(compound) > 1;
                if (!several) {
                    live.remove(compound);
                }
                continue;
            }
            List<ValidationMessage> best = closest(compound, byBranch);
            if (!best.isEmpty()) {
                live.addAll(best);
                live.remove(compound);
            }
        }
        return live;
    }

    /** The messages under each alternative of the compound at {@code at}. */
    private static List<List<ValidationMessage>> byBranch(JsonNodePath at, int branches,
            List<ValidationMessage> messages) {
        List<List<ValidationMessage>> out = new ArrayList<>();
        for (int i = 0; i < branches; i++) {
            out.add(new ArrayList<>());
        }
        for (ValidationMessage m : messages) {
            int b = branchOf(at, m.getEvaluationPath());
            if (b >= 0 && b < branches) {
                out.get(b).add(m);
            }
        }
        return out;
    }

    private static int argumentCount(ValidationMessage oneOf) {
        try {
            return Integer.parseInt(String.valueOf(oneOf.getArguments()[0]));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The alternative to report: not one refused for its very type, then the one with the fewest complaints. */
    private static List<ValidationMessage> closest(ValidationMessage compound, List<List<ValidationMessage>> byBranch) {
        JsonNodePath where = compound.getInstanceLocation();
        Comparator<List<ValidationMessage>> order = Comparator
                .comparing((List<ValidationMessage> b) -> b.stream().anyMatch(m -> m.getType().equals("type")
                        && m.getInstanceLocation().equals(where)))
                .thenComparing(b -> b.stream().anyMatch(m -> m.getType().equals("required")
                        && m.getInstanceLocation().equals(where)))
                .thenComparingInt(List::size);
        List<ValidationMessage> best = byBranch.stream().min(order).orElse(List.of());
        boolean allByType = byBranch.stream().allMatch(b -> b.stream()
                .anyMatch(m -> m.getType().equals("type") && m.getInstanceLocation().equals(where)));
        return allByType ? List.of() : best;
    }

    private static boolean isCompound(ValidationMessage m) {
        return m.getType().equals("oneOf") || m.getType().equals("anyOf");
    }

    /** Index of the alternative of the compound at {@code compound} that {@code path} lies in; -1 if none. */
    private static int branchOf(JsonNodePath compound, JsonNodePath path) {
        if (path.getNameCount() <= compound.getNameCount() || !path.startsWith(compound)) {
            return -1;
        }
        Object e = path.getElement(compound.getNameCount());
        if (e instanceof Integer i) {
            return i;
        }
        try {
            return Integer.parseInt(String.valueOf(e));
        } catch (NumberFormatException ex) {
            return -1;
        }
    }

    private boolean excused(ValidationMessage m) {
        if (scalars != Scalars.CAMEL || !m.getType().equals("type")) {
            return false;
        }
        JsonNode value = m.getInstanceNode();
        if (value == null) {
            return false;
        }
        if (value.isTextual() && value.textValue().contains("{{")) {
            return true;
        }
        return (value.isNumber() || value.isBoolean()) && typesOf(m.getSchemaNode()).contains("string");
    }

    // ---- how each message reads -------------------------------------------------------------------------------

    private ConfigProblem problem(String file, YamlJson tree, ValidationMessage m) {
        List<Object> path = elements(m.getInstanceLocation());
        JsonNode owner = owner(m);
        JsonNode value = m.getInstanceNode();
        String type = m.getType();
        if (type.equals("additionalProperties") || type.equals("unevaluatedProperties")) {
            List<Object> keyPath = new ArrayList<>(path);
            keyPath.add(m.getProperty());
            int[] at = tree.keyPosition(keyPath);
            Set<String> known = new LinkedHashSet<>();
            owner.path("properties").fieldNames().forEachRemaining(known::add);
            String expected = known.isEmpty() ? "no other keys here" : "one of " + String.join(", ", known);
            return new ConfigProblem(file, at[0], at[1], YamlJson.pathText(keyPath),
                    "unknown key '" + m.getProperty() + "', expected " + expected);
        }
        int[] at = tree.valuePosition(path);
        if (owner == document && owner.has("title")) {
            // The file's own title names the file, not what is expected of its top level.
            owner = owner.deepCopy();
            ((ObjectNode) owner).remove("title");
        }
        return new ConfigProblem(file, at[0], at[1], YamlJson.pathText(path), message(m, type, owner, value));
    }

    private String message(ValidationMessage m, String type, JsonNode owner, JsonNode value) {
        switch (type) {
            case "type":
                if (value != null && value.isValueNode() && !value.isNull()) {
                    return shown(value) + " is not " + kinds(typesOf(owner.path("type"))) + ", expected "
                            + expected(owner);
                }
                return is(value) + ", expected " + expected(owner);
            case "enum":
                return shown(value) + " is not allowed, expected one of " + joined(owner.path("enum"));
            case "const":
                return shown(value) + " is not allowed, expected " + shown(owner.path("const"));
            case "required": {
                String key = m.getProperty();
                JsonNode property = owner.path("properties").path(key);
                String title = property.path("title").asText("");
                if (title.isEmpty() && property.path("$ref").asText("").startsWith("#")) {
                    title = document.at(JsonPointer.compile(property.path("$ref").asText().substring(1)))
                            .path("title").asText("");
                }
                return "missing required key '" + key + "'" + (title.isEmpty() ? "" : ", expected " + title);
            }
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
                return "is " + value.asText() + ", expected " + expected(owner);
            case "pattern", "format":
                return shown(value) + " is not valid, expected " + expected(owner);
            case "minItems":
                return (value.isEmpty() ? "is empty" : "has " + value.size() + " items") + ", expected at least "
                        + owner.path("minItems").asInt() + " " + itemWord(owner.path("minItems").asInt());
            case "maxItems":
                return "has " + value.size() + " items, expected at most " + owner.path("maxItems").asInt();
            case "minProperties":
                return (value.isEmpty() ? "is empty" : "has " + value.size() + " keys") + ", expected at least "
                        + owner.path("minProperties").asInt() + " " + (owner.path("minProperties").asInt() == 1
                        ? "entry" : "entries");
            case "maxProperties":
                return "has " + value.size() + " keys (" + String.join(", ", names(value)) + "), expected at most "
                        + owner.path("maxProperties").asInt();
            case "minLength":
                return shown(value) + " is too short, expected " + expected(owner);
            case "maxLength":
                return shown(value) + " is too long, expected " + expected(owner);
            case "uniqueItems":
                return "holds the same value twice, expected each value once";
            case "oneOf", "anyOf":
                return is(value) + ", expected " + alternatives(m.getSchemaNode());
            case "not":
                return shown(value) + " is not allowed here";
            default: {
                // A keyword we do not phrase ourselves: the validator's own words, without its location prefix.
                String text = m.getMessage();
                int colon = text.indexOf(": ");
                boolean located = text.startsWith("/") || text.startsWith("$");
                return located && colon > 0 ? text.substring(colon + 2) : text;
            }
        }
    }

    /** What the schema at {@code owner} expects, in words: its title, else its type with range or pattern. */
    static String expected(JsonNode owner) {
        String title = owner.path("title").asText("");
        if (!title.isEmpty()) {
            return title;
        }
        if (owner.has("enum")) {
            return "one of " + joined(owner.path("enum"));
        }
        Set<String> types = typesOf(owner.path("type"));
        String kind = kinds(types);
        String range = range(owner, types.contains("integer") && !types.contains("number"));
        if (!range.isEmpty()) {
            return kind + " " + range;
        }
        if (owner.has("pattern") && types.contains("string")) {
            return kind + " matching " + owner.path("pattern").asText();
        }
        return kind.isEmpty() ? "a different value" : kind;
    }

    private static String range(JsonNode owner, boolean whole) {
        String min = owner.has("minimum") ? owner.path("minimum").asText() : null;
        String max = owner.has("maximum") ? owner.path("maximum").asText() : null;
        String xmin = owner.has("exclusiveMinimum") ? owner.path("exclusiveMinimum").asText() : null;
        String xmax = owner.has("exclusiveMaximum") ? owner.path("exclusiveMaximum").asText() : null;
        if (min != null && max != null) {
            return "from " + min + " to " + max;
        }
        List<String> parts = new ArrayList<>();
        if (min != null) {
            parts.add("of at least " + min);
        }
        if (xmin != null) {
            parts.add("above " + xmin);
        }
        if (max != null) {
            parts.add((parts.isEmpty() ? "of " : "") + "at most " + max);
        }
        if (xmax != null) {
            parts.add("below " + xmax);
        }
        return String.join(" and ", parts);
    }

    private static String alternatives(JsonNode branches) {
        Set<String> out = new LinkedHashSet<>();
        if (branches != null) {
            for (JsonNode b : branches) {
                out.add(expected(b));
            }
        }
        return out.isEmpty() ? "a different value" : String.join(" or ", out);
    }

    private static Set<String> typesOf(JsonNode type) {
        Set<String> out = new LinkedHashSet<>();
        if (type == null || type.isMissingNode()) {
            return out;
        }
        if (type.isArray()) {
            type.forEach(t -> out.add(t.asText()));
        } else {
            out.add(type.asText());
        }
        return out;
    }

    private static String kinds(Set<String> types) {
        Set<String> words = new LinkedHashSet<>();
        boolean single = types.contains("string") && types.contains("number") && types.contains("boolean");
        for (String t : types) {
            if (single && (t.equals("string") || t.equals("number") || t.equals("boolean") || t.equals("integer"))) {
                words.add("a single value");
                continue;
            }
            words.add(switch (t) {
                case "object" -> "a map";
                case "array" -> "a list";
                case "string" -> "text";
                case "integer" -> "a whole number";
                case "number" -> "a number";
                case "boolean" -> "true or false";
                case "null" -> "nothing";
                default -> t;
            });
        }
        words.remove("nothing");
        return String.join(" or ", words);
    }

    /** The value and what it is, for "is" sentences: {@code 'fifty' is text}, {@code is a map}. */
    private static String is(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "is empty";
        }
        if (value.isObject()) {
            return "is a map";
        }
        if (value.isArray()) {
            return "is a list";
        }
        String kind = value.isBoolean() ? "true or false" : value.isIntegralNumber() ? "a whole number"
                : value.isNumber() ? "a number" : "text";
        return shown(value) + " is " + kind;
    }

    private static String shown(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "an empty value";
        }
        if (value.isContainerNode()) {
            return value.isObject() ? "a map" : "a list";
        }
        String text = value.asText();
        return "'" + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "'";
    }

    private static String joined(JsonNode values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asText()));
        return String.join(", ", out);
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String itemWord(int n) {
        return n == 1 ? "item" : "items";
    }

    /** The schema object holding the keyword that failed (its title, properties, range). */
    private JsonNode owner(ValidationMessage m) {
        JsonNodePath fragment = m.getSchemaLocation().getFragment();
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < fragment.getNameCount() - 1; i++) {
            pointer.append('/').append(String.valueOf(fragment.getElement(i)).replace("~", "~0").replace("/", "~1"));
        }
        JsonNode owner = document.at(JsonPointer.compile(pointer.toString()));
        return owner.isMissingNode() ? MAPPER.createObjectNode() : owner;
    }

    private static List<Object> elements(JsonNodePath path) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < path.getNameCount(); i++) {
            out.add(path.getElement(i));
        }
        return out;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = SchemaCheck.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is missing from the classpath");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("schema " + resource + " cannot be read", e);
        }
    }

    @Override
    public String toString() {
        return "SchemaCheck[" + resource + "]";
    }
}
