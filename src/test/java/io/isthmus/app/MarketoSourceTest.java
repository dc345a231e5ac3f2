package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.isthmus.source.marketo.MarketoCursor;
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
 * Marketo through the real daemon and the source route templates, against WireMock stubs shaped like Marketo's
 * documented answers: paging tokens, lead changes, activities (pages with and without 'result'), leads by id,
 * and the errors Marketo returns inside HTTP 200 bodies.
 */
class MarketoSourceTest {

    private static final Instant NOW = Instant.parse("2024-05-02T09:00:00Z");
    private static final String FIRST_TOKEN = "GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ";
    private static final String ACTIVITIES_PAGE_3 = "JT6YMV5R3UOGTPT6K7TAYXAJSS2R6BDHXNS2IYWDUMNBDYMAEVXR====";

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(NOW);
    private SourceHarness h;

    private SourceHarness start(Map<String, String> extra) throws Exception {
        h = new SourceHarness(dir, "marketo");
        Map<String, String> o = new HashMap<>();
        o.put("isthmus.marketo.enabled", "true");
        o.put("isthmus.marketo.baseUrl", h.server.baseUrl());
        o.put("isthmus.marketo.clientId", "test-client-id");
        o.put("isthmus.marketo.clientSecret", "test-client-secret");
        o.put("isthmus.marketo.cron", "0 0 0 1 1 ? 2099");
        o.put("isthmus.marketo.backfillFrom", "2024-05-01");
        o.put("isthmus.marketo.rateLimitPause", "20ms");
        o.put("isthmus.sources.backoffInitial", "10ms");
        o.put("isthmus.sources.backoffMax", "40ms");
        o.put("isthmus.sources.retries", "2");
        o.put("isthmus.sources.breakerFailures", "2");
        o.putAll(extra);
        h.start(o, clock);
        return h;
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void firstPoll_backfillsLeadChangesActivitiesAndLeads_inOnePass() throws Exception {
        start(Map.of());
        h.poll();

        assertThat(h.rows("SELECT l.source_id, b.email, b.job_title FROM source_link l JOIN buyer b "
                + "ON b.id = l.buyer_id WHERE l.system = 'marketo' ORDER BY l.source_id")).containsExactly(
                "101|ines.moreau@acme.example.com|Head of Growth",
                "102|priya@borealis.example.com|CMO",
                "103|sam.lee@cobalt.example.com|null",
                // 104 was merged into 101 at Marketo: its late activities now land on 101's buyer.
                "104|ines.moreau@acme.example.com|Head of Growth");
        assertThat(h.rows("SELECT a.source_id, a.type, a.contact_ref, a.asset, a.campaign, a.utm_source, "
                + "a.utm_medium, a.utm_campaign, b.email FROM activity a LEFT JOIN buyer b ON b.id = a.buyer_id "
                + "ORDER BY a.source_id")).containsExactly(
                "5001|PAGE_VIEW|101|/pricing.html|null|linkedin|paid-social|spring-launch|ines.moreau@acme.example.com",
                "5002|FORM_FILL|102|Demo Request Form|2011|null|null|null|priya@borealis.example.com",
                "5003|EMAIL_SENT|103|Spring Launch - Invite|2012|null|null|null|sam.lee@cobalt.example.com",
                // Lead 105 is gone at Marketo (deleted): the activity is kept, unlinked, not dropped.
                "5006|EMAIL_OPEN|105|Spring Launch - Invite|null|null|null|null|null",
                "5008|EMAIL_CLICK|101|Spring Launch - Invite|2012|marketo|email|spring-launch|ines.moreau@acme.example.com");
        assertThat(h.rows("SELECT b.email, c.unsubscribed FROM buyer_consent c JOIN buyer b ON b.id = c.buyer_id"))
                .containsExactly("priya@borealis.example.com|TRUE");
        assertThat(h.rows("SELECT kind, origin, error_code, error_message FROM dead_letter")).containsExactly(
                "SOURCE_RECORD|marketo|UNREADABLE|'leadId' is not a numeric id");
        assertThat(h.one("SELECT payload FROM dead_letter")).contains("\"marketoGUID\":\"5007\"");

        MarketoCursor cursor = cursor();
        assertThat(cursor.inPass()).isFalse();
        assertThat(cursor.completedUntil()).isEqualTo(NOW);
        // pages: 2 lead-change pages, 3 activity pages (one empty with moreResult true)
        assertThat(h.one("SELECT pages_applied FROM source_watermark WHERE source = 'marketo'")).isEqualTo("5");
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/identity/oauth/token")))).hasSize(1);
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/rest/v1/leads.json")))).hasSize(2);
        // Backfill progress: 3 contacts, 5 activities, 1 consent, 1 merge and 1 unreadable record, all of the range.
        String metrics = metrics();
        assertThat(metrics).contains("isthmus_source_backfill_records{source=\"marketo\"} 11.0");
        assertThat(metrics).contains("isthmus_source_backfill_done_ratio{source=\"marketo\"} 1.0");
    }

    @Test
    void secondPoll_readsOnlyFromTheLastPassStartLessTheOverlap_andKeepsEachActivityOnce() throws Exception {
        start(Map.of());
        h.poll();
        clock.advance(Duration.ofHours(1));
        h.poll();

        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/rest/v1/activities/pagingtoken.json"))
                .withQueryParam("sinceDatetime", equalTo("2024-05-02T08:50:00Z")))).hasSize(1);
        assertThat(h.one("SELECT job_title FROM buyer WHERE email = 'priya@borealis.example.com'"))
                .isEqualTo("Chief Marketing Officer");
        // 5001 came again in the overlap window and is stored once; 5101 is new.
        assertThat(h.one("SELECT COUNT(*) FROM activity WHERE source_id = '5001'")).isEqualTo("1");
        assertThat(h.one("SELECT b.email FROM activity a JOIN buyer b ON b.id = a.buyer_id "
                + "WHERE a.source_id = '5101'")).isEqualTo("priya@borealis.example.com");
        assertThat(cursor().completedUntil()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        // The access token (valid for an hour less a minute) was fetched again for the second poll.
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/identity/oauth/token")))).hasSize(2);
    }

    @Test
    void restartMidBackfill_continuesFromTheStoredPageToken_withNothingTwiceAndNothingSkipped() throws Exception {
        start(Map.of("isthmus.marketo.maxPagesPerPoll", "3"));
        h.poll();
        MarketoCursor mid = cursor();
        assertThat(mid.inPass()).isTrue();
        assertThat(mid.stream()).isEqualTo(MarketoCursor.Stream.ACTIVITIES);
        assertThat(h.rows("SELECT source_id FROM activity ORDER BY source_id")).containsExactly(
                "5001", "5002", "5003", "5006");
        h.stopDaemon();

        h.start(Map.of("isthmus.marketo.enabled", "true", "isthmus.marketo.baseUrl", h.server.baseUrl(),
                "isthmus.marketo.clientId", "test-client-id", "isthmus.marketo.clientSecret", "test-client-secret",
                "isthmus.marketo.cron", "0 0 0 1 1 ? 2099", "isthmus.marketo.backfillFrom", "2024-05-01"), clock);
        h.poll();

        assertThat(h.rows("SELECT source_id, COUNT(*) FROM activity GROUP BY source_id ORDER BY source_id"))
                .containsExactly("5001|1", "5002|1", "5003|1", "5006|1", "5008|1");
        assertThat(cursor().inPass()).isFalse();
        // One pass: the paging token was asked for once; the restart went on with the stored page token.
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/rest/v1/activities/pagingtoken.json"))))
                .hasSize(1);
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/rest/v1/activities.json"))
                .withQueryParam("nextPageToken", equalTo(FIRST_TOKEN)))).hasSize(1);
        assertThat(h.one("SELECT COUNT(*) FROM buyer")).isEqualTo("3");
    }

    @Test
    void expiredToken602_fetchesANewTokenAndRepeatsTheCall() throws Exception {
        start(Map.of());
        h.server.stubFor(onceThen(activitiesPage3(), "token-expired-602"));
        h.poll();

        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/identity/oauth/token")))).hasSize(2);
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/rest/v1/activities.json"))
                .withQueryParam("nextPageToken", equalTo(ACTIVITIES_PAGE_3)))).hasSize(2);
        assertThat(h.one("SELECT COUNT(*) FROM activity WHERE source_id = '5008'")).isEqualTo("1");
        assertThat(cursor().inPass()).isFalse();
        assertThat(metrics()).contains("isthmus_source_token_refreshes_total{source=\"marketo\"} 2.0");
    }

    @Test
    void rateLimit606_andConcurrency615_waitAndRepeat_withoutLosingThePage() throws Exception {
        start(Map.of());
        h.server.stubFor(onceThen(activitiesPage3(), "rate-limited-606"));
        h.server.stubFor(onceThen(get(urlPathEqualTo("/rest/v1/leads.json")).withQueryParam("filterValues",
                equalTo("101,102")), "concurrency-615"));
        h.poll();

        assertThat(cursor().inPass()).isFalse();
        assertThat(h.rows("SELECT source_id FROM activity ORDER BY source_id")).hasSize(5);
        assertThat(h.one("SELECT COUNT(*) FROM buyer")).isEqualTo("3");
        String metrics = metrics();
        assertThat(metrics).contains("isthmus_source_rate_limited_total{source=\"marketo\"} 1.0");
        assertThat(metrics).contains("isthmus_source_retries_total{source=\"marketo\"} 1.0");
    }

    @Test
    void dailyQuota607_pausesTheSourceUntilMidnightCentral_thenGoesOn() throws Exception {
        start(Map.of());
        h.server.stubFor(onceThen(activitiesPage3(), "quota-607"));
        h.poll();
        assertThat(cursor().inPass()).isTrue();
        int calls = h.server.getAllServeEvents().size();

        h.poll();
        assertThat(h.server.getAllServeEvents()).as("no call while the quota is used up").hasSize(calls);
        assertThat(metrics()).contains("isthmus_source_paused{source=\"marketo\"} 1.0");
        assertThat(h.http("/observe/health/ready").statusCode()).isEqualTo(200);

        // 2024-05-02T09:00Z is 04:00 in Chicago (CDT, UTC-5): the quota resets at 05:00Z the next day.
        clock.set(Instant.parse("2024-05-03T05:00:00Z"));
        h.poll();
        assertThat(cursor().inPass()).isFalse();
        assertThat(h.one("SELECT COUNT(*) FROM activity WHERE source_id = '5008'")).isEqualTo("1");
    }

    @Test
    void malformedPage_isQuarantinedRaw_andTheCursorStaysBeforeIt() throws Exception {
        start(Map.of());
        h.server.stubFor(activitiesPage3().atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBodyFile("marketo/malformed-html.html")));
        h.poll();

        assertThat(h.rows("SELECT kind, origin, error_code FROM dead_letter WHERE kind = 'SOURCE_PAGE'"))
                .containsExactly("SOURCE_PAGE|marketo|MALFORMED_PAGE");
        assertThat(h.one("SELECT payload FROM dead_letter WHERE kind = 'SOURCE_PAGE'")).contains("502 Bad Gateway");
        assertThat(cursor().pageToken()).isEqualTo(ACTIVITIES_PAGE_3);
        assertThat(metrics()).contains("isthmus_source_pages_quarantined_total{source=\"marketo\"} 1.0");
    }

    @Test
    void repeatedFailures_openTheCircuitBreaker_skipPolls_andTakeReadinessDown() throws Exception {
        start(Map.of());
        h.server.stubFor(activitiesPage3().atPriority(1).willReturn(okFile("system-error-611")));
        h.poll();
        h.poll();
        int calls = h.server.getAllServeEvents().size();
        assertThat(h.http("/observe/health/ready").statusCode()).isEqualTo(503);
        assertThat(h.http("/observe/health?exposureLevel=full").body()).contains("source-marketo");

        h.poll();
        assertThat(h.server.getAllServeEvents()).as("no call while the breaker is open").hasSize(calls);
        String metrics = metrics();
        assertThat(metrics).contains("isthmus_source_breaker_open{source=\"marketo\"} 1.0");
        assertThat(metrics).contains("isthmus_source_polls_total{outcome=\"failed\",source=\"marketo\"} 2.0");
        // Each poll retried twice (retries=2) before failing: 3 calls per poll for the broken page.
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/rest/v1/activities.json"))
                .withQueryParam("nextPageToken", equalTo(ACTIVITIES_PAGE_3)))).hasSize(6);
    }

    @Test
    void openBreaker_afterItsWait_letsOneTrialPollThrough_whichClosesItWhenMarketoIsBack() throws Exception {
        start(Map.of("isthmus.sources.breakerOpenFor", "15m"));
        StubMapping broken = h.server.stubFor(activitiesPage3().atPriority(1).willReturn(okFile("system-error-611")));
        h.poll();
        h.poll();
        assertThat(h.http("/observe/health/ready").statusCode()).isEqualTo(503);
        h.server.removeStub(broken);

        clock.advance(Duration.ofMinutes(14));
        h.poll();
        assertThat(cursor().inPass()).as("still open: no trial before 15 minutes").isTrue();

        clock.advance(Duration.ofMinutes(2));
        h.poll();
        assertThat(cursor().inPass()).isFalse();
        assertThat(h.http("/observe/health/ready").statusCode()).isEqualTo(200);
        assertThat(metrics()).contains("isthmus_source_breaker_open{source=\"marketo\"} 0.0");
    }

    private static MappingBuilder activitiesPage3() {
        return get(urlPathEqualTo("/rest/v1/activities.json")).withQueryParam("nextPageToken",
                equalTo(ACTIVITIES_PAGE_3));
    }

    /** The first matching call gets the error body (HTTP 200, success:false); later ones fall to the file stubs. */
    private static MappingBuilder onceThen(MappingBuilder request, String errorFile) {
        return request.atPriority(1).inScenario(errorFile).whenScenarioStateIs(STARTED)
                .willSetStateTo("answered").willReturn(okFile(errorFile));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okFile(String name) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBodyFile("marketo/" + name + ".json");
    }

    private MarketoCursor cursor() throws Exception {
        return MarketoCursor.fromJson(h.one("SELECT cursor_value FROM source_watermark WHERE source = 'marketo'"));
    }

    private String metrics() throws Exception {
        return h.http("/observe/metrics").body();
    }
}
