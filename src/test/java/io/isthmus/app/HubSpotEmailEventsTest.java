package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.isthmus.source.hubspot.HubSpotEmailEventsCursor;
import io.isthmus.testing.Rows;
import io.isthmus.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HubSpot marketing email events through the real daemon and the source route templates, against WireMock stubs
 * shaped like the documented Email Events API ({@code GET /email/public/v1/events}: {@code events[]} with
 * {@code id}, {@code created} in epoch ms, {@code type}, {@code recipient}; {@code hasMore} and {@code offset}).
 */
class HubSpotEmailEventsTest {

    private static final Instant NOW = Instant.parse("2024-05-02T09:00:00Z");
    private static final String EVENTS = "/email/public/v1/events";
    private static final String OFFSET_2 = "CgsI4N3bsQYQgM2jHxIkYWE5ZjY1YjEtNGE0Zi00YjZjLTk5ZDEtNjY0ZDg3YmM0ZWUx";

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(NOW);
    private DaemonHarness h;
    private Daemon daemon;

    private void start(Map<String, String> extra) throws Exception {
        h = new DaemonHarness(dir);
        Map<String, String> o = new HashMap<>(Map.of("isthmus.hubspot.emailEventsEnabled", "true",
                "isthmus.sources.backoffInitial", "10ms", "isthmus.sources.retries", "1"));
        o.putAll(extra);
        daemon = h.start(o, clock);
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private MappingBuilder firstPage() {
        return get(urlPathEqualTo(EVENTS)).withQueryParam("offset", absent());
    }

    private MappingBuilder secondPage() {
        return get(urlPathEqualTo(EVENTS)).withQueryParam("offset", equalTo(OFFSET_2));
    }

    private static ResponseDefinitionBuilder file(String name) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBodyFile("hubspot/" + name + ".json");
    }

    private void twoPages() {
        h.hubspot.stubFor(firstPage().willReturn(file("email-events-page-1")));
        h.hubspot.stubFor(secondPage().willReturn(file("email-events-page-2-last")));
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(daemon.database().dataSource(), sql);
    }

    private HubSpotEmailEventsCursor cursor() throws Exception {
        List<String> c = rows("SELECT cursor_value FROM source_watermark WHERE source = 'hubspot-email-events'");
        return c.isEmpty() ? null : HubSpotEmailEventsCursor.fromJson(c.get(0));
    }

    private List<LoggedRequest> eventRequests() {
        return h.hubspot.findAll(getRequestedFor(urlPathEqualTo(EVENTS)));
    }

    @Test
    void firstLoad_pagesByOffset_intoActivitiesAndConsentOfTheBuyerWithTheAddress() throws Exception {
        start(Map.of());
        h.poll();
        twoPages();
        h.pollEmailEvents();

        assertThat(rows("SELECT a.source_id, a.type, a.asset, a.campaign, b.email FROM activity a "
                + "LEFT JOIN buyer b ON b.id = a.buyer_id WHERE a.system = 'hubspot-email' ORDER BY a.occurred_at"))
                .containsExactly(
                        // The address as HubSpot wrote it (mixed case) is the buyer the contacts poll brought.
                        "c4e6d5e2-8d0b-4c10-9a4a-0a8f7d3c0001|EMAIL_SENT|Spring pricing update|131468005|"
                                + "alice.martin@acme.example.com",
                        "0b9e7f5c-2a1d-4f5e-8c3b-9d7e6f5a0002|EMAIL_OPEN|email campaign 131468005|131468005|"
                                + "alice.martin@acme.example.com",
                        "7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b0003|EMAIL_CLICK|https://www.acme-demo.example.com/pricing"
                                + "?utm_source=hubspot&utm_medium=email|131468005|alice.martin@acme.example.com",
                        "2c1b0a9f-8e7d-4c6b-a594-8373625140a6|EMAIL_BOUNCE|email campaign 131468005|131468005|"
                                + "bob.okafor@borealis.example.com");
        // DROPPED is not something the buyer did; the OPEN without a recipient is kept as unreadable, not dropped.
        assertThat(rows("SELECT kind, ref, error_code FROM dead_letter WHERE origin = 'hubspot-email-events'"))
                .containsExactly(
                "SOURCE_RECORD|9f8e7d6c-5b4a-4392-8170-6f5e4d3c0005|UNREADABLE");
        assertThat(rows("SELECT b.email, c.unsubscribed, c.hard_bounced FROM buyer_consent c "
                + "JOIN buyer b ON b.id = c.buyer_id ORDER BY b.email")).containsExactly(
                "alice.martin@acme.example.com|TRUE|FALSE",
                "bob.okafor@borealis.example.com|FALSE|TRUE",
                // An address isthmus had not seen starts a buyer (as Matomo's userId emails do); its spam report
                // is an opt-out.
                "nina.roth@unseen.example.com|TRUE|FALSE");
        assertThat(rows("SELECT COUNT(*) FROM buyer WHERE email = 'alice.martin@acme.example.com'"))
                .containsExactly("1");

        List<LoggedRequest> calls = eventRequests();
        assertThat(calls).hasSize(2);
        long from = NOW.minus(Duration.ofHours(720)).toEpochMilli();
        for (LoggedRequest r : calls) {
            assertThat(r.queryParameter("startTimestamp").firstValue()).isEqualTo(Long.toString(from));
            assertThat(r.queryParameter("endTimestamp").firstValue()).isEqualTo(Long.toString(NOW.toEpochMilli()));
            assertThat(r.queryParameter("excludeFilteredEvents").firstValue()).isEqualTo("true");
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + DaemonHarness.HUBSPOT_TOKEN);
        }
        assertThat(calls.get(1).queryParameter("offset").firstValue()).isEqualTo(OFFSET_2);
        HubSpotEmailEventsCursor c = cursor();
        assertThat(c.inPass()).isFalse();
        assertThat(c.completedUntil()).isEqualTo(NOW);
    }

    @Test
    void laterPolls_readFromTheLastEndLessTheOverlap_andKeepEventsReadTwiceOnce() throws Exception {
        start(Map.of());
        twoPages();
        h.pollEmailEvents();
        clock.advance(Duration.ofHours(1));
        h.hubspot.resetRequests();
        h.pollEmailEvents();

        LoggedRequest first = eventRequests().get(0);
        assertThat(first.queryParameter("startTimestamp").firstValue())
                .isEqualTo(Long.toString(NOW.minus(Duration.ofMinutes(5)).toEpochMilli()));
        assertThat(first.queryParameter("endTimestamp").firstValue())
                .isEqualTo(Long.toString(NOW.plus(Duration.ofHours(1)).toEpochMilli()));
        // The stubs answer the same events again: nothing is added twice.
        assertThat(rows("SELECT COUNT(*) FROM activity WHERE system = 'hubspot-email'")).containsExactly("4");
        assertThat(cursor().completedUntil()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void rateLimited429_waitsRetryAfter_thenReadsThePage() throws Exception {
        start(Map.of());
        h.hubspot.stubFor(firstPage().inScenario("429").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")
                        .withHeader("Content-Type", "application/json")
                        .withBodyFile("hubspot/email-events-rate-limited-429.json"))
                .willSetStateTo("served"));
        h.hubspot.stubFor(firstPage().inScenario("429").whenScenarioStateIs("served")
                .willReturn(file("email-events-empty")));
        h.pollEmailEvents();

        assertThat(eventRequests()).hasSize(2);
        assertThat(cursor().completedUntil()).isEqualTo(NOW);
        assertThat(rows("SELECT COUNT(*) FROM dead_letter")).containsExactly("0");
    }

    @Test
    void malformedPage_isQuarantined_andTheCursorStaysBeforeIt() throws Exception {
        start(Map.of());
        h.hubspot.stubFor(firstPage().willReturn(file("email-events-malformed")));
        h.pollEmailEvents();

        assertThat(rows("SELECT kind, origin, error_code FROM dead_letter")).containsExactly(
                "SOURCE_PAGE|hubspot-email-events|MALFORMED_PAGE");
        assertThat(cursor()).isNull();
        assertThat(rows("SELECT COUNT(*) FROM activity")).containsExactly("0");
    }

    @Test
    void restartMidBackfill_continuesAtTheStoredOffset_inTheSameWindow() throws Exception {
        start(Map.of("isthmus.hubspot.maxPagesPerPoll", "1"));
        twoPages();
        h.pollEmailEvents();
        assertThat(cursor().offset()).isEqualTo(OFFSET_2);
        h.stopDaemon();

        clock.advance(Duration.ofMinutes(30));
        h.hubspot.resetRequests();
        daemon = h.start(Map.of("isthmus.hubspot.emailEventsEnabled", "true",
                "isthmus.hubspot.maxPagesPerPoll", "1"), clock);
        h.pollEmailEvents();

        List<LoggedRequest> calls = eventRequests();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).queryParameter("offset").firstValue()).isEqualTo(OFFSET_2);
        assertThat(calls.get(0).queryParameter("endTimestamp").firstValue())
                .isEqualTo(Long.toString(NOW.toEpochMilli()));
        assertThat(rows("SELECT COUNT(*) FROM activity WHERE system = 'hubspot-email'")).containsExactly("4");
        assertThat(cursor().completedUntil()).isEqualTo(NOW);
    }

    @Test
    void disabledByDefault_theRoutesAreNotBuilt_andNoCallIsMade() throws Exception {
        h = new DaemonHarness(dir);
        daemon = h.start(Map.of(), clock);

        assertThat(daemon.camelContext().getRoute("hubspot-email-events-poll")).isNull();
        assertThat(daemon.camelContext().getRoute("hubspot-email-events-schedule")).isNull();
        assertThat(eventRequests()).isEmpty();
    }
}
