package io.isthmus.source;

import java.util.concurrent.CompletableFuture;

/**
 * Sends a source's {@link HttpCall} without waiting for it: how a poll fetches the next page while the current one
 * is applied ({@link Prefetch}). The daemon's implementation sends through the same HTTP component, timeouts and
 * connection pool as the poll route. The future completes with the answer, or with the failure as a
 * {@link SourceAnswer#noAnswer} when it is an I/O failure; any other failure completes it exceptionally.
 */
@FunctionalInterface
public interface SourceFetcher {

    /** Sends {@code call} of the source named {@code source} (the poll's source instance, e.g. hubspot-contacts). */
    CompletableFuture<SourceAnswer> fetch(String source, HttpCall call);
}
