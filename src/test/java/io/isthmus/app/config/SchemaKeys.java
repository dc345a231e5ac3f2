package io.isthmus.app.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a config schema's keys the way the loaders and the reference docs name them: sections {@code ""},
 * {@code summary}, {@code behaviour[]}, {@code behaviour[].period-cap}; a map of named entries as {@code <name>}
 * ({@code channels.<name>}). For tests that keep the schemas, the loaders' key lists and docs/CONFIGURATION.md equal.
 */
public final class SchemaKeys {

    private final JsonNode document;
    private final Map<String, List<String>> sections = new LinkedHashMap<>();
    private final Map<String, JsonNode> leaves = new LinkedHashMap<>();
    private final Map<String, JsonNode> all = new LinkedHashMap<>();

    public SchemaKeys(JsonNode document) {
        this.document = document;
        walk("", document, 0);
    }

    /** Asserts that the schema has exactly the sections of {@code keys} (a loader's KEYS), each with exactly its keys. */
    public void assertSameKeysAs(Map<String, List<String>> keys) {
        org.assertj.core.api.Assertions.assertThat(sections.keySet()).as("sections")
                .containsExactlyInAnyOrderElementsOf(keys.keySet());
        keys.forEach((section, names) -> org.assertj.core.api.Assertions.assertThat(sections.get(section))
                .as("keys of section '%s'", section).containsExactlyInAnyOrderElementsOf(names));
    }

    /** Section → its keys in schema order, for every map with named keys. */
    public Map<String, List<String>> sections() {
        return sections;
    }

    /** Every key's path ({@code behaviour[].period-cap.points}) → its schema, $refs followed. */
    public Map<String, JsonNode> keys() {
        return all;
    }

    /** Keys holding a value rather than a section of named keys. */
    public Map<String, JsonNode> leaves() {
        return leaves;
    }

    private void walk(String path, JsonNode schema, int depth) {
        JsonNode s = resolve(schema);
        if (depth > 20) {
            return;
        }
        if (s.has("properties")) {
            List<String> names = new ArrayList<>();
            s.path("properties").fieldNames().forEachRemaining(names::add);
            sections.put(path, names);
            for (String name : names) {
                String child = path.isEmpty() ? name : path + "." + name;
                JsonNode c = merged(s.path("properties").path(name));
                all.put(child, c);
                if (!isSection(c)) {
                    leaves.put(child, c);
                }
                walk(child, c, depth + 1);
            }
        }
        if (s.path("additionalProperties").isObject()) {
            String child = (path.isEmpty() ? "" : path + ".") + "<name>";
            JsonNode c = merged(s.path("additionalProperties"));
            all.put(child, c);
            if (!isSection(c)) {
                leaves.put(child, c);
            }
            walk(child, c, depth + 1);
        }
        if (s.path("items").isObject()) {
            walk(path + "[]", s.path("items"), depth + 1);
        }
    }

    private boolean isSection(JsonNode s) {
        JsonNode r = resolve(s);
        JsonNode items = resolve(r.path("items"));
        return r.has("properties") || r.path("additionalProperties").isObject()
                || items.has("properties") || items.path("additionalProperties").isObject();
    }

    /** A property with a $ref and its own description: the target with the description on top. */
    private JsonNode merged(JsonNode s) {
        if (!s.has("$ref")) {
            return s;
        }
        com.fasterxml.jackson.databind.node.ObjectNode out = resolve(s).deepCopy();
        s.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("$ref")) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private JsonNode resolve(JsonNode s) {
        JsonNode at = s;
        for (int i = 0; i < 10 && at.has("$ref"); i++) {
            at = document.at(JsonPointer.compile(at.path("$ref").asText().substring(1)));
        }
        return at;
    }
}
