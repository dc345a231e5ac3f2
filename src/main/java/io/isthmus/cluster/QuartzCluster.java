package io.isthmus.cluster;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.store.Database;
import io.isthmus.store.OrphanedClaims;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The Quartz component for several instances on one PostgreSQL store: Quartz's clustered JDBC job store
 * ({@code JobStoreTX}, tables from migration V30) over the store's own connection pool, so each schedule fires on
 * one instance only, a stateful job never runs twice at once in the cluster, and the schedules of an instance that
 * stopped checking in are taken over by the others. One instance on H2 keeps Camel's default in-memory store.
 */
public final class QuartzCluster {

    private QuartzCluster() {
    }

    public static QuartzComponent component(Database db, IsthmusSettings.Cluster cluster) {
        String dataSourceName = "isthmus-store-" + cluster.instanceId();
        // Registered by name rather than described in properties: the store's password never enters Quartz's.
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PoolProvider(db.dataSource()));
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", OrphanedClaims.SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", cluster.instanceId());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "4");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(cluster.checkinInterval().toMillis()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // Fires held back longer than this (an instance died holding the job) are misfires: the survivor polls
        // once, not once per fire it missed.
        p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        QuartzComponent quartz = new QuartzComponent();
        quartz.setProperties(p);
        // Every instance has the same Camel context name; the Quartz scheduler name must match across the cluster.
        quartz.setPrefixInstanceName(false);
        return quartz;
    }

    /** Hands Quartz connections from the store's HikariCP pool; the pool is closed by the store, not by Quartz. */
    private static final class PoolProvider implements ConnectionProvider {
        private final DataSource dataSource;

        PoolProvider(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public void initialize() {
        }
    }
}
