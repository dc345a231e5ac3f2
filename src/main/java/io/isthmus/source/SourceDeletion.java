package io.isthmus.source;

import java.time.Instant;

/**
 * A contact the source no longer holds (deleted there, or merged away when the source does not say into which).
 * isthmus unlinks the id from its buyer, so the buyer no longer counts that contact among its sources; the buyer,
 * its other links and its history stay (no source's word deletes a buyer; a person erases one by hand).
 *
 * @param occurredAt when the absence was seen (the reconciliation pass that found it)
 */
public record SourceDeletion(String system, String sourceId, Instant occurredAt) implements SourceRecord {
}
