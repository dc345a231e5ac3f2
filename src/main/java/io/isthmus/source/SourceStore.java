package io.isthmus.source;

import io.isthmus.ops.IsthmusMetrics;
import io.isthmus.pipeline.PageApplier;
import io.isthmus.pipeline.PageResult;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.store.Database;
import io.isthmus.store.DeadLetterRepository;
import io.isthmus.store.SourceLinkRepository;
import io.isthmus.store.WatermarkRepository;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every polled source does with the store: read its cursor, apply a page with the moved cursor in one
 * transaction, and quarantine a page that cannot be read (raw body and reason in dead letters, counted).
 *
 * <p>A quarantined page leaves the cursor where it was, so the next poll reads the same page again. It is kept
 * once per cursor position and body: a repeat only counts an attempt. While the newest quarantined page sits at
 * the stored cursor the source is <em>stuck</em> ({@link #stuck()}: readiness and metrics say so) until a page is
 * applied past it, which also closes that dead letter as SUPERSEDED (the vendor served the page readable).
 *
 * <p>A store failure (refused write, lost connection, conflict) is counted and thrown on: the route's error policy
 * retries it, and it never counts as the vendor's failure.
 */
public final class SourceStore {

    private static final Logger LOG = LoggerFactory.getLogger(SourceStore.class);

    private final String source;
    private final Database db;
    private final PageApplier applier;
    private final IsthmusMetrics metrics;
    private final Clock clock;
    private final WatermarkRepository watermarks = new WatermarkRepository();
    private final DeadLetterRepository deadLetters = new DeadLetterRepository();
    private final SourceLinkRepository links = new SourceLinkRepository();
    private volatile DeadLetterRepository.Quarantined stuck;
    private volatile boolean stuckLoaded;

    public SourceStore(String source, Database db, PageApplier applier, IsthmusMetrics metrics, Clock clock) {
        this.source = source;
        this.db = db;
        this.applier = applier;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Optional<String> cursor() {
        return counted(() -> db.inTransaction(c -> {
            Optional<String> cursor = watermarks.find(c, source).map(WatermarkRepository.Watermark::cursor);
            if (!stuckLoaded) {
                // After a restart: still stuck if the newest quarantined page sits at the stored cursor.
                stuck = deadLetters.openQuarantine(c, source, cursor.orElse(null)).orElse(null);
                stuckLoaded = true;
            }
            return cursor;
        }));
    }

    public PageResult apply(SourcePage page) {
        PageResult r = counted(() -> applier.apply(page));
        metrics.sourcePage(r);
        if (r.records() > 0) {
            LOG.info("source={} page applied: {} records, {} created, {} updated, {} merged, {} dead-lettered, "
                    + "more={}", source, r.records(), r.created(), r.updated(), r.merged(), r.deadLettered(), r.more());
        }
        DeadLetterRepository.Quarantined was = stuck;
        if (was != null) {
            stuck = null;
            counted(() -> db.inTransaction(c -> deadLetters.resolve(c, was.deadLetterId(), "SUPERSEDED", "source",
                    clock.instant())));
            LOG.info("source={} moved past the page quarantined as dead letter {} ({} attempts): the vendor served "
                    + "it readable; the dead letter is closed as SUPERSEDED", source, was.deadLetterId(),
                    was.attempts());
        }
        return r;
    }

    /**
     * Keeps the unreadable page with the reason; the cursor does not move. The same page at the same cursor is
     * kept once, with the number of attempts and when it was last seen.
     */
    public DeadLetterRepository.Quarantined quarantinePage(String raw, String reason) {
        DeadLetterRepository.Quarantined q = counted(() -> db.inTransaction(c -> deadLetters.quarantinePage(c, source,
                watermarks.find(c, source).map(WatermarkRepository.Watermark::cursor).orElse(null), raw, reason,
                clock.instant())));
        stuck = q;
        stuckLoaded = true;
        if (q.attempts() == 1) {
            metrics.quarantinedPage(source);
            LOG.error("source={} page quarantined as dead letter {}; the cursor stays before it: {}", source,
                    q.deadLetterId(), reason);
        } else {
            LOG.error("source={} stuck: the page quarantined as dead letter {} came again ({} attempts since {}); "
                    + "the cursor stays before it: {}", source, q.deadLetterId(), q.attempts(), q.firstSeen(), reason);
        }
        return q;
    }

    /** The quarantined page the source is stuck on (it sits at the stored cursor), or null. */
    public DeadLetterRepository.Quarantined stuck() {
        return stuck;
    }

    public String source() {
        return source;
    }

    /** The ids among {@code sourceIds} of {@code system} that no buyer is linked to yet. */
    public Set<String> unlinked(String system, Collection<String> sourceIds) {
        return counted(() -> db.inTransaction(c -> {
            Set<String> out = new LinkedHashSet<>();
            for (String id : sourceIds) {
                if (links.buyerFor(c, system, id).isEmpty()) {
                    out.add(id);
                }
            }
            return out;
        }));
    }

    /** Runs a store step; a failure is counted as the store's (not the vendor's) and thrown on to the error policy. */
    private <T> T counted(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            metrics.sourceStoreFailure(source);
            throw e;
        }
    }
}
