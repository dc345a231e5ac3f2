package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.isthmus.source.KeysetCursor;
import io.isthmus.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Matomo visits through the real daemon and the source route templates, against WireMock stubs shaped like
 * Live.getLastVisitsDetails: a JSON array of visits with actionDetails, unix-second timestamps, numbers as
 * strings, errors as {"result":"error"} with HTTP 200 or 401.
 */
class MatomoSourceTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final String INES_VISITOR = "0f1e2d3c4b5a6978";
    private static final String ANONYMOUS_VISITOR = "a1b2c3d4e5f60718";

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(NOW);
    private SourceHarness h;

    private Map<String, String> settings() {
        Map<String, String> o = new HashMap<>();
        o.put("isthmus.matomo.enabled", "true");
        o.put("isthmus.matomo.baseUrl", h.server.baseUrl());
        o.put("isthmus.matomo.token", "test-matomo-token");
        o.put("isthmus.matomo.cron", "0 0 0 1 1 ? 2099");
        o.put("isthmus.matomo.pageSize", "3");
        o.put("isthmus.matomo.backfillFrom", "2024-05-01");
        o.put("isthmus.sources.backoffInitial", "10ms");
        o.put("isthmus.sources.backoffMax", "40ms");
        o.put("isthmus.sources.retries", "2");
        return o;
    }

    private void start(Map<String, String> extra) throws Exception {
        h = new SourceHarness(dir, "matomo");
        Map<String, String> o = settings();
        o.putAll(extra);
        h.start(o, clock);
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void firstPoll_backfillsVisitsIntoActivities_andStitchesTheVisitorOfAnEmailUserId() throws Exception {
        start(Map.of());
        h.poll();

        assertThat(h.rows("SELECT a.source_id, a.type, a.visitor_id, a.contact_ref, a.asset, a.campaign, "
                + "a.utm_source, a.utm_medium, b.email FROM activity a LEFT JOIN buyer b ON b.id = a.buyer_id "
                + "ORDER BY a.source_id")).containsExactly(
                "9001:0|PAGE_VIEW|a1b2c3d4e5f60718|null|https://www.acme-demo.example.com/?utm_source=newsletter"
                        + "&utm_medium=email&utm_campaign=spring-launch|spring-launch|newsletter|email|null",
                "9001:1|CONTENT_DOWNLOAD|a1b2c3d4e5f60718|null|https://www.acme-demo.example.com/files/"
                        + "pricing-2024.pdf|spring-launch|null|null|null",
                "9002:0|PAGE_VIEW|0f1e2d3c4b5a6978|ines.moreau@acme.example.com|https://www.acme-demo.example.com/"
                        + "pricing|null|null|null|ines.moreau@acme.example.com",
                "9002:1|OUTLINK|0f1e2d3c4b5a6978|ines.moreau@acme.example.com|https://www.linkedin.com/company/"
                        + "acme-demo|null|null|null|ines.moreau@acme.example.com",
                "9002:2|GOAL|0f1e2d3c4b5a6978|ines.moreau@acme.example.com|Demo request|null|null|null|"
                        + "ines.moreau@acme.example.com",
                // A userId that is not an email stays a reference until some source knows that id.
                "9003:0|PAGE_VIEW|1122334455667788|crm-000123|https://www.acme-demo.example.com/careers|null|null|"
                        + "null|null",
                "9004:0|PAGE_VIEW|a1b2c3d4e5f60718|null|https://www.acme-demo.example.com/blog/attribution|null|"
                        + "null|null|null");
        assertThat(h.one("SELECT b.email FROM source_link l JOIN buyer b ON b.id = l.buyer_id "
                + "WHERE l.system = 'visitor' AND l.source_id = '" + INES_VISITOR + "'"))
                .isEqualTo("ines.moreau@acme.example.com");
        assertThat(h.rows("SELECT kind, error_code, error_message FROM dead_letter")).containsExactly(
                "SOURCE_RECORD|UNREADABLE|visit has no numeric idVisit");
        // Page 2 went on from the last second of page 1, skipping the two visits at that second already read.
        assertThat(h.server.findAll(postRequestedFor(urlPathEqualTo("/index.php")).withRequestBody(
                containing("filter_offset=2&minTimestamp=1714558200&")))).hasSize(1);
        KeysetCursor c = cursor();
        assertThat(c.inPass()).isFalse();
        assertThat(c.completedUntil()).isEqualTo(Instant.ofEpochSecond(1714558500));
    }

    @Test
    void secondPoll_rereadsOngoingVisitsInTheOverlap_addingOnlyNewActions_andAdoptsAnonymousHistory()
            throws Exception {
        start(Map.of());
        h.poll();
        clock.advance(Duration.ofMinutes(30));
        h.poll();

        // 45 minutes before the last pass's latest action: 1714558500 - 2700.
        assertThat(h.server.findAll(postRequestedFor(urlPathEqualTo("/index.php")).withRequestBody(
                containing("minTimestamp=1714555800&")))).hasSize(1);
        assertThat(h.rows("SELECT source_id FROM activity WHERE source_id LIKE '9002:%' ORDER BY source_id"))
                .containsExactly("9002:0", "9002:1", "9002:2", "9002:3");
        // The anonymous visitor logged in as Tom: its earlier visits (9001, 9004) now belong to Tom's buyer.
        assertThat(h.rows("SELECT a.source_id FROM activity a JOIN buyer b ON b.id = a.buyer_id "
                + "WHERE b.email = 'tom@delta.example.com' ORDER BY a.source_id"))
                .containsExactly("9001:0", "9001:1", "9004:0", "9005:0");
        assertThat(h.one("SELECT COUNT(*) FROM activity")).isEqualTo("9");
        assertThat(cursor().completedUntil()).isEqualTo(Instant.ofEpochSecond(1714560300));
    }

    @Test
    void restartMidBackfill_continuesAtTheStoredKeyset_withEachActionOnce() throws Exception {
        start(Map.of("isthmus.matomo.maxPagesPerPoll", "1"));
        h.poll();
        KeysetCursor mid = cursor();
        assertThat(mid.inPass()).isTrue();
        assertThat(mid.minTimestamp()).isEqualTo(1714558200L);
        assertThat(mid.skip()).isEqualTo(2);
        h.stopDaemon();

        h.start(settings(), clock);
        h.poll();

        assertThat(h.rows("SELECT source_id, COUNT(*) FROM activity GROUP BY source_id ORDER BY source_id"))
                .containsExactly("9001:0|1", "9001:1|1", "9002:0|1", "9002:1|1", "9002:2|1", "9003:0|1",
                        "9004:0|1");
        assertThat(h.server.findAll(postRequestedFor(urlPathEqualTo("/index.php")).withRequestBody(
                containing("filter_offset=0&minTimestamp=1714521600&")))).hasSize(1);
        assertThat(cursor().inPass()).isFalse();
    }

    @Test
    void emptyArray_endsThePass_withNothingApplied() throws Exception {
        start(Map.of("isthmus.matomo.siteId", "2"));
        h.poll();

        assertThat(h.one("SELECT COUNT(*) FROM activity")).isEqualTo("0");
        KeysetCursor c = cursor();
        assertThat(c.inPass()).isFalse();
        assertThat(c.completedUntil()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    }

    @Test
    void errorAnswers_inHttp200_andHttp401_failThePoll_withoutMovingTheCursor() throws Exception {
        start(Map.of("isthmus.matomo.token", "wrong-token"));
        h.poll();
        assertThat(h.rows("SELECT cursor_value FROM source_watermark")).isEmpty();
        assertThat(h.http("/observe/metrics").body())
                .contains("isthmus_source_polls_total{outcome=\"failed\",source=\"matomo\"} 1.0");

        h.server.stubFor(post(urlPathEqualTo("/index.php")).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("matomo/error-range.json")));
        h.poll();
        assertThat(h.rows("SELECT cursor_value FROM source_watermark")).isEmpty();
        assertThat(h.http("/observe/metrics").body())
                .contains("isthmus_source_polls_total{outcome=\"failed\",source=\"matomo\"} 2.0");
    }

    @Test
    void rateLimited429_waitsRetryAfter_thenRepeatsTheSamePage() throws Exception {
        start(Map.of());
        h.server.stubFor(firstPage().atPriority(1).inScenario("429").whenScenarioStateIs(STARTED)
                .willSetStateTo("answered").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("Too Many Requests")));
        h.poll();

        assertThat(h.one("SELECT COUNT(*) FROM activity")).isEqualTo("7");
        assertThat(h.server.findAll(postRequestedFor(urlPathEqualTo("/index.php")).withRequestBody(
                containing("filter_offset=0&minTimestamp=1714521600&")))).hasSize(2);
        assertThat(h.http("/observe/metrics").body())
                .contains("isthmus_source_rate_limited_total{source=\"matomo\"} 1.0")
                .contains("isthmus_source_calls_total{outcome=\"429\",source=\"matomo\"} 1.0")
                .contains("isthmus_source_calls_total{outcome=\"200\",source=\"matomo\"} 2.0");
    }

    @Test
    void malformedPage_isQuarantinedRaw_andCounted() throws Exception {
        start(Map.of());
        h.server.stubFor(firstPage().atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBodyFile("matomo/malformed-html.html")));
        h.poll();

        assertThat(h.rows("SELECT kind, origin, error_code FROM dead_letter")).containsExactly(
                "SOURCE_PAGE|matomo|MALFORMED_PAGE");
        assertThat(h.one("SELECT payload FROM dead_letter")).contains("under maintenance");
        assertThat(h.rows("SELECT cursor_value FROM source_watermark")).isEmpty();
        assertThat(h.http("/observe/metrics").body())
                .contains("isthmus_source_pages_quarantined_total{source=\"matomo\"} 1.0");
    }

    private static MappingBuilder firstPage() {
        return post(urlPathEqualTo("/index.php")).withRequestBody(containing("filter_offset=0&minTimestamp=1714521600&"));
    }

    private KeysetCursor cursor() throws Exception {
        return KeysetCursor.fromJson(h.one("SELECT cursor_value FROM source_watermark WHERE source = 'matomo'"));
    }
}
