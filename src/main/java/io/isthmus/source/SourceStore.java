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

    public SourceStore(String source, Database db, PageApplier applier, IsthmusMetrics metrics, Clock clock) {
        this.source = source;
        this.db = db;
        this.applier = applier;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Optional<String> cursor() {
        return db.inTransaction(c -> watermarks.find(c, source)).map(WatermarkRepository.Watermark::cursor);
    }

    public PageResult apply(SourcePage page) {
        PageResult r = applier.apply(page);
        metrics.sourcePage(r);
        if (r.records() > 0) {
            LOG.info("source={} page applied: {} records, {} created, {} updated, {} merged, {} dead-lettered, "
                    + "more={}", source, r.records(), r.created(), r.updated(), r.merged(), r.deadLettered(), r.more());
        }
        return r;
    }

    /** Keeps the unreadable page with the reason; the cursor does not move. */
    public void quarantinePage(String raw, String reason) {
        db.inTransaction(c -> {
            deadLetters.add(c, DeadLetterRepository.Kind.SOURCE_PAGE, source, null, null, raw, "MALFORMED_PAGE",
                    reason, clock.instant());
            return null;
        });
        metrics.quarantinedPage(source);
        LOG.error("source={} page quarantined: {}", source, reason);
    }

    /** The ids among {@code sourceIds} of {@code system} that no buyer is linked to yet. */
    public Set<String> unlinked(String system, Collection<String> sourceIds) {
        return db.inTransaction(c -> {
            Set<String> out = new LinkedHashSet<>();
            for (String id : sourceIds) {
                if (links.buyerFor(c, system, id).isEmpty()) {
                    out.add(id);
                }
            }
            return out;
        });
    }
}
