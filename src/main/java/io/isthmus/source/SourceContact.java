package io.isthmus.source;

import java.time.Instant;
import java.util.Map;

/**
 * A contact as a source system holds it, values as the vendor sent them (not yet normalized).
 * Any value may be null when the source has none; {@code extra} holds mapped fields beyond the standard ones.
 */
public record SourceContact(
        String system,
        String sourceId,
        Instant occurredAt,
        String email,
        String firstName,
        String lastName,
        String company,
        String phone,
        String jobTitle,
        String country,
        String website,
        Map<String, String> extra) implements SourceRecord {

    public SourceContact {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
