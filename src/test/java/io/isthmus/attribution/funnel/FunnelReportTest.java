package io.isthmus.attribution.funnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.attribution.funnel.FunnelReport.Gauge;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunnelReportTest {

    private final FunnelReport report = FunnelReport.compute(FunnelFixture.HISTORY,
            AttributedAmountsTest.attributions(), AttributedAmountsTest.COSTS, ZoneOffset.UTC);

    @Test
    void gauges_handCountedFixture_headlineFigures() {
        assertThat(report.gauges()).contains(
                new Gauge("isthmus_funnel_conversion_rate", Map.of("from", "visitor", "to", "lead"),
                        new BigDecimal("0.7500")),
                new Gauge("isthmus_funnel_conversion_rate", Map.of("from", "mql", "to", "sql"),
                        new BigDecimal("0.6667")),
                new Gauge("isthmus_funnel_lead_to_mql_days", Map.of("quantile", "0.5"), new BigDecimal("6.50")),
                new Gauge("isthmus_funnel_lead_to_mql_days", Map.of("quantile", "0.9"), new BigDecimal("9.30")),
                // A 1000 + B 600 + C 400; revenue A 1000 + C 400; C has no touch
                new Gauge("isthmus_attribution_pipeline_total", Map.of(), new BigDecimal("2000.00")),
                new Gauge("isthmus_attribution_revenue_total", Map.of(), new BigDecimal("1400.00")),
                new Gauge("isthmus_attribution_unattributed_revenue", Map.of(), new BigDecimal("400.00")));
        assertThat(report.gauges()).filteredOn(g -> g.name().equals("isthmus_funnel_conversion_rate")).hasSize(6);
    }

    @Test
    void tables_conversionTable_readsAsHandCounted() {
        assertThat(report.tables()).extracting(Table::name).containsExactly("conversion", "time-in-stage",
                "lead-to-mql", "attribution-by-channel", "attribution-by-campaign", "leads-by-channel");
        assertThat(ReportTables.text(report.tables().get(0))).isEqualTo("""
                Conversion between stages
                From         To           Reached  Advanced    Rate
                -----------  -----------  -------  --------  ------
                VISITOR      LEAD               4         3  0.7500
                LEAD         MQL                3         3  1.0000
                MQL          SQL                3         2  0.6667
                SQL          OPPORTUNITY        2         1  0.5000
                OPPORTUNITY  CUSTOMER           1         1  1.0000
                CUSTOMER     ADVOCATE           1         0  0.0000
                """);
    }

    @Test
    void tables_leadToMql_hasOneRowPerMonthAndATotal() {
        assertThat(ReportTables.csv(report.tables().get(2))).isEqualTo("month,buyers,median_days,p90_days\r\n"
                + "2026-01,1,3.00,3.00\r\n2026-02,1,10.00,10.00\r\nall,2,6.50,9.30\r\n");
    }

    @Test
    void tables_byChannel_carryCostPerDollar() {
        assertThat(ReportTables.csv(report.tables().get(3))).startsWith(
                "model,channel,opportunities,pipeline,revenue,cost,cost_per_revenue_dollar\r\n"
                        + "linear,Paid Search,2,1100.00,500.00,250,0.5000\r\n"
                        + "linear,Email,1,500.00,500.00,,\r\n"
                        + "linear,(unattributed),1,400.00,400.00,,\r\n");
    }

    @Test
    void write_wholeReport_writesSixCsvFilesAndJson(@TempDir Path dir) throws Exception {
        ReportTables.write(report.tables(), dir);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("conversion.csv",
                    "time-in-stage.csv", "lead-to-mql.csv", "attribution-by-channel.csv",
                    "attribution-by-campaign.csv", "leads-by-channel.csv", "report.json");
        }
    }
}
