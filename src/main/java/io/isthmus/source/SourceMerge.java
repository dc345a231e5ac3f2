package io.isthmus.source;

import java.time.Instant;
import java.util.List;

/**
 * Contacts merged at the source: {@code mergedSourceIds} no longer exist there and live on as {@code sourceId}.
 * isthmus follows the merge by linking the merged ids to the survivor's buyer, so later activities that still
 * name them (late writes, the overlap window) land on the right buyer.
 */
public record SourceMerge(String system, String sourceId, Instant occurredAt, List<String> mergedSourceIds)
        implements SourceRecord {

    public SourceMerge {
        mergedSourceIds = List.copyOf(mergedSourceIds);
    }
}
