package io.isthmus.attribution.funnel;

import io.isthmus.attribution.FunnelStage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Funnel metrics from stage history: conversion between stages, time in stage, and lead → MQL time. */
public final class StageMetrics {

    private StageMetrics() {
    }

    /**
     * Conversion between neighbours of {@link FunnelStage#PATH}. A buyer has reached a stage when it entered that
     * stage or any later one on the path (a skipped stage counts as passed through); the rate from S to the next
     * stage is the share of buyers that reached S that also reached the next.
     *
     * @param rate 4 decimals; null when no buyer reached {@code from}
     */
    public record Conversion(FunnelStage from, FunnelStage to, int reached, int advanced, BigDecimal rate) {
    }

    /** Time spent in one stage over completed stays; a stay still running is only counted in {@code open}. */
    public record TimeInStage(FunnelStage stage, DurationStats completed, int open) {
    }

    /** Lead → MQL time of buyers that became MQL in {@code month}. */
    public record MonthlyNurture(YearMonth month, DurationStats stats) {
    }

    public static List<Conversion> conversions(List<StageTransition> transitions) {
        Map<String, Integer> furthest = new LinkedHashMap<>();
        for (StageTransition t : transitions) {
            int reached = Math.max(t.to().pathIndex(), t.from() == null ? -1 : t.from().pathIndex());
            furthest.merge(t.buyerId(), reached, Math::max);
        }
        List<Conversion> out = new ArrayList<>();
        for (int i = 0; i + 1 < FunnelStage.PATH.size(); i++) {
            int at = i;
            int reached = (int) furthest.values().stream().filter(f -> f >= at).count();
            int advanced = (int) furthest.values().stream().filter(f -> f >= at + 1).count();
            BigDecimal rate = reached == 0 ? null
                    : BigDecimal.valueOf(advanced).divide(BigDecimal.valueOf(reached), 4, RoundingMode.HALF_EVEN);
            out.add(new Conversion(FunnelStage.PATH.get(i), FunnelStage.PATH.get(i + 1), reached, advanced, rate));
        }
        return out;
    }

    /**
     * Per stage, in {@link FunnelStage} order: a stay starts when a buyer enters the stage and ends at the buyer's
     * next transition. Transitions at the same instant keep their given order.
     */
    public static List<TimeInStage> timeInStage(List<StageTransition> transitions) {
        Map<FunnelStage, List<Duration>> stays = new EnumMap<>(FunnelStage.class);
        Map<FunnelStage, Integer> open = new EnumMap<>(FunnelStage.class);
        for (List<StageTransition> history : byBuyer(transitions).values()) {
            for (int i = 0; i < history.size(); i++) {
                StageTransition entered = history.get(i);
                if (i + 1 < history.size()) {
                    stays.computeIfAbsent(entered.to(), s -> new ArrayList<>())
                            .add(Duration.between(entered.at(), history.get(i + 1).at()));
                } else {
                    open.merge(entered.to(), 1, Integer::sum);
                }
            }
        }
        List<TimeInStage> out = new ArrayList<>();
        for (FunnelStage s : FunnelStage.values()) {
            out.add(new TimeInStage(s, DurationStats.of(stays.getOrDefault(s, List.of())), open.getOrDefault(s, 0)));
        }
        return out;
    }

    /**
     * The nurture period: from a buyer's first entry into LEAD to its first entry into MQL at or after that.
     * Buyers that never were a lead, or never became MQL after, are left out.
     */
    public static List<Duration> leadToMql(List<StageTransition> transitions) {
        List<Duration> out = new ArrayList<>();
        for (Instant[] pair : leadAndMql(transitions)) {
            out.add(Duration.between(pair[0], pair[1]));
        }
        return out;
    }

    /** Lead → MQL time grouped by the month (in {@code zone}) the buyer became MQL, oldest month first. */
    public static List<MonthlyNurture> leadToMqlByMonth(List<StageTransition> transitions, ZoneId zone) {
        Map<YearMonth, List<Duration>> byMonth = new TreeMap<>();
        for (Instant[] pair : leadAndMql(transitions)) {
            byMonth.computeIfAbsent(YearMonth.from(pair[1].atZone(zone)), m -> new ArrayList<>())
                    .add(Duration.between(pair[0], pair[1]));
        }
        List<MonthlyNurture> out = new ArrayList<>();
        byMonth.forEach((m, d) -> out.add(new MonthlyNurture(m, DurationStats.of(d))));
        return out;
    }

    private static List<Instant[]> leadAndMql(List<StageTransition> transitions) {
        List<Instant[]> out = new ArrayList<>();
        for (List<StageTransition> history : byBuyer(transitions).values()) {
            Instant lead = null;
            for (StageTransition t : history) {
                if (lead == null && t.to() == FunnelStage.LEAD) {
                    lead = t.at();
                } else if (lead != null && t.to() == FunnelStage.MQL) {
                    out.add(new Instant[] {lead, t.at()});
                    break;
                }
            }
        }
        return out;
    }

    /** Each buyer's transitions in time order (stable for equal times), buyers in first-seen order. */
    private static Map<String, List<StageTransition>> byBuyer(List<StageTransition> transitions) {
        Map<String, List<StageTransition>> out = new LinkedHashMap<>();
        for (StageTransition t : transitions) {
            out.computeIfAbsent(t.buyerId(), b -> new ArrayList<>()).add(t);
        }
        out.values().forEach(h -> h.sort(Comparator.comparing(StageTransition::at)));
        return out;
    }
}
