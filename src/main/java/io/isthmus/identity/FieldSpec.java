package io.isthmus.identity;

import java.util.List;

/** A compared field: how values are cleaned and the ordered agreement levels (first that applies wins). */
public record FieldSpec(String name, Cleaner cleaner, List<Level> levels) {

    public FieldSpec {
        levels = List.copyOf(levels);
    }
}
