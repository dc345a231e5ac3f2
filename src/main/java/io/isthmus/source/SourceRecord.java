package io.isthmus.source;

import java.time.Instant;

/**
 * What a source system said about one buyer, before normalization: a contact, an activity, a consent change, a merge
 * or a deletion at the source.
 * Every source package turns its vendor's pages into these; the rest of the pipeline consumes nothing else.
 */
public sealed interface SourceRecord permits SourceContact, SourceActivity, SourceConsent, SourceMerge,
        SourceDeletion {

    /** The source system's name as configured, e.g. {@code hubspot}. Never null. */
    String system();

    /** The record's id in the source system (contact id, activity GUID, visit id). Never null. */
    String sourceId();

    /** When the source last changed this record; the watermark moves on this. Never null. */
    Instant occurredAt();
}
