package io.isthmus.attribution.funnel;

import static io.isthmus.attribution.funnel.FunnelReport.days;
import static io.isthmus.attribution.funnel.Table.Column.number;
import static io.isthmus.attribution.funnel.Table.Column.text;

import io.isthmus.attribution.funnel.StageMetrics.Conversion;
import io.isthmus.attribution.funnel.StageMetrics.MonthlyNurture;
import io.isthmus.attribution.funnel.StageMetrics.TimeInStage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Lays a {@link FunnelReport} out as tables: one per figure, columns named for CSV and JSON. */
final class FunnelTables {

    private FunnelTables() {
    }

    static List<Table> of(FunnelReport r) {
        return List.of(conversions(r), timeInStage(r), leadToMql(r),
                amounts("attribution-by-channel", "Pipeline and revenue by channel", "channel", "Channel",
                        r.byChannel()),
                amounts("attribution-by-campaign", "Pipeline and revenue by campaign", "campaign", "Campaign",
                        r.byCampaign()),
                leads(r));
    }

    private static Table leads(FunnelReport r) {
        List<List<Object>> rows = new ArrayList<>();
        for (AttributedAmounts.LeadRow l : r.leadsByChannel()) {
            rows.add(row(l.model(), l.channel(), l.buyers(), l.leads()));
        }
        return new Table("leads-by-channel", "Leads created by channel", List.of(text("model", "Model"),
                text("channel", "Channel"), number("buyers", "Buyers"), number("leads", "Leads")), rows);
    }

    private static Table conversions(FunnelReport r) {
        List<List<Object>> rows = new ArrayList<>();
        for (Conversion c : r.conversions()) {
            rows.add(row(c.from().name(), c.to().name(), c.reached(), c.advanced(), c.rate()));
        }
        return new Table("conversion", "Conversion between stages", List.of(text("from", "From"), text("to", "To"),
                number("reached", "Reached"), number("advanced", "Advanced"), number("rate", "Rate")), rows);
    }

    private static Table timeInStage(FunnelReport r) {
        List<List<Object>> rows = new ArrayList<>();
        for (TimeInStage t : r.timeInStage()) {
            rows.add(row(t.stage().name(), t.completed().count(), t.open(), days(t.completed().median()),
                    days(t.completed().p90())));
        }
        return new Table("time-in-stage", "Time in stage (days, completed stays)", List.of(text("stage", "Stage"),
                number("completed", "Completed"), number("open", "Still in stage"),
                number("median_days", "Median days"), number("p90_days", "P90 days")), rows);
    }

    private static Table leadToMql(FunnelReport r) {
        List<List<Object>> rows = new ArrayList<>();
        for (MonthlyNurture m : r.leadToMqlByMonth()) {
            rows.add(row(m.month().toString(), m.stats().count(), days(m.stats().median()), days(m.stats().p90())));
        }
        DurationStats all = r.leadToMql();
        rows.add(row("all", all.count(), days(all.median()), days(all.p90())));
        return new Table("lead-to-mql", "Lead to MQL time (nurture period) by month of MQL",
                List.of(text("month", "Month"), number("buyers", "Buyers"), number("median_days", "Median days"),
                        number("p90_days", "P90 days")), rows);
    }

    private static Table amounts(String name, String title, String key, String heading,
            List<AttributedAmounts.Row> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (AttributedAmounts.Row a : rows) {
            out.add(row(a.model(), a.key(), a.opportunities(), a.pipeline(), a.revenue(), a.cost(),
                    a.costPerRevenue()));
        }
        return new Table(name, title, List.of(text("model", "Model"), text(key, heading),
                number("opportunities", "Opps"), number("pipeline", "Pipeline"), number("revenue", "Revenue"),
                number("cost", "Cost"), number("cost_per_revenue_dollar", "Cost per $")), out);
    }

    /** A row that may hold nulls (List.of refuses them). */
    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }
}
