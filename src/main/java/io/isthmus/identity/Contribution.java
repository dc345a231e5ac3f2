package io.isthmus.identity;

import java.time.Instant;
import java.util.Map;

/**
 * What one source record says about a buyer, in normalized form. Contributions are never changed or dropped by a
 * merge: the golden record is always recomputed from them, which is what makes an unmerge lossless.
 *
 * @param fields normalized values by buyer field name; blank values are removed
 */
public record Contribution(String system, String sourceId, Instant observedAt, Map<String, String> fields) {

    public Contribution {
        java.util.Objects.requireNonNull(system, "system");
        java.util.Objects.requireNonNull(sourceId, "sourceId");
        java.util.Objects.requireNonNull(observedAt, "observedAt");
        Map<String, String> kept = new java.util.HashMap<>();
        if (fields != null) {
            fields.forEach((k, v) -> {
                if (v != null && !v.isBlank()) {
                    kept.put(k, v);
                }
            });
        }
        fields = Map.copyOf(kept);
    }

    /** The source identity link, {@code system:sourceId}; a newer record with the same key replaces this one. */
    public String key() {
        return system + ":" + sourceId;
    }
}
