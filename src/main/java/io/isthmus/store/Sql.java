package io.isthmus.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers so repositories read as their SQL. */
final class Sql {

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Sql() {
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        }
    }

    static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        List<T> rows = query(c, sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    static long count(Connection c, String sql, Object... args) throws SQLException {
        return one(c, sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    /** {@code (?,?,…)} with {@code n} markers, for an {@code IN} list bound from a collection. */
    static String markers(int n) {
        StringBuilder b = new StringBuilder(2 * n + 2).append('(');
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "?" : ",?");
        }
        return b.append(')').toString();
    }

    /** {@code ((?,?),(?,?),…)} with {@code n} pairs, for a row-value {@code IN} list over a two-column key. */
    static String pairMarkers(int n) {
        StringBuilder b = new StringBuilder(6 * n + 2).append('(');
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "(?,?)" : ",(?,?)");
        }
        return b.append(')').toString();
    }

    /** The arguments for {@link #pairMarkers}: {@code first} paired with each of {@code seconds}. */
    static Object[] pairs(Object first, List<?> seconds) {
        Object[] args = new Object[2 * seconds.size()];
        for (int i = 0; i < seconds.size(); i++) {
            args[2 * i] = first;
            args[2 * i + 1] = seconds.get(i);
        }
        return args;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        bind(ps, 0, args);
    }

    /** Binds {@code args} to parameters {@code offset + 1} onwards (one row of a multi-row insert). */
    static void bind(PreparedStatement ps, int offset, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            int p = offset + i + 1;
            if (a == null) {
                // Untyped: PostgreSQL refuses a VARCHAR null for a timestamp or number column; H2 takes either.
                ps.setNull(p, Types.NULL);
            } else if (a instanceof Instant t) {
                ps.setTimestamp(p, Timestamp.from(t));
            } else if (a instanceof Enum<?> e) {
                ps.setString(p, e.name());
            } else {
                ps.setObject(p, a);
            }
        }
    }

    /** Truncates text to a column's size so a long error never makes the error itself unstorable. */
    static String fit(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }
}
