package io.isthmus.pipeline;

import io.isthmus.testing.Rows;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.BuyerModel;
import io.isthmus.app.PipelineFixture;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.attribution.funnel.FunnelReport;
import io.isthmus.attribution.funnel.ReportTables;
import io.isthmus.lifecycle.LifecycleEvent;
import io.isthmus.ops.FunnelReporter;
import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceContact;
import io.isthmus.source.SourceRecord;
import io.isthmus.store.CrmLinkRepository;
import io.isthmus.store.Database;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages with a contact and its activities through the real pipeline on H2: activities stored and linked (also
 * when they arrive before the contact), the buyer scored to MQL with an explanation, touches recorded with their
 * channel, and a won opportunity credited in the report.
 */
class ActivityScoringAndAttributionTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private PageApplier applier;
    private BuyerEvaluator evaluator;
    private BuyerModel model;

    @BeforeEach
    void open() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        db = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("s").toAbsolutePath(), "sa",
                new Secret(""), 4));
        model = BuyerModel.load(dir.resolve("no-model-files"));
        evaluator = PipelineFixture.evaluator(model, clock);
        applier = PipelineFixture.applier(db, PipelineFixture.publisher(db, model, evaluator),
                PipelineFixture.identityIndex(db, model), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static SourceActivity activity(String id, String day, ActivityType type, String asset, String medium,
                                           String source, String campaign) {
        return new SourceActivity("marketo", id, Instant.parse(day + "T10:00:00Z"), "77", null, type, asset, campaign,
                new SourceActivity.Utm(source, medium, campaign, null, null));
    }

    private void page(String cursor, SourceRecord... records) {
        applier.apply(new SourcePage("marketo-test", List.of(records), List.of(), cursor, false));
    }

    @Test
    void activitiesBeforeAndAfterTheContact_scoreTheBuyerToMql_andBecomeTouches() throws Exception {
        page("c1", activity("a1", "2024-05-28", ActivityType.PAGE_VIEW, "https://acme.example.com/pricing", "cpc",
                "google", "spring-search"));
        assertThat(rows("SELECT buyer_id FROM activity")).containsExactly("null");

        page("c2", new SourceContact("marketo", "77", NOW, "Jane.Doe@Example.com", "Jane", "Doe", "Initech", null,
                        "VP Marketing", "US", null, Map.of()),
                activity("a2", "2024-05-30", ActivityType.FORM_FILL, "Request a demo", "email", "newsletter",
                        "may-newsletter"),
                activity("a3", "2024-05-31", ActivityType.WEBINAR_ATTENDED, "Pipeline webinar", null, null, null));

        String buyer = rows("SELECT id FROM buyer").get(0);
        assertThat(rows("SELECT COUNT(*) FROM activity WHERE buyer_id = '" + buyer + "'")).containsExactly("3");
        assertThat(rows("SELECT to_stage FROM stage_transition ORDER BY id")).containsExactly("LEAD", "MQL");
        List<String> score = rows("SELECT engagement, summary FROM buyer_score");
        assertThat(score).singleElement().asString().contains("demo request").contains("pricing page");
        assertThat(Integer.parseInt(score.get(0).split("\\|")[0])).isGreaterThanOrEqualTo(50);
        assertThat(rows("SELECT touch_id, channel, stage_at_time FROM touch ORDER BY occurred_at")).containsExactly(
                "marketo:a1|Paid Search|VISITOR", "marketo:a2|Email|VISITOR", "marketo:a3|Events|VISITOR");
        assertThat(rows("SELECT payload FROM outbox WHERE sobject = 'Lead'")).singleElement().asString()
                .contains("\"Isthmus_Stage__c\":\"MQL\"").contains("\"Isthmus_MQL_Date__c\":\"2024-06-01T12:00:00.000Z\"");
        // Beside its Lead: a Task digest per day with activities, and a touchpoint per touch (no campaign is mapped).
        assertThat(rows("SELECT sobject, external_id FROM outbox WHERE sobject <> 'Lead' ORDER BY sobject, external_id"))
                .containsExactly("Isthmus_Touchpoint__c|marketo:a1",
                        "Isthmus_Touchpoint__c|marketo:a2", "Isthmus_Touchpoint__c|marketo:a3",
                        "Task|" + buyer + "/day/2024-05-28", "Task|" + buyer + "/day/2024-05-30",
                        "Task|" + buyer + "/day/2024-05-31");
    }

    @Test
    void wonOpportunity_isCreditedToTheTouchesInTheReport() throws Exception {
        page("c1", new SourceContact("marketo", "77", NOW, "jane@example.com", "Jane", "Doe", "Initech", null, null,
                        null, null, Map.of()),
                activity("a1", "2024-05-20", ActivityType.CONTENT_DOWNLOAD, "ebook", "cpc", "google", "spring-search"),
                activity("a2", "2024-05-25", ActivityType.FORM_FILL, "contact us", "email", "newsletter", "may"));
        String buyer = rows("SELECT id FROM buyer").get(0);
        db.inTransaction(c -> {
            CrmLinkRepository crm = new CrmLinkRepository();
            crm.save(c, new CrmLinkRepository.CrmLink(buyer, "00Q1", "Qualified", "0031", "0011", "0061", true), NOW);
            crm.saveOpportunity(c, new CrmLinkRepository.Opportunity("0061", buyer, "Closed Won", true, true,
                    new BigDecimal("10000.00"), LocalDate.parse("2024-05-31"), Instant.parse("2024-05-26T00:00:00Z"),
                    NOW));
            evaluator.apply(c, buyer, new LifecycleEvent.ClosedWon(NOW, "0061", new BigDecimal("10000.00"),
                    LocalDate.parse("2024-05-31")));
            return null;
        });

        FunnelReport report = new FunnelReporter(db, model, ZoneOffset.UTC, null).compute();
        String text = ReportTables.text(report.tables());

        // Linear: 50/50 between the two touches; first touch: all to Paid Search.
        assertThat(text).containsPattern("linear\\s+Paid Search\\s+1\\s+5000\\.00\\s+5000\\.00");
        assertThat(text).containsPattern("linear\\s+Email\\s+1\\s+5000\\.00\\s+5000\\.00");
        assertThat(text).containsPattern("first-touch\\s+Paid Search\\s+1\\s+10000\\.00\\s+10000\\.00");
        assertThat(rows("SELECT to_stage FROM stage_transition ORDER BY id")).endsWith("CUSTOMER");

        // The headline figures reach Prometheus: conversion rates (from/to) and totals (no tags) side by side, where
        // rows of one metric with different label names would be refused.
        var registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        new FunnelReporter(db, model, ZoneOffset.UTC, registry).refreshGauges();
        String scrape = registry.scrape();
        assertThat(scrape).contains("isthmus_funnel{figure=\"isthmus_attribution_revenue_total\",from=\"\"")
                .contains("figure=\"isthmus_funnel_conversion_rate\",from=\"opportunity\",quantile=\"\",to=\"customer\"} 1.0");
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(db.dataSource(), sql);
    }
}
