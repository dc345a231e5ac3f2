package io.isthmus.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rendering the status page from a snapshot: content, escaping, empty states and the JSON twin. */
class StatusPageTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String SCRIPT = "<script>alert('x')</script>";

    private static StatusSnapshot snapshot(String sourceName, String errorCode, String message) {
        return new StatusSnapshot(NOW,
                List.of(new StatusSnapshot.Source(sourceName, NOW.minusSeconds(90), NOW.minusSeconds(400),
                        Duration.ofSeconds(400), StatusSnapshot.LagBasis.CURSOR, 12, 340, 2)),
                new StatusSnapshot.Outbox(7, 180, 1, NOW.minus(Duration.ofMinutes(20))),
                List.of(new StatusSnapshot.DeadLetterGroup("CRM_RECORD", errorCode, 3, NOW.minusSeconds(30), message)),
                new StatusSnapshot.ApiUsage(12_500, 15_000), 340,
                List.of(new StatusSnapshot.StageCount("LEAD", 300), new StatusSnapshot.StageCount("MQL", 40)));
    }

    @Test
    void render_showsEveryFigure_withIdsTheBrowserTestFinds() {
        String html = StatusPage.render(snapshot("hubspot-contacts", "REQUIRED_FIELD_MISSING",
                "Required fields are missing: [LastName]"));

        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<tr data-source=\"hubspot-contacts\">", "2026-11-23 11:58:30Z", "6m 40s", "340")
                .contains("id=\"outbox-depth\"", ">7<", "oldest queued 20m 00s ago")
                .contains("REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]")
                .contains("12500 / 15000", "83.3 % of the org")
                .contains("<tr data-stage=\"LEAD\">", "<tr data-stage=\"MQL\">")
                .doesNotContain("<script", "src=\"http", "href=\"http");
        // 20 minutes of waiting and 83 % of the API budget are both shown as warnings.
        assertThat(html).contains("class=\"card warn\" id=\"outbox-depth\"", "class=\"card warn\" id=\"api-budget\"");
    }

    @Test
    void render_escapesMarkupFromTheStore_soInjectedHtmlDoesNotRender() {
        String html = StatusPage.render(snapshot("evil\"><img src=x onerror=alert(1)>", SCRIPT,
                "<b>bold</b> & \"quoted\""));

        assertThat(html).doesNotContain(SCRIPT, "<img", "<b>bold</b>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("data-source=\"evil&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\"")
                .contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;");
    }

    @Test
    void render_withEmptyStoreAndSinkDisabled_saysSoInsteadOfEmptyTables() {
        String html = StatusPage.render(new StatusSnapshot(NOW, List.of(),
                new StatusSnapshot.Outbox(0, 0, 0, null), List.of(), null, 0, List.of()));

        assertThat(html).contains("No source has applied a page yet.", "No buyer has a stage yet.",
                "the Salesforce sink is disabled", "nothing waiting")
                .doesNotContain("<table");
    }

    @Test
    void render_beforeTheFirstCrmCall_showsTheBudgetAsUnknown() {
        String html = StatusPage.render(new StatusSnapshot(NOW, List.of(),
                new StatusSnapshot.Outbox(0, 0, 0, null), List.of(), new StatusSnapshot.ApiUsage(-1, -1), 0,
                List.of()));

        assertThat(html).contains("id=\"api-budget\"", "unknown", "no call made since start");
    }

    @Test
    void duration_isShortAndHuman_atEachScale() {
        assertThat(StatusPage.duration(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(StatusPage.duration(Duration.ofSeconds(245))).isEqualTo("4m 05s");
        assertThat(StatusPage.duration(Duration.ofMinutes(192))).isEqualTo("3h 12m");
        assertThat(StatusPage.duration(Duration.ofHours(52))).isEqualTo("2d 04h");
    }

    @Test
    void json_carriesTheSameFigures_andKeepsMarkupAsPlainText() throws Exception {
        JsonNode root = new ObjectMapper().readTree(StatusJson.render(snapshot("hubspot-contacts", SCRIPT, "m")));

        assertThat(root.path("at").asText()).isEqualTo("2026-11-23T12:00:00Z");
        assertThat(root.path("sources").path(0).path("lagSeconds").asLong()).isEqualTo(400);
        assertThat(root.path("sources").path(0).path("position").asText()).isEqualTo("2026-11-23T11:53:20Z");
        assertThat(root.path("outbox").path("pending").asLong()).isEqualTo(7);
        assertThat(root.path("deadLetters").path(0).path("errorCode").asText()).isEqualTo(SCRIPT);
        assertThat(root.path("apiBudget").path("limit").asLong()).isEqualTo(15_000);
        assertThat(root.path("funnel").path(1).path("stage").asText()).isEqualTo("MQL");
    }
}
