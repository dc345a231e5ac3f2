package io.isthmus.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.isthmus.app.settings.IsthmusSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The store: a HikariCP pool over H2 (file mode, PostgreSQL compatibility) or PostgreSQL, migrated by Flyway at
 * start. Work runs in {@link #inTransaction}, which commits or rolls back as a whole.
 */
public final class Database implements AutoCloseable {

    /** Work done with one connection inside one transaction. */
    @FunctionalInterface
    public interface TxWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final boolean postgres;

    private Database(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
    }

    /** Opens the pool and applies pending migrations; fails with the cause when the store is unreachable. */
    public static Database open(IsthmusSettings.Store settings) {
        Database db = connect(settings);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /**
     * Opens the pool (one connection, so an unreachable store fails here) without migrating: the daemon migrates in
     * its own thread while it checks its configuration and builds its routes, and starts no route before
     * {@link #migrate()} has returned.
     */
    public static Database connect(IsthmusSettings.Store settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withH2Mode(settings.url()));
        config.setUsername(settings.user());
        config.setPassword(settings.password().reveal());
        config.setMaximumPoolSize(settings.poolSize());
        config.setPoolName("isthmus-store");
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // Fail fast at start rather than on the first poll.
        config.setInitializationFailTimeout(10_000);
        config.setConnectionTimeout(10_000);
        return new Database(new HikariDataSource(config), settings.url().startsWith("jdbc:postgresql:"));
    }

    /** Applies pending migrations (Flyway); several instances starting at once are serialized by Flyway's lock. */
    public void migrate() {
        // One schema for both stores; db/postgresql adds what only a shared PostgreSQL store needs (V30+: Quartz's
        // clustered job store), db/h2 H2's own tuning (V60, V62: identity caches). Versions are one sequence across the
        // three folders: a new migration anywhere takes the next number after the highest in any of them.
        String[] locations = postgres ? new String[] {"classpath:db/migration", "classpath:db/postgresql"}
                : new String[] {"classpath:db/migration", "classpath:db/h2"};
        Flyway.configure().dataSource(dataSource).locations(locations).load().migrate();
    }

    /** H2 speaks the PostgreSQL dialect here so one set of SQL serves both stores. */
    static String withH2Mode(String url) {
        if (!url.startsWith("jdbc:h2:") || url.toUpperCase(java.util.Locale.ROOT).contains(";MODE=")) {
            return url;
        }
        // A page runs a few dozen distinct statements per record; H2's default cache of 8 parsed statements thrashes.
        // WRITE_DELAY=0: a commit reaches the file before it returns. By default H2 writes committed changes up to
        // half a second later, so a killed process could lose a page the sink had already sent to the CRM, and the
        // re-read page would then create the same people again under new buyer ids (seen in the kill -9 test).
        return url + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;QUERY_CACHE_SIZE=256"
                + ";WRITE_DELAY=0";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return postgres;
    }

    public <T> T inTransaction(TxWork<T> work) {
        List<Runnable> previous = ON_ROLLBACK.get();
        List<Runnable> undo = new ArrayList<>();
        ON_ROLLBACK.set(undo);
        try (Connection c = dataSource.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } finally {
                    undo(undo, e);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            ON_ROLLBACK.set(previous);
        }
    }

    /** What to undo outside the store (in-memory state) should the transaction running on this thread roll back. */
    private static final ThreadLocal<List<Runnable>> ON_ROLLBACK = new ThreadLocal<>();

    /**
     * Runs {@code undo} if the transaction {@link #inTransaction} runs on this thread rolls back; for in-memory
     * state filed together with rows of that transaction. Outside a transaction it is dropped.
     */
    public static void onRollback(Runnable undo) {
        List<Runnable> current = ON_ROLLBACK.get();
        if (current != null) {
            current.add(undo);
        }
    }

    private static void undo(List<Runnable> undo, Exception cause) {
        for (int i = undo.size() - 1; i >= 0; i--) {
            try {
                undo.get(i).run();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** True when a connection can be had and answers a trivial query within two seconds. */
    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
