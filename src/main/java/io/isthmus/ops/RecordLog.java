package io.isthmus.ops;

import org.slf4j.MDC;

/**
 * Puts the buyer being worked on into the logging context (MDC key {@code buyerId}), so every line logged meanwhile
 * carries it in both log formats, next to the {@code camel.routeId} Camel puts there:
 * <pre>{@code try (RecordLog.Scope s = RecordLog.buyer(id)) { ... }}</pre>
 * The previous value comes back on close, so scopes nest.
 */
public final class RecordLog {

    public static final String BUYER_KEY = "buyerId";

    private RecordLog() {
    }

    /** A scope that ends without throwing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Sets {@code buyerId} until the scope closes; a null id leaves the context as it is. */
    public static Scope buyer(String buyerId) {
        if (buyerId == null) {
            return () -> { };
        }
        String previous = MDC.get(BUYER_KEY);
        MDC.put(BUYER_KEY, buyerId);
        return () -> {
            if (previous == null) {
                MDC.remove(BUYER_KEY);
            } else {
                MDC.put(BUYER_KEY, previous);
            }
        };
    }
}
