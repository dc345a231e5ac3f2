package io.isthmus.app.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How {@link SchemaCheck} words a JSON Schema finding: "what is wrong, expected …", in the loaders' own phrasing
 * ({@code 'x' is not allowed, expected one of a, b}; {@code is a map, expected a list}), with the schema's title as
 * the expected value where it has one.
 */
final class SchemaMessages {

    private SchemaMessages() {
    }

    /** The words for one validation message; {@code owner} is the schema object holding the failed keyword. */
    static String message(ValidationMessage m, String type, JsonNode owner, JsonNode value, JsonNode document) {
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

    static Set<String> typesOf(JsonNode type) {
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
}
