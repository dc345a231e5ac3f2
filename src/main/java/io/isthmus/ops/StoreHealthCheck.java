package io.isthmus.ops;

import io.isthmus.store.Database;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: the store answers. */
public final class StoreHealthCheck extends AbstractHealthCheck {

    private final Database db;

    public StoreHealthCheck(Database db) {
        super("isthmus", "store");
        this.db = db;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (db.isReachable()) {
            builder.up();
        } else {
            builder.message("store unreachable").down();
        }
    }
}
