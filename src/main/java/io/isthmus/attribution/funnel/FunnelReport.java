package io.isthmus.attribution.funnel;

import io.isthmus.attribution.Attribution;
import io.isthmus.attribution.funnel.AttributedAmounts.Dimension;
import io.isthmus.attribution.funnel.StageMetrics.Conversion;
import io.isthmus.attribution.funnel.StageMetrics.MonthlyNurture;
import io.isthmus.attribution.funnel.StageMetrics.TimeInStage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every funnel and attribution figure of one report run, computed from plain inputs the store hands over.
 *
 * @param byChannel  pipeline and revenue per channel under each model
 * @param byCampaign pipeline and revenue per campaign under each model
 * @param leadsByChannel leads created per channel under each model (lead-stage credit of buyer journeys)
 */
public record FunnelReport(
        List<Conversion> conversions,
        List<TimeInStage> timeInStage,
        DurationStats leadToMql,
        List<MonthlyNurture> leadToMqlByMonth,
        List<AttributedAmounts.Row> byChannel,
        List<AttributedAmounts.Row> byCampaign,
        List<AttributedAmounts.LeadRow> leadsByChannel) {

    /** A headline figure for the metrics registry; tags are label → value. */
    /** Every tag key a headline gauge may carry; the exported rows carry all of them (empty where unused). */
    public static final List<String> GAUGE_TAGS = List.of("from", "to", "quantile");

    public record Gauge(String name, Map<String, String> tags, BigDecimal value) {
    }

    public FunnelReport {
        conversions = List.copyOf(conversions);
        timeInStage = List.copyOf(timeInStage);
        Objects.requireNonNull(leadToMql, "leadToMql");
        leadToMqlByMonth = List.copyOf(leadToMqlByMonth);
        byChannel = List.copyOf(byChannel);
        byCampaign = List.copyOf(byCampaign);
        leadsByChannel = List.copyOf(leadsByChannel);
    }

    /**
     * @param transitions  the stage history of the period's buyers
     * @param attributions every opportunity's and every buyer's attribution under every model
     *                     ({@code Attributor.attribute})
     * @param costs        spend per channel and campaign; {@link CostTable#NONE} when none is configured
     * @param zone         the zone months are counted in
     */
    public static FunnelReport compute(List<StageTransition> transitions, List<Attribution> attributions,
            CostTable costs, ZoneId zone) {
        return new FunnelReport(
                StageMetrics.conversions(transitions),
                StageMetrics.timeInStage(transitions),
                DurationStats.of(StageMetrics.leadToMql(transitions)),
                StageMetrics.leadToMqlByMonth(transitions, zone),
                AttributedAmounts.rollUp(attributions, Dimension.CHANNEL, costs),
                AttributedAmounts.rollUp(attributions, Dimension.CAMPAIGN, costs),
                AttributedAmounts.leadsByChannel(attributions));
    }

    /**
     * Headline figures: conversion rate per step, lead → MQL median and p90 in days, and total pipeline, revenue
     * and unattributed revenue (the same under every model, so taken from the first).
     */
    public List<Gauge> gauges() {
        List<Gauge> out = new ArrayList<>();
        for (Conversion c : conversions) {
            if (c.rate() != null) {
                out.add(new Gauge("isthmus_funnel_conversion_rate", Map.of("from", lower(c.from().name()),
                        "to", lower(c.to().name())), c.rate()));
            }
        }
        if (leadToMql.count() > 0) {
            out.add(new Gauge("isthmus_funnel_lead_to_mql_days", Map.of("quantile", "0.5"), days(leadToMql.median())));
            out.add(new Gauge("isthmus_funnel_lead_to_mql_days", Map.of("quantile", "0.9"), days(leadToMql.p90())));
        }
        if (!byChannel.isEmpty()) {
            String model = byChannel.get(0).model();
            BigDecimal pipeline = BigDecimal.ZERO;
            BigDecimal revenue = BigDecimal.ZERO;
            BigDecimal unattributed = BigDecimal.ZERO;
            for (AttributedAmounts.Row r : byChannel) {
                if (r.model().equals(model)) {
                    pipeline = pipeline.add(r.pipeline());
                    revenue = revenue.add(r.revenue());
                    if (r.key().equals(AttributedAmounts.UNATTRIBUTED)) {
                        unattributed = unattributed.add(r.revenue());
                    }
                }
            }
            out.add(new Gauge("isthmus_attribution_pipeline_total", Map.of(), pipeline));
            out.add(new Gauge("isthmus_attribution_revenue_total", Map.of(), revenue));
            out.add(new Gauge("isthmus_attribution_unattributed_revenue", Map.of(), unattributed));
        }
        return out;
    }

    /** The report as tables, in reading order. */
    public List<Table> tables() {
        return FunnelTables.of(this);
    }

    /** Days with 2 decimals; null stays null. */
    static BigDecimal days(Duration d) {
        return d == null ? null
                : BigDecimal.valueOf(d.toMillis()).divide(BigDecimal.valueOf(86_400_000L), 2, RoundingMode.HALF_UP);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
