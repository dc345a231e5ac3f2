package io.isthmus.source;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most one call of a poll sent ahead: the call that follows a page is known as soon as the page is read (its
 * cursor says where the next page starts), so it is sent before the page is applied and its answer is waiting when
 * the poll asks for it. Pages are still applied one after the other, in order, each with its cursor in one
 * transaction: the answer fetched ahead is used only for the very call the source asks for next (same method, URL,
 * body and credentials) after the page before it was applied. When that page's apply fails, or the source asks for
 * anything else, the answer is dropped and the call is sent again in the ordinary way; nothing fetched ahead ever
 * reaches the store on its own.
 *
 * <p>Used under the source bean's lock (one poll at a time); the answer itself arrives on the fetcher's thread.
 */
public final class Prefetch {

    private static final Logger LOG = LoggerFactory.getLogger(Prefetch.class);

    private final String source;
    private final SourceFetcher fetcher;
    private final Runnable dropped;
    private HttpCall call;
    private CompletableFuture<SourceAnswer> answer;

    /** @param fetcher null: nothing is fetched ahead (every call goes through the poll route) */
    public Prefetch(String source, SourceFetcher fetcher) {
        this(source, fetcher, () -> { });
    }

    /**
     * @param dropped told of every call sent ahead whose answer is then not used (it still reached the vendor and
     *                counts against its quota, so the source's call count must include it)
     */
    public Prefetch(String source, SourceFetcher fetcher, Runnable dropped) {
        this.source = source;
        this.fetcher = fetcher;
        this.dropped = dropped;
    }

    public boolean enabled() {
        return fetcher != null;
    }

    /** Sends {@code next} now, dropping any call sent ahead before; calls with a wait (backoff, pause) are not. */
    public void start(HttpCall next) {
        discard();
        if (fetcher == null || next == null || next.waitMillis() > 0) {
            return;
        }
        try {
            answer = fetcher.fetch(source, next);
            call = next;
        } catch (RuntimeException e) {
            LOG.debug("source={} call not sent ahead ({}): it goes through the poll route", source, e.toString());
        }
    }

    /**
     * The answer to {@code wanted} if it is the call sent ahead (waits for it); null when nothing was sent ahead for
     * it, or sending failed other than by I/O: the caller then sends {@code wanted} itself. Either way nothing stays
     * ahead afterwards.
     */
    public SourceAnswer take(HttpCall wanted) {
        HttpCall sent = call;
        CompletableFuture<SourceAnswer> pending = answer;
        call = null;
        answer = null;
        if (pending == null) {
            return null;
        }
        if (!sent.equals(wanted)) {
            pending.cancel(false);
            dropped.run();
            LOG.debug("source={} the call sent ahead is not the one asked for; it is dropped", source);
            return null;
        }
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | CancellationException e) {
            LOG.debug("source={} the call sent ahead failed ({}); it is sent again", source, e.toString());
            dropped.run();
            return null;
        }
    }

    /** Drops the call sent ahead, if any (its answer, if it comes, is ignored). */
    public void discard() {
        if (answer != null) {
            answer.cancel(false);
            dropped.run();
        }
        call = null;
        answer = null;
    }

    /** True while a call is sent ahead and not yet taken or dropped (for tests and logs). */
    public boolean pending() {
        return answer != null;
    }
}
