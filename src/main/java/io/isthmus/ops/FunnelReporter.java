package io.isthmus.ops;

import io.isthmus.app.BuyerModel;
import io.isthmus.attribution.Attribution;
import io.isthmus.attribution.Attributor;
import io.isthmus.attribution.FunnelStage;
import io.isthmus.attribution.Journey;
import io.isthmus.attribution.Outcome;
import io.isthmus.attribution.Touch;
import io.isthmus.attribution.funnel.FunnelReport;
import io.isthmus.attribution.funnel.Opportunity;
import io.isthmus.attribution.funnel.StageTransition;
import io.isthmus.store.CrmLinkRepository;
import io.isthmus.store.Database;
import io.isthmus.store.TouchRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Computes the funnel and attribution report from the store: stage history, touches and the opportunities read
 * back from the CRM, credited under every configured model. Used by the {@code report} verb and, for the headline
 * figures, by the metrics.
 */
public final class FunnelReporter {

    private final Database db;
    private final BuyerModel model;
    private final ZoneId zone;
    private final TouchRepository touches = new TouchRepository();
    private final CrmLinkRepository crm = new CrmLinkRepository();
    private final MeterRegistry registry;
    private MultiGauge gauges;

    /** @param registry where {@link #refreshGauges()} publishes; null for the report verb */
    public FunnelReporter(Database db, BuyerModel model, ZoneId zone, MeterRegistry registry) {
        this.db = db;
        this.model = model;
        this.zone = zone;
        this.registry = registry;
    }

    public FunnelReport compute() {
        return db.inTransaction(c -> {
            List<StageTransition> transitions = transitions(c);
            Map<String, Instant> leadCreated = new HashMap<>();
            for (StageTransition t : transitions) {
                if (t.to().pathIndex() >= FunnelStage.LEAD.pathIndex()) {
                    leadCreated.putIfAbsent(t.buyerId(), t.at());
                }
            }
            Map<String, List<Touch>> byBuyer = touches.all(c).stream()
                    .collect(Collectors.groupingBy(Touch::buyerId));
            Attributor attributor = model.attribution().attributor();
            List<Attribution> attributions = new ArrayList<>();
            for (CrmLinkRepository.Opportunity o : crm.opportunities(c)) {
                Instant closed = o.closed() && o.closeDate() != null
                        ? o.closeDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1) : null;
                Outcome outcome = !o.closed() ? Outcome.OPEN : o.won() ? Outcome.WON : Outcome.LOST;
                Instant created = o.createdAt() == null ? o.modifiedAt() : o.createdAt();
                Opportunity opp = new Opportunity(o.id(), Set.of(o.buyerId()), created, closed, outcome, o.amount());
                attributions.addAll(attributor.attribute(opp.journey(byBuyer, leadCreated)));
            }
            for (Map.Entry<String, List<Touch>> e : byBuyer.entrySet()) {
                attributions.addAll(attributor.attribute(Journey.buyer(e.getKey(), e.getValue(),
                        leadCreated.get(e.getKey()))));
            }
            return FunnelReport.compute(transitions, attributions, model.costs(), zone);
        });
    }

    /** Registers the headline figures as gauges and refreshes them; called on a schedule by the daemon. */
    public synchronized void refreshGauges() {
        if (gauges == null) {
            gauges = MultiGauge.builder("isthmus_funnel").description("Headline funnel and attribution figures")
                    .register(registry);
        }
        List<FunnelReport.Gauge> figures = compute().gauges();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (FunnelReport.Gauge g : figures) {
            if (!FunnelReport.GAUGE_TAGS.containsAll(g.tags().keySet())) {
                throw new IllegalStateException("gauge " + g.name() + " has tags outside " + FunnelReport.GAUGE_TAGS);
            }
            // Prometheus wants one set of label names per metric: every row carries every key, empty where unused.
            Tags tags = Tags.of("figure", g.name());
            for (String k : FunnelReport.GAUGE_TAGS) {
                tags = tags.and(k, g.tags().getOrDefault(k, ""));
            }
            rows.add(MultiGauge.Row.of(tags, g.value().doubleValue()));
        }
        gauges.register(rows, true);
    }

    private static List<StageTransition> transitions(Connection c) throws SQLException {
        List<StageTransition> out = new ArrayList<>();
        // Buyers merged into another keep their history (for an unmerge) but are no longer people in the funnel.
        try (var ps = c.prepareStatement("SELECT t.buyer_id, t.from_stage, t.to_stage, t.at FROM stage_transition t "
                + "WHERE NOT EXISTS (SELECT 1 FROM merge_event m WHERE m.absorbed_id = t.buyer_id "
                + "AND m.undone_at IS NULL) ORDER BY t.id");
             var rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StageTransition(rs.getString(1), FunnelStage.valueOf(rs.getString(2)),
                        FunnelStage.valueOf(rs.getString(3)), rs.getTimestamp(4).toInstant()));
            }
        }
        return out;
    }
}
