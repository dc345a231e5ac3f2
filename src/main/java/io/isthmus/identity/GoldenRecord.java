package io.isthmus.identity;

import java.util.Map;

/**
 * The surviving value of every field of a buyer and where it came from.
 *
 * @param fields  value by field name (no blanks)
 * @param sources for each field, the {@link Contribution#key()} that supplied the value
 */
public record GoldenRecord(String buyerId, Map<String, String> fields, Map<String, String> sources) {

    public GoldenRecord {
        fields = Map.copyOf(fields);
        sources = Map.copyOf(sources);
    }

    public String get(String field) {
        return fields.get(field);
    }
}
