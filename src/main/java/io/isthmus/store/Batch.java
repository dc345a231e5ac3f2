package io.isthmus.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes queued by a page and sent when flushed, one JDBC batch ({@link PreparedStatement#addBatch}) per statement,
 * statements in the order they were first queued and rows in the order they were queued. A page writes a handful of
 * rows per record into the same few tables; sending them together saves a statement execution (PostgreSQL: a round
 * trip) per row. Nothing queued is visible to reads before {@link #flush}.
 */
public final class Batch {

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
                try (PreparedStatement ps = c.prepareStatement(e.getKey())) {
                    for (Object[] args : e.getValue()) {
                        Sql.bind(ps, args);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        } finally {
            clear();
        }
    }

    public void clear() {
        rows.clear();
        size = 0;
    }
}
