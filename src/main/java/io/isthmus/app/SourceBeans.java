package io.isthmus.app;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.ops.IsthmusMetrics;
import io.isthmus.ops.SourceHealthCheck;
import io.isthmus.ops.SourceMetrics;
import io.isthmus.pipeline.PageApplier;
import io.isthmus.source.BackfillProgress;
import io.isthmus.source.PollingSource;
import io.isthmus.source.SourceFetcher;
import io.isthmus.source.SourceGuard;
import io.isthmus.source.SourceStore;
import io.isthmus.source.hubspot.HubSpotActivitiesPoller;
import io.isthmus.source.hubspot.HubSpotContactsPoller;
import io.isthmus.source.hubspot.HubSpotEmailEventsPoller;
import io.isthmus.source.marketo.MarketoSource;
import io.isthmus.source.matomo.MatomoSource;
import io.isthmus.source.mautic.MauticReconciliation;
import io.isthmus.source.mautic.MauticSource;
import io.isthmus.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.EventNotifierSupport;

/**
 * The beans the source route templates call, one per system, by the names routes/*.camel.yaml give them. A
 * disabled source still gets its bean (its routes exist, stopped) and the bean refuses every poll; only enabled
 * sources get a readiness check.
 */
final class SourceBeans {

    private static final String HUBSPOT = "hubspot-contacts";
    private static final String HUBSPOT_ACTIVITIES = "hubspot-activities";
    private static final String HUBSPOT_EMAIL_EVENTS = "hubspot-email-events";

    final Map<String, PollingSource> beans = new LinkedHashMap<>();
    /** The readiness checks of the enabled sources. */
    final List<SourceHealthCheck> enabledChecks = new ArrayList<>();
    private final List<SourceGuard> guards = new ArrayList<>();

    private final Database db;
    private final PageApplier applier;
    private final IsthmusMetrics metrics;
    private final SourceMetrics sourceMetrics;
    private final Clock clock;

    /** @param fetcher sends a poll's next call ahead while a page is applied (unless isthmus.sources.prefetch=false) */
    SourceBeans(IsthmusSettings settings, Database db, PageApplier applier, IsthmusMetrics metrics,
                SourceMetrics sourceMetrics, Clock clock, SourceFetcher fetcher) {
        this.db = db;
        this.applier = applier;
        this.metrics = metrics;
        this.sourceMetrics = sourceMetrics;
        this.clock = clock;
        IsthmusSettings.Sources s = settings.sources();
        SourceFetcher ahead = s.limits().prefetch() ? fetcher : null;
        Parts hubspot = parts(HUBSPOT, s, settings.hubspot().enabled());
        beans.put("hubspotContacts", new HubSpotContactsPoller(HUBSPOT, settings.hubspot(), hubspot.store,
                hubspot.guard, clock, ahead));
        Parts activities = parts(HUBSPOT_ACTIVITIES, s, settings.hubspot().activities().enabled());
        beans.put("hubspotActivities", new HubSpotActivitiesPoller(HUBSPOT_ACTIVITIES, settings.hubspot(),
                activities.store, activities.guard, clock));
        Parts emailEvents = parts(HUBSPOT_EMAIL_EVENTS, s, settings.hubspot().emailEvents().enabled());
        beans.put("hubspotEmailEvents", new HubSpotEmailEventsPoller(HUBSPOT_EMAIL_EVENTS, settings.hubspot(),
                emailEvents.store, emailEvents.guard, progress(HUBSPOT_EMAIL_EVENTS), clock));
        Parts marketo = parts(MarketoSource.SOURCE, s, s.marketo().enabled());
        beans.put("marketoSource", new MarketoSource(s.marketo(), marketo.store, marketo.guard,
                progress(MarketoSource.SOURCE), clock));
        Parts matomo = parts(MatomoSource.SOURCE, s, s.matomo().enabled());
        beans.put("matomoSource", new MatomoSource(s.matomo(), matomo.store, matomo.guard,
                progress(MatomoSource.SOURCE), clock, ahead));
        Parts mautic = parts(MauticSource.SOURCE, s, s.mautic().enabled());
        beans.put("mauticSource", new MauticSource(s.mautic(), mautic.store, mautic.guard,
                progress(MauticSource.SOURCE), clock, ahead));
        Parts reconcile = parts(MauticReconciliation.SOURCE, s, s.mautic().reconcile().enabled());
        beans.put("mauticReconciliation", new MauticReconciliation(s.mautic(), reconcile.store, reconcile.guard,
                db, clock));
    }

    /**
     * Ends every poll after the page it is applying once Camel begins to stop (before it waits for the routes'
     * in-flight exchanges), so a stop does not wait out a long backfill poll; the cursors keep the place.
     */
    EventNotifier stopPollsWhenStopping() {
        return new EventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStoppingEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                guards.forEach(SourceGuard::stopPolling);
            }
        };
    }

    /** What every source bean is given: its store (cursor, pages, quarantine) and its guard (backoff, breaker). */
    private record Parts(SourceStore store, SourceGuard guard) {
    }

    /** The non-secret values the source routes refer to as {{isthmus.…}}. */
    static Map<String, String> routeProperties(IsthmusSettings settings) {
        IsthmusSettings.Sources s = settings.sources();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("isthmus.hubspot.enabled", Boolean.toString(settings.hubspot().enabled()));
        p.put("isthmus.hubspot.activitiesEnabled", Boolean.toString(settings.hubspot().activities().enabled()));
        p.put("isthmus.hubspot.activitiesCron", settings.hubspot().activities().cron());
        p.put("isthmus.hubspot.emailEventsEnabled", Boolean.toString(settings.hubspot().emailEvents().enabled()));
        p.put("isthmus.hubspot.emailEventsCron", settings.hubspot().emailEvents().cron());
        p.put("isthmus.marketo.enabled", Boolean.toString(s.marketo().enabled()));
        p.put("isthmus.marketo.cron", s.marketo().cron());
        p.put("isthmus.matomo.enabled", Boolean.toString(s.matomo().enabled()));
        p.put("isthmus.matomo.cron", s.matomo().cron());
        p.put("isthmus.mautic.enabled", Boolean.toString(s.mautic().enabled()));
        p.put("isthmus.mautic.cron", s.mautic().cron());
        p.put("isthmus.mautic.reconcileEnabled", Boolean.toString(s.mautic().reconcile().enabled()));
        p.put("isthmus.mautic.reconcileCron", s.mautic().reconcile().cron());
        return p;
    }

    private Parts parts(String source, IsthmusSettings.Sources s, boolean enabled) {
        SourceStore store = new SourceStore(source, db, applier, metrics, clock);
        SourceGuard guard = new SourceGuard(source, s.limits(), clock, sourceMetrics);
        guards.add(guard);
        sourceMetrics.register(store);
        if (enabled) {
            enabledChecks.add(new SourceHealthCheck(guard, store));
        }
        return new Parts(store, guard);
    }

    private BackfillProgress progress(String source) {
        BackfillProgress p = new BackfillProgress(source);
        sourceMetrics.register(source, p);
        return p;
    }
}
