package io.isthmus.identity;

import java.util.List;

/**
 * A compared field: how values are cleaned and the ordered agreement levels (first that applies wins).
 *
 * @param termFrequency whether an exact agreement is weighed by how common the agreed value is in the store
 *                      (see {@link TermFrequencies})
 */
public record FieldSpec(String name, Cleaner cleaner, List<Level> levels, boolean termFrequency) {

    public FieldSpec {
        levels = List.copyOf(levels);
    }

    public FieldSpec(String name, Cleaner cleaner, List<Level> levels) {
        this(name, cleaner, levels, false);
    }
}
