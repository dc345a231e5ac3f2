package io.isthmus.store;

import java.sql.SQLException;

/** A store failure; retriable (the caller's transaction was rolled back, nothing half-applied). */
public final class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super("store: " + cause.getMessage(), cause);
    }
}
