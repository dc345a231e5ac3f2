package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.isthmus.source.mautic.MauticCursor;
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
 * Mautic contacts through the real daemon and the source route templates, against WireMock stubs shaped like
 * GET /api/contacts: contacts keyed by id, total as a string or a number, empty results as {} and [], times
 * with offsets, errors whose HTTP status is their code.
 */
class MauticSourceTest {

    private static final Instant NOW = Instant.parse("2024-05-02T09:00:00Z");

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(NOW);
    private SourceHarness h;

    private Map<String, String> settings() {
        Map<String, String> o = new HashMap<>();
        o.put("isthmus.mautic.enabled", "true");
        o.put("isthmus.mautic.baseUrl", h.server.baseUrl());
        o.put("isthmus.mautic.username", "isthmus-api");
        o.put("isthmus.mautic.password", "test-mautic-password");
        o.put("isthmus.mautic.cron", "0 0 0 1 1 ? 2099");
        o.put("isthmus.mautic.pageSize", "2");
        o.put("isthmus.sources.backoffInitial", "10ms");
        o.put("isthmus.sources.backoffMax", "40ms");
        o.put("isthmus.sources.retries", "2");
        return o;
    }

    private void start(Map<String, String> extra) throws Exception {
        h = new SourceHarness(dir, "mautic");
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
    void firstPoll_backfillsEveryContactById_thenTheirActivityEvents_withDoNotContactAsConsent() throws Exception {
        start(Map.of());
        h.poll();

        assertThat(h.rows("SELECT l.source_id, b.email, b.first_name, b.job_title, b.company FROM source_link l "
                + "JOIN buyer b ON b.id = l.buyer_id ORDER BY l.source_id")).containsExactly(
                // 47 was never modified (no dateModified): the id-ordered backfill still reaches it.
                "47|jim.doe@orbital.example.com|Jim|Ops Director|Orbital Freight",
                "48|lena.fischer@borealis.example.com|Lena|Marketing Manager|Borealis Logistics GmbH",
                "52|noah@cobalt.example.com|Noah|null|Cobalt Retail");
        assertThat(h.rows("SELECT b.email, c.unsubscribed FROM buyer_consent c JOIN buyer b ON b.id = c.buyer_id"))
                .containsExactly("noah@cobalt.example.com|TRUE");
        assertThat(h.rows("SELECT a.source_id, a.type, a.occurred_at, a.asset, a.utm_source, a.utm_medium, "
                + "a.utm_campaign, b.email FROM activity a LEFT JOIN buyer b ON b.id = a.buyer_id "
                + "ORDER BY a.occurred_at")).containsExactly(
                "page.hit.20|PAGE_VIEW|2024-05-01 10:00:00+00|https://www.acme-demo.example.com/pricing"
                        + "?utm_source=google&utm_medium=cpc&utm_campaign=brand|google|cpc|brand|"
                        + "jim.doe@orbital.example.com",
                // eventLabel as a plain string; a -05:00 timestamp.
                "email.read.5|EMAIL_OPEN|2024-05-01 10:10:00+00|Spring newsletter|null|null|null|"
                        + "lena.fischer@borealis.example.com",
                "form.submitted.3|FORM_FILL|2024-05-01 10:20:00+00|Demo request|null|null|null|"
                        + "noah@cobalt.example.com");
        MauticCursor c = cursor();
        assertThat(c.backfill()).isFalse();
        assertThat(c.inPass()).isFalse();
        assertThat(c.keyset().completedUntil()).isEqualTo(NOW);
        assertThat(c.events().latest()).isEqualTo(Instant.parse("2024-05-01T10:20:00Z"));
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/api/contacts")))).hasSize(2);
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/api/contacts/activity")))).hasSize(2);
    }

    @Test
    void laterPolls_followDateModifiedFromTheLastPassLessTheOverlap_andAcceptAnEmptyArray() throws Exception {
        start(Map.of());
        h.poll();
        clock.advance(Duration.ofHours(1));
        h.poll();

        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/api/contacts"))
                .withQueryParam("where[0][val]", equalTo("2024-05-02 08:55:00")))).hasSize(1);
        assertThat(h.one("SELECT job_title FROM buyer WHERE email = 'lena.fischer@borealis.example.com'"))
                .isEqualTo("Head of Marketing");
        // -05:00 in the answer: 04:30 there is 09:30 UTC.
        assertThat(cursor().keyset().completedUntil()).isEqualTo(Instant.parse("2024-05-02T09:30:00Z"));
        // Events from 5 minutes before the latest seen: the form submission came again and is kept once.
        assertThat(h.rows("SELECT source_id, type FROM activity ORDER BY occurred_at")).containsExactly(
                "page.hit.20|PAGE_VIEW", "email.read.5|EMAIL_OPEN", "form.submitted.3|FORM_FILL",
                "asset.download.9|CONTENT_DOWNLOAD");
        assertThat(cursor().events().latest()).isEqualTo(Instant.parse("2024-05-02T09:40:00Z"));

        clock.advance(Duration.ofMinutes(10));
        h.poll();
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/api/contacts"))
                .withQueryParam("where[0][val]", equalTo("2024-05-02 09:25:00")))).hasSize(1);
        assertThat(cursor().keyset().completedUntil()).isEqualTo(Instant.parse("2024-05-02T09:30:00Z"));
        assertThat(h.rows("SELECT kind FROM dead_letter")).isEmpty();
    }

    @Test
    void emptyObject_endsTheBackfill_withNothingApplied() throws Exception {
        start(Map.of());
        h.server.stubFor(firstPage().atPriority(1).willReturn(json("contacts-empty-object")));
        h.poll();

        assertThat(h.one("SELECT COUNT(*) FROM buyer")).isEqualTo("0");
        assertThat(cursor().backfill()).isFalse();
    }

    @Test
    void restartMidBackfill_continuesAfterTheLastAppliedId() throws Exception {
        start(Map.of("isthmus.mautic.maxPagesPerPoll", "1"));
        h.poll();
        assertThat(cursor().backfillAfterId()).isEqualTo(48);
        h.stopDaemon();

        h.start(settings(), clock);
        h.poll();

        assertThat(h.one("SELECT COUNT(*) FROM buyer")).isEqualTo("3");
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/api/contacts"))
                .withQueryParam("where[0][val]", equalTo("0")))).hasSize(1);
        assertThat(cursor().backfill()).isFalse();
    }

    @Test
    void wrongPassword_401_failsThePoll_andSaysWhatToCheck() throws Exception {
        start(Map.of("isthmus.mautic.password", "wrong"));
        h.poll();

        assertThat(h.rows("SELECT cursor_value FROM source_watermark")).isEmpty();
        assertThat(h.http("/observe/metrics").body())
                .contains("isthmus_source_polls_total{outcome=\"failed\",source=\"mautic\"} 1.0");
    }

    @Test
    void serverError503_isRetriedWithBackoff_thenThePageIsApplied() throws Exception {
        start(Map.of());
        h.server.stubFor(firstPage().atPriority(1).inScenario("503").whenScenarioStateIs(STARTED)
                .willSetStateTo("answered").willReturn(aResponse().withStatus(503)));
        h.poll();

        assertThat(h.one("SELECT COUNT(*) FROM buyer")).isEqualTo("3");
        assertThat(h.http("/observe/metrics").body())
                .contains("isthmus_source_retries_total{source=\"mautic\"} 1.0");
    }

    @Test
    void rateLimited429_waitsRetryAfter_thenRepeatsTheSamePage() throws Exception {
        start(Map.of());
        h.server.stubFor(firstPage().atPriority(1).inScenario("429").whenScenarioStateIs(STARTED)
                .willSetStateTo("answered").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json").withBody("{\"errors\":[{\"code\":429,"
                                + "\"message\":\"API rate limit exceeded.\",\"details\":[],\"type\":null}]}")));
        h.poll();

        assertThat(h.one("SELECT COUNT(*) FROM buyer")).isEqualTo("3");
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/api/contacts"))
                .withQueryParam("where[0][val]", equalTo("0")))).hasSize(2);
        assertThat(h.http("/observe/metrics").body())
                .contains("isthmus_source_rate_limited_total{source=\"mautic\"} 1.0");
    }

    @Test
    void malformedPage_isQuarantinedRaw_andTheCursorDoesNotMove() throws Exception {
        start(Map.of());
        h.server.stubFor(firstPage().atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"total\":\"3\",\"contacts\":\"oops\"}")));
        h.poll();

        assertThat(h.rows("SELECT kind, origin, error_message FROM dead_letter")).containsExactly(
                "SOURCE_PAGE|mautic|response has no 'contacts' object");
        assertThat(h.rows("SELECT cursor_value FROM source_watermark")).isEmpty();
    }

    @Test
    void malformedPageReadAgain_isKeptOnceWithItsAttempts_showsTheSourceStuck_andStopsBeingCalled() throws Exception {
        start(Map.of("isthmus.sources.breakerOpenFor", "15m"));
        com.github.tomakehurst.wiremock.stubbing.StubMapping broken = h.server.stubFor(firstPage().atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"total\":\"3\",\"contacts\":\"oops\"}")));
        h.poll();
        clock.advance(Duration.ofMinutes(5));
        h.poll();
        h.poll();

        assertThat(h.rows("SELECT kind, origin, status, attempts, error_code, source_cursor FROM dead_letter"))
                .as("one row for the page, however often it is read").containsExactly(
                        "SOURCE_PAGE|mautic|OPEN|3|MALFORMED_PAGE|null");
        assertThat(h.one("SELECT last_seen_at > created_at FROM dead_letter")).isEqualTo("TRUE");
        String metrics = h.http("/observe/metrics").body();
        assertThat(metrics).contains("isthmus_source_stuck{source=\"mautic\"} 1.0",
                "isthmus_source_stuck_attempts{source=\"mautic\"} 3.0",
                "isthmus_source_pages_quarantined_total{source=\"mautic\"} 1.0");
        var ready = h.http("/observe/health/ready?exposureLevel=full");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("source-mautic");

        // The breaker (three failed polls) keeps the source from hammering the page it cannot read.
        int calls = h.server.getAllServeEvents().size();
        h.poll();
        assertThat(h.server.getAllServeEvents()).hasSize(calls);
        assertThat(h.one("SELECT attempts FROM dead_letter")).isEqualTo("3");

        // Mautic serves the page readable again: the source moves on and the kept copy is closed as superseded.
        h.server.removeStub(broken);
        clock.advance(Duration.ofMinutes(16));
        h.poll();
        assertThat(h.one("SELECT COUNT(*) FROM buyer")).isEqualTo("3");
        assertThat(h.rows("SELECT status, resolved_by FROM dead_letter")).containsExactly("SUPERSEDED|source");
        assertThat(h.http("/observe/metrics").body()).contains("isthmus_source_stuck{source=\"mautic\"} 0.0");
        assertThat(h.http("/observe/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void malformedPageAtTheSameCursor_butADifferentBody_isKeptAsASecondPage() throws Exception {
        start(Map.of());
        h.server.stubFor(firstPage().atPriority(1).inScenario("bodies").whenScenarioStateIs(STARTED)
                .willSetStateTo("second").willReturn(aResponse().withStatus(200).withBody("<html>oops</html>")));
        h.server.stubFor(firstPage().atPriority(1).inScenario("bodies").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(200).withBody("{\"contacts\":7}")));
        h.poll();
        h.poll();
        h.poll();

        assertThat(h.rows("SELECT attempts, error_message FROM dead_letter ORDER BY id")).containsExactly(
                "1|response is not JSON: Unexpected character ('<' (code 60)): expected a valid value (JSON String, "
                        + "Number, Array, Object or token 'null', 'true' or 'false')",
                "2|response has no 'contacts' object");
    }

    private static Map<String, String> oauth2(String secret) {
        return Map.of("isthmus.mautic.auth", "oauth2", "isthmus.mautic.clientId", "isthmus-client",
                "isthmus.mautic.clientSecret", secret);
    }

    @Test
    void oauth2_fetchesATokenWithTheClientCredentials_andPollsWithIt() throws Exception {
        start(oauth2("test-mautic-client-secret"));
        h.poll();

        assertThat(h.one("SELECT COUNT(*) FROM buyer")).isEqualTo("3");
        var tokens = h.server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/oauth/v2/token")));
        assertThat(tokens).as("one token for the whole poll").hasSize(1);
        assertThat(tokens.get(0).getBodyAsString()).isEqualTo("grant_type=client_credentials&client_id=isthmus-client"
                + "&client_secret=test-mautic-client-secret");
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/api/contacts")))).allSatisfy(r ->
                assertThat(r.getHeader("Authorization")).startsWith("Bearer ZmE3ZTNiY2Q4MGQ0"));
        assertThat(h.http("/observe/metrics").body())
                .contains("isthmus_source_token_refreshes_total{source=\"mautic\"} 1.0");
    }

    @Test
    void oauth2_tokenExpiredMidPoll_401_fetchesANewToken_andRepeatsTheSamePage() throws Exception {
        start(oauth2("test-mautic-client-secret"));
        h.server.stubFor(get(urlPathEqualTo("/api/contacts")).withQueryParam("where[0][val]", equalTo("48"))
                .withHeader("Authorization", equalTo("Bearer ZmE3ZTNiY2Q4MGQ0NTg2YTJlNmQ1YjM5YjQ3YTg1MTNjNjZjMWE2MDA0"
                        + "ZjJkYmY5NjE3MWI0YjA2YjM1YTI3Mg")).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBodyFile("mautic/oauth-token-expired.json")));
        h.poll();

        assertThat(h.one("SELECT COUNT(*) FROM buyer")).isEqualTo("3");
        assertThat(h.server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/oauth/v2/token")))).hasSize(2);
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/api/contacts"))
                .withQueryParam("where[0][val]", equalTo("48")))).hasSize(2);
        assertThat(cursor().backfill()).isFalse();

        // A token also ends by time: an hour later the next poll fetches one before its first call.
        clock.advance(Duration.ofHours(2));
        h.poll();
        assertThat(h.server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/oauth/v2/token")))).hasSize(3);
        assertThat(h.http("/observe/metrics").body())
                .contains("isthmus_source_polls_total{outcome=\"ok\",source=\"mautic\"} 2.0");
    }

    @Test
    void oauth2_wrongClientSecret_failsThePoll_andSaysWhatToCheck() throws Exception {
        start(oauth2("wrong-secret"));
        h.poll();

        assertThat(h.rows("SELECT cursor_value FROM source_watermark")).isEmpty();
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo("/api/contacts")))).isEmpty();
        assertThat(h.http("/observe/metrics").body())
                .contains("isthmus_source_polls_total{outcome=\"failed\",source=\"mautic\"} 1.0");
    }

    @Test
    void oauth2_settingsRequireTheClientCredentials_notTheApiUser() {
        Map<String, String> o = new HashMap<>(Map.of("isthmus.mautic.enabled", "true", "isthmus.mautic.auth",
                "oauth2", "isthmus.hubspot.enabled", "false", "isthmus.salesforce.enabled", "false"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                new io.isthmus.app.settings.SettingsLoader(Map.of()).load(null, o)))
                .hasMessageContaining("isthmus.mautic.clientId").hasMessageContaining("isthmus.mautic.clientSecret")
                .hasMessageNotContaining("isthmus.mautic.username");
    }

    private static MappingBuilder firstPage() {
        return get(urlPathEqualTo("/api/contacts")).withQueryParam("where[0][val]", equalTo("0"));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String file) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBodyFile("mautic/" + file + ".json");
    }

    private MauticCursor cursor() throws Exception {
        return MauticCursor.fromJson(h.one("SELECT cursor_value FROM source_watermark WHERE source = 'mautic'"));
    }
}
