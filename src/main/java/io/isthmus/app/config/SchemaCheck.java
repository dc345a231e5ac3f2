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
        return (value.isNumber() || value.isBoolean()) && SchemaMessages.typesOf(m.getSchemaNode()).contains("string");
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
        return new ConfigProblem(file, at[0], at[1], YamlJson.pathText(path), SchemaMessages.message(m, type, owner, value, document));
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
