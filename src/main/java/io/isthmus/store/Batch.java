package io.isthmus.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes queued by a page and sent when flushed, statements in the order they were first queued and rows in the
 * order they were queued. A page writes a handful of rows per record into the same few tables; sending them together
 * saves a statement execution (PostgreSQL: a round trip) per row. Nothing queued is visible to reads before
 * {@link #flush}.
 *
 * <p>A plain {@code INSERT INTO t (…) VALUES (…)} queued for several rows is sent as multi-row inserts,
 * {@code VALUES (…),(…),…}: H2 executes a JDBC batch as one statement per row, each with its own command set-up,
 * locking and undo bookkeeping, while a multi-row insert is one statement. Rows go in chunks of {@link #CHUNKS} rows
 * (largest first, so they keep their order), which keeps the statement texts few (H2 caches parsed statements by
 * text) and the bind parameters well under PostgreSQL's 65,535; several chunks of one size travel as one JDBC batch.
 * Other statements (updates) go as one JDBC batch each.
 */
public final class Batch {

    /** Rows per multi-row insert, largest first; every row count is a sum of these. */
    static final int[] CHUNKS = {64, 16, 4, 1};
    private static final Pattern INSERT_VALUES = Pattern.compile(
            "(?is)\\s*INSERT\\s+INTO\\s+[^()]+\\([^()]*\\)\\s*VALUES\\s*(\\([^()]*\\))\\s*");

    private final Map<String, List<Object[]>> rows = new LinkedHashMap<>();
    private int size;

    void add(String sql, Object... args) {
        rows.computeIfAbsent(sql, k -> new ArrayList<>()).add(args);
        size++;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Sends everything queued; the queue is empty afterwards, also when the database refused a row. */
    public void flush(Connection c) throws SQLException {
        try {
            for (Map.Entry<String, List<Object[]>> e : rows.entrySet()) {
                Matcher insert = INSERT_VALUES.matcher(e.getKey());
                if (e.getValue().size() > 1 && insert.matches()) {
                    insertRows(c, e.getKey(), insert.group(1), e.getValue());
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement(e.getKey())) {
                    for (Object[] args : e.getValue()) {
                        Sql.bind(ps, 0, args);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        } finally {
            clear();
        }
    }

    /** The rows of one insert as multi-row inserts of {@link #CHUNKS} rows, in order. */
    private static void insertRows(Connection c, String sql, String tuple, List<Object[]> all) throws SQLException {
        int at = 0;
        for (int chunk : CHUNKS) {
            int statements = (all.size() - at) / chunk;
            if (statements == 0) {
                continue;
            }
            StringBuilder text = new StringBuilder(sql.strip());
            for (int i = 1; i < chunk; i++) {
                text.append(',').append(tuple);
            }
            try (PreparedStatement ps = c.prepareStatement(text.toString())) {
                for (int s = 0; s < statements; s++) {
                    int offset = 0;
                    for (int r = 0; r < chunk; r++) {
                        Object[] args = all.get(at++);
                        Sql.bind(ps, offset, args);
                        offset += args.length;
                    }
                    if (statements > 1) {
                        ps.addBatch();
                    }
                }
                if (statements > 1) {
                    ps.executeBatch();
                } else {
                    ps.executeUpdate();
                }
            }
        }
    }

    public void clear() {
        rows.clear();
        size = 0;
    }
}
