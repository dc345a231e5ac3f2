package io.isthmus.source.hubspot;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.ops.IsthmusMetrics;
import io.isthmus.pipeline.PageApplier;
import io.isthmus.pipeline.PageResult;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.store.Database;
import io.isthmus.store.DeadLetterRepository;
import io.isthmus.store.WatermarkRepository;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind the HubSpot contacts route: {@link #nextRequest()} gives the search body for the current cursor,
 * {@link #applyPage(String)} applies the response with the moved cursor in one transaction and says whether to
 * fetch another page. One poll runs at a time (the Quartz job is stateful), so the pass in flight is a field.
 */
public final class HubSpotContactsPoller {

    private static final Logger LOG = LoggerFactory.getLogger(HubSpotContactsPoller.class);

    private final String source;
    private final IsthmusSettings.HubSpot settings;
    private final Database db;
    private final PageApplier applier;
    private final IsthmusMetrics metrics;
    private final Clock clock;
    private final HubSpotContactSearch search;
    private final WatermarkRepository watermarks = new WatermarkRepository();
    private final DeadLetterRepository deadLetters = new DeadLetterRepository();
    private volatile HubSpotCursor inFlight;
    private volatile int pagesThisPoll;

    public HubSpotContactsPoller(String source, IsthmusSettings.HubSpot settings, Database db, PageApplier applier,
                                 IsthmusMetrics metrics, Clock clock) {
        this.source = source;
        this.settings = settings;
        this.db = db;
        this.applier = applier;
        this.metrics = metrics;
        this.clock = clock;
        this.search = new HubSpotContactSearch(source, settings.pageSize(), settings.properties());
    }

    /** Starts a poll: resets the per-poll page count. */
    public void startPoll() {
        pagesThisPoll = 0;
    }

    public String nextRequest() {
        HubSpotCursor stored = db.inTransaction(c -> watermarks.find(c, source))
                .map(w -> HubSpotCursor.fromJson(w.cursor())).orElse(HubSpotCursor.INITIAL);
        inFlight = stored.passAt(clock.instant(), settings.overlap());
        return search.requestBody(inFlight);
    }

    /** The bearer header; kept out of route text and Camel properties so the token is never printed. */
    public String authorization() {
        return "Bearer " + settings.token().reveal();
    }

    /** Applies the page; returns true when another page should be fetched in this poll. */
    public boolean applyPage(String body) {
        HubSpotCursor pass = inFlight;
        if (pass == null) {
            throw new IllegalStateException("applyPage called before nextRequest");
        }
        SourcePage page;
        try {
            page = search.readPage(body, pass);
        } catch (HubSpotContactSearch.MalformedPageException e) {
            quarantine(body, e.getMessage());
            return false;
        }
        PageResult r = applier.apply(page);
        inFlight = null;
        pagesThisPoll++;
        metrics.sourcePage(r);
        if (r.records() > 0) {
            LOG.info("source={} page applied: {} records, {} created, {} updated, {} merged, {} dead-lettered, more={}",
                source, r.records(), r.created(), r.updated(), r.merged(), r.deadLettered(), r.more());
        }
        return r.more() && pagesThisPoll < settings.maxPagesPerPoll();
    }

    private void quarantine(String body, String reason) {
        Instant now = clock.instant();
        db.inTransaction(c -> {
            deadLetters.add(c, DeadLetterRepository.Kind.SOURCE_PAGE, source, null, null, body, "MALFORMED_PAGE",
                    reason, now);
            return null;
        });
        metrics.quarantinedPage(source);
        LOG.error("source={} page quarantined (cursor not moved, next poll retries): {}", source, reason);
    }
}
