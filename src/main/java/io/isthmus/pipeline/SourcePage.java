package io.isthmus.pipeline;

import io.isthmus.source.SourceRecord;
import java.util.List;

/**
 * One page read from a source, parsed: the records, the raw records that could not be parsed, and the cursor that
 * stands after this page. Applied as a whole in one transaction with the cursor.
 *
 * @param more true when the source has more pages after this one in the current pass
 */
public record SourcePage(String source, List<SourceRecord> records, List<UnreadableRecord> unreadable,
                         String nextCursor, boolean more) {

    public SourcePage {
        records = List.copyOf(records);
        unreadable = List.copyOf(unreadable);
    }

    /** A record of a page that could not be parsed, kept raw with the reason. */
    public record UnreadableRecord(String sourceId, String raw, String reason) {
    }
}
