package io.isthmus.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Source cursors. Saved only inside the transaction that applies the page they cover. */
public final class WatermarkRepository {

    /** The stored cursor with its counters. */
    public record Watermark(String source, String cursor, long pagesApplied, long recordsApplied, Instant updatedAt) {
    }

    public Optional<Watermark> find(Connection c, String source) throws SQLException {
        return Sql.one(c, "SELECT source, cursor_value, pages_applied, records_applied, updated_at "
                        + "FROM source_watermark WHERE source = ?",
                rs -> new Watermark(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        Sql.instant(rs, "updated_at")), source);
    }

    /** Moves the cursor and adds one page of {@code records} records to the counters. */
    public void advance(Connection c, String source, String cursor, int records, Instant now) throws SQLException {
        int n = Sql.update(c, "UPDATE source_watermark SET cursor_value = ?, pages_applied = pages_applied + 1, "
                + "records_applied = records_applied + ?, updated_at = ? WHERE source = ?", cursor, records, now,
                source);
        if (n == 0) {
            Sql.update(c, "INSERT INTO source_watermark (source, cursor_value, pages_applied, records_applied, "
                    + "updated_at) VALUES (?,?,1,?,?)", source, cursor, records, now);
        }
    }
}
