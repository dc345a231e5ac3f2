package io.isthmus.identity;

import java.util.List;

/**
 * A compared field: how values are cleaned and the ordered agreement levels (first that applies wins).
 *
 * @param termFrequency      whether an exact agreement is weighed by how common the agreed value is in the store
 *                           (see {@link TermFrequencies})
 * @param withoutSharedNames name fields whose values both records share are taken out of the e-mail local parts
 *                           before the levels below {@code exact} are tested (see {@link SharedNames}); empty: the
 *                           values are compared as they are
 */
public record FieldSpec(String name, Cleaner cleaner, List<Level> levels, boolean termFrequency,
                        List<String> withoutSharedNames) {

    public FieldSpec {
        levels = List.copyOf(levels);
        withoutSharedNames = List.copyOf(withoutSharedNames);
    }

    public FieldSpec(String name, Cleaner cleaner, List<Level> levels, boolean termFrequency) {
        this(name, cleaner, levels, termFrequency, List.of());
    }

    public FieldSpec(String name, Cleaner cleaner, List<Level> levels) {
        this(name, cleaner, levels, false);
    }

    /** The same field with other levels (fitted m and u). */
    public FieldSpec withLevels(List<Level> newLevels) {
        return new FieldSpec(name, cleaner, newLevels, termFrequency, withoutSharedNames);
    }
}
