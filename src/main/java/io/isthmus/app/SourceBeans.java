package io.isthmus.app;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.ops.IsthmusMetrics;
import io.isthmus.ops.SourceMetrics;
import io.isthmus.pipeline.PageApplier;
import io.isthmus.source.BackfillProgress;
import io.isthmus.source.PollingSource;
import io.isthmus.source.SourceGuard;
import io.isthmus.source.SourceStore;
import io.isthmus.source.hubspot.HubSpotContactsPoller;
import io.isthmus.source.marketo.MarketoSource;
import io.isthmus.source.matomo.MatomoSource;
import io.isthmus.source.mautic.MauticSource;
import io.isthmus.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The beans the source route templates call, one per system, by the names routes/*.camel.yaml give them. A
 * disabled source still gets its bean (its routes exist, stopped) and the bean refuses every poll; only enabled
 * sources get a readiness check.
 */
final class SourceBeans {

    private static final String HUBSPOT = "hubspot-contacts";

    final Map<String, PollingSource> beans = new LinkedHashMap<>();
    final List<SourceGuard> enabledGuards = new ArrayList<>();

    SourceBeans(IsthmusSettings settings, Database db, PageApplier applier, IsthmusMetrics metrics,
                SourceMetrics sourceMetrics, Clock clock) {
        IsthmusSettings.Sources s = settings.sources();
        SourceGuard hubspot = guard(HUBSPOT, s, sourceMetrics, clock, settings.hubspot().enabled());
        beans.put("hubspotContacts", new HubSpotContactsPoller(HUBSPOT, settings.hubspot(),
                new SourceStore(HUBSPOT, db, applier, metrics, clock), hubspot, clock));
        SourceGuard marketo = guard(MarketoSource.SOURCE, s, sourceMetrics, clock, s.marketo().enabled());
        beans.put("marketoSource", new MarketoSource(s.marketo(),
                new SourceStore(MarketoSource.SOURCE, db, applier, metrics, clock), marketo,
                progress(MarketoSource.SOURCE, sourceMetrics), clock));
        SourceGuard matomo = guard(MatomoSource.SOURCE, s, sourceMetrics, clock, s.matomo().enabled());
        beans.put("matomoSource", new MatomoSource(s.matomo(),
                new SourceStore(MatomoSource.SOURCE, db, applier, metrics, clock), matomo,
                progress(MatomoSource.SOURCE, sourceMetrics), clock));
        SourceGuard mautic = guard(MauticSource.SOURCE, s, sourceMetrics, clock, s.mautic().enabled());
        beans.put("mauticSource", new MauticSource(s.mautic(),
                new SourceStore(MauticSource.SOURCE, db, applier, metrics, clock), mautic,
                progress(MauticSource.SOURCE, sourceMetrics), clock));
    }

    /** The non-secret values the source routes refer to as {{isthmus.…}}. */
    static Map<String, String> routeProperties(IsthmusSettings settings) {
        IsthmusSettings.Sources s = settings.sources();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("isthmus.hubspot.enabled", Boolean.toString(settings.hubspot().enabled()));
        p.put("isthmus.marketo.enabled", Boolean.toString(s.marketo().enabled()));
        p.put("isthmus.marketo.cron", s.marketo().cron());
        p.put("isthmus.matomo.enabled", Boolean.toString(s.matomo().enabled()));
        p.put("isthmus.matomo.cron", s.matomo().cron());
        p.put("isthmus.mautic.enabled", Boolean.toString(s.mautic().enabled()));
        p.put("isthmus.mautic.cron", s.mautic().cron());
        return p;
    }

    private SourceGuard guard(String source, IsthmusSettings.Sources s, SourceMetrics metrics, Clock clock,
                              boolean enabled) {
        SourceGuard g = new SourceGuard(source, s.limits(), clock, metrics);
        if (enabled) {
            enabledGuards.add(g);
        }
        return g;
    }

    private static BackfillProgress progress(String source, SourceMetrics metrics) {
        BackfillProgress p = new BackfillProgress(source);
        metrics.register(source, p);
        return p;
    }
}
