package io.isthmus.attribution.funnel;

import io.isthmus.attribution.Attribution;
import io.isthmus.attribution.Credit;
import io.isthmus.attribution.Journey;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Pipeline and revenue per channel or campaign under each model, with cost per order dollar where a cost is
 * configured. Only opportunity journeys count; amounts that no touch could take are one "(unattributed)" row per
 * model, so each model's rows add up to the same totals.
 */
public final class AttributedAmounts {

    public static final String UNATTRIBUTED = "(unattributed)";
    public static final String NO_CAMPAIGN = "(none)";

    /** What is grouped on. */
    public enum Dimension { CHANNEL, CAMPAIGN }

    /**
     * @param opportunities  opportunities with a non-zero weight on this key
     * @param cost           configured cost; null when none is configured for the key
     * @param costPerRevenue cost ÷ revenue with 4 decimals; null without a cost or without revenue
     */
    public record Row(String model, Dimension dimension, String key, int opportunities, BigDecimal pipeline,
            BigDecimal revenue, BigDecimal cost, BigDecimal costPerRevenue) {
    }

    private AttributedAmounts() {
    }

    /**
     * @param attributions every opportunity's attribution under every model (buyer journeys are skipped)
     * @return per model (in first-seen order): rows by revenue, then pipeline (both descending), then key;
     *         the unattributed row last
     */
    public static List<Row> rollUp(List<Attribution> attributions, Dimension dimension, CostTable costs) {
        Function<Credit, String> keyOf = dimension == Dimension.CHANNEL
                ? c -> c.touch().channel()
                : c -> c.touch().campaign() == null ? NO_CAMPAIGN : c.touch().campaign();
        Map<String, BigDecimal> costByKey = dimension == Dimension.CHANNEL ? costs.byChannel() : costs.byCampaign();
        Map<String, Map<String, Sum>> byModel = new LinkedHashMap<>();
        Map<String, Sum> unattributed = new LinkedHashMap<>();
        for (Attribution a : attributions) {
            if (a.journey().kind() != Journey.Kind.OPPORTUNITY) {
                continue;
            }
            Map<String, Sum> sums = byModel.computeIfAbsent(a.model(), m -> new LinkedHashMap<>());
            Sum none = unattributed.computeIfAbsent(a.model(), m -> new Sum());
            if (!a.attributed()) {
                none.add(a.journey().subjectId(), a.unattributedPipeline(), a.unattributedRevenue(), true);
            }
            for (Credit c : a.credits()) {
                sums.computeIfAbsent(keyOf.apply(c), k -> new Sum())
                        .add(c.subjectId(), c.pipeline(), c.revenue(), c.weight().signum() > 0);
            }
        }
        List<Row> out = new ArrayList<>();
        byModel.forEach((model, sums) -> {
            List<Row> rows = new ArrayList<>();
            sums.forEach((key, s) -> rows.add(row(model, dimension, key, s, costByKey.get(key))));
            rows.sort(Comparator.comparing(Row::revenue).thenComparing(Row::pipeline).reversed()
                    .thenComparing(Row::key));
            out.addAll(rows);
            Sum none = unattributed.get(model);
            if (!none.subjects.isEmpty()) {
                out.add(row(model, dimension, UNATTRIBUTED, none, null));
            }
        });
        return out;
    }

    /**
     * Lead-stage credit of one channel under one model.
     *
     * @param buyers buyers with a non-zero weight on the channel
     * @param leads  the buyers' weights summed: how many leads the channel created, in fractions of a lead
     */
    public record LeadRow(String model, String channel, int buyers, BigDecimal leads) {
    }

    /**
     * Leads created per channel under each model, from buyer journeys of buyers that became leads (visitors are
     * skipped). A lead with no touch before its creation counts once in the "(unattributed)" row.
     *
     * @return per model (in first-seen order): rows by leads descending, then channel; the unattributed row last
     */
    public static List<LeadRow> leadsByChannel(List<Attribution> attributions) {
        Map<String, Map<String, BigDecimal>> leads = new LinkedHashMap<>();
        Map<String, Map<String, Set<String>>> buyers = new LinkedHashMap<>();
        Map<String, Integer> unattributed = new LinkedHashMap<>();
        for (Attribution a : attributions) {
            if (a.journey().kind() != Journey.Kind.BUYER || a.journey().leadCreatedAt() == null) {
                continue;
            }
            Map<String, BigDecimal> sums = leads.computeIfAbsent(a.model(), m -> new LinkedHashMap<>());
            Map<String, Set<String>> who = buyers.computeIfAbsent(a.model(), m -> new LinkedHashMap<>());
            unattributed.merge(a.model(), a.attributed() ? 0 : 1, Integer::sum);
            for (Credit c : a.credits()) {
                sums.merge(c.touch().channel(), c.weight(), BigDecimal::add);
                Set<String> set = who.computeIfAbsent(c.touch().channel(), k -> new HashSet<>());
                if (c.weight().signum() > 0) {
                    set.add(c.subjectId());
                }
            }
        }
        List<LeadRow> out = new ArrayList<>();
        leads.forEach((model, sums) -> {
            List<LeadRow> rows = new ArrayList<>();
            sums.forEach((channel, sum) -> rows.add(new LeadRow(model, channel, buyers.get(model).get(channel).size(),
                    sum)));
            rows.sort(Comparator.comparing(LeadRow::leads).reversed().thenComparing(LeadRow::channel));
            out.addAll(rows);
            int none = unattributed.get(model);
            if (none > 0) {
                out.add(new LeadRow(model, UNATTRIBUTED, none, BigDecimal.valueOf(none).setScale(6)));
            }
        });
        return out;
    }

    private static Row row(String model, Dimension dimension, String key, Sum s, BigDecimal cost) {
        BigDecimal perDollar = cost == null || s.revenue.signum() == 0 ? null
                : cost.divide(s.revenue, 4, RoundingMode.HALF_EVEN);
        return new Row(model, dimension, key, s.subjects.size(), s.pipeline, s.revenue, cost, perDollar);
    }

    private static final class Sum {
        private final Set<String> subjects = new HashSet<>();
        private BigDecimal pipeline = BigDecimal.ZERO.setScale(2);
        private BigDecimal revenue = BigDecimal.ZERO.setScale(2);

        void add(String subject, BigDecimal p, BigDecimal r, boolean counts) {
            if (counts) {
                subjects.add(subject);
            }
            pipeline = pipeline.add(p);
            revenue = revenue.add(r);
        }
    }
}
