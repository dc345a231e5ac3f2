package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.isthmus.source.hubspot.HubSpotActivityCursor;
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
 * HubSpot engagements as activities through the real daemon and the source route templates, against WireMock stubs
 * shaped like the documented CRM v3 search ({@code /crm/v3/objects/{emails|meetings|calls}/search}: string property
 * values, {@code paging.next} on all but the last page) and the v4 associations batch read
 * ({@code /crm/v4/associations/{type}/contacts/batch/read}: numeric {@code toObjectId}, per-id {@code paging}).
 */
class HubSpotActivitiesTest {

    private static final Instant NOW = Instant.parse("2024-05-02T09:00:00Z");
    private static final String EMAILS = "/crm/v3/objects/emails/search";
    private static final String EMAIL_CONTACTS = "/crm/v4/associations/emails/contacts/batch/read";

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(NOW);
    private DaemonHarness h;
    private Daemon daemon;

    private void start(Map<String, String> extra) throws Exception {
        h = new DaemonHarness(dir);
        Map<String, String> o = new HashMap<>(Map.of("isthmus.hubspot.activitiesEnabled", "true",
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

    @Test
    void firstPoll_readsEveryEngagementType_andItsContacts_intoActivitiesOfTheirBuyers() throws Exception {
        start(Map.of());
        h.poll();
        h.pollActivities();

        assertThat(rows("SELECT a.source_id, a.type, a.occurred_at, a.asset, a.buyer_id IS NOT NULL, b.email "
                + "FROM activity a "
                + "LEFT JOIN buyer b ON b.id = a.buyer_id ORDER BY a.occurred_at, a.source_id")).containsExactly(
                // 9001 has more contacts than the first associations answer held: the second answer (after) adds 102.
                "emails:9001:EMAIL_SENT:101|EMAIL_SENT|2024-05-01 10:00:00+00|Spring pricing update|TRUE|"
                        + "alice.martin@acme.example.com",
                "emails:9001:EMAIL_SENT:102|EMAIL_SENT|2024-05-01 10:00:00+00|Spring pricing update|TRUE|"
                        + "bob.okafor@borealis.example.com",
                // Contact 103 (carol@@…) was refused as a contact, so its bounce is kept unlinked, not dropped.
                "emails:9002:EMAIL_BOUNCE:103|EMAIL_BOUNCE|2024-05-01 10:10:00+00|Spring pricing update|FALSE|null",
                // hs_timestamp in epoch milliseconds; an incoming email (the contact's reply). 104 joined 101's buyer.
                "emails:9004:OTHER:104|OTHER|2024-05-01 11:00:00+00|Re: Spring pricing update|TRUE|"
                        + "alice.martin@acme.example.com",
                "meetings:7001:EVENT_ATTENDED:101|EVENT_ATTENDED|2024-05-01 11:30:00+00|meeting: Discovery call with "
                        + "Acme|TRUE|alice.martin@acme.example.com");
        // The scheduled email 9003 and meeting 7002 are not (yet) something the buyer did: their contacts are not
        // even asked for.
        assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo(EMAIL_CONTACTS)))).hasSize(3);
        assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo(EMAIL_CONTACTS))
                .withRequestBody(matchingJsonPath("$.inputs[?(@.id == '9003')]")))).isEmpty();
        assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/calls/search")))).hasSize(1);
        assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/notes/search"))))
                .as("not configured").isEmpty();
        HubSpotActivityCursor c = cursor();
        assertThat(c.inPass()).isFalse();
        assertThat(c.keyset().completedUntil()).isEqualTo(NOW);
        assertThat(rows("SELECT pages_applied, records_applied FROM source_watermark WHERE source = "
                + "'hubspot-activities'")).containsExactly("4|5");
    }

    @Test
    void keysetPaging_withinTheWindow_neverSendsAnAfterOffset_andTheNextPassStartsTheOverlapBeforeTheLastEnd()
            throws Exception {
        start(Map.of());
        h.pollActivities();
        clock.advance(Duration.ofHours(1));
        h.pollActivities();

        List<LoggedRequest> searches = h.hubspot.findAll(postRequestedFor(urlPathEqualTo(EMAILS)));
        assertThat(searches).as("two pages in each of two passes").hasSize(4);
        ObjectMapper json = new ObjectMapper();
        for (LoggedRequest r : searches) {
            assertThat(json.readTree(r.getBodyAsString()).has("after")).as(r.getBodyAsString()).isFalse();
        }
        assertThat(searches.get(1).getBodyAsString()).contains("\"propertyName\":\"hs_object_id\","
                + "\"operator\":\"GT\",\"value\":\"9003\"");
        // Second pass: hs_lastmodifieddate from the first pass's end (09:00) less the 5-minute overlap, to now.
        assertThat(searches.get(2).getBodyAsString()).contains(
                "{\"propertyName\":\"hs_lastmodifieddate\",\"operator\":\"GTE\",\"value\":\""
                        + NOW.minus(Duration.ofMinutes(5)).toEpochMilli() + "\"}",
                "{\"propertyName\":\"hs_lastmodifieddate\",\"operator\":\"LTE\",\"value\":\""
                        + NOW.plus(Duration.ofHours(1)).toEpochMilli() + "\"}");
        // Read twice, kept once; activities of contacts not polled yet wait unlinked for their contact.
        assertThat(rows("SELECT COUNT(*), COUNT(buyer_id) FROM activity")).containsExactly("5|0");
        h.poll();
        assertThat(rows("SELECT COUNT(buyer_id) FROM activity")).as("all but refused contact 103's")
                .containsExactly("4");
    }

    @Test
    void restartMidPass_continuesAfterTheLastAppliedPage_withoutRepeatsOrSkips() throws Exception {
        start(Map.of("isthmus.hubspot.maxPagesPerPoll", "1"));
        h.pollActivities();
        assertThat(cursor().type()).isEqualTo("emails");
        assertThat(cursor().keyset().lastId()).isEqualTo("9003");
        h.stopDaemon();

        daemon = h.start(Map.of("isthmus.hubspot.activitiesEnabled", "true"), clock);
        for (int i = 0; i < 5 && cursor().inPass(); i++) {
            h.pollActivities();
        }

        assertThat(cursor().inPass()).isFalse();
        assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo(EMAILS))
                .withRequestBody(matchingJsonPath(
                        "$.filterGroups[0].filters[?(@.propertyName == 'hs_object_id' && @.value == '0')]")))).hasSize(1);
        assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo(EMAILS))
                .withRequestBody(matchingJsonPath(
                        "$.filterGroups[0].filters[?(@.propertyName == 'hs_object_id' && @.value == '9003')]"))))
                .hasSize(1);
        assertThat(rows("SELECT COUNT(*), COUNT(DISTINCT source_id) FROM activity")).containsExactly("5|5");
    }

    @Test
    void secondly429_onTheAssociationsRead_waitsRetryAfter_thenRepeatsIt() throws Exception {
        start(Map.of());
        h.hubspot.stubFor(post(urlPathEqualTo(EMAIL_CONTACTS)).atPriority(0).inScenario("429")
                .whenScenarioStateIs(STARTED).willSetStateTo("answered").willReturn(aResponse().withStatus(429)
                        .withHeader("Retry-After", "1")
                        .withHeader("X-HubSpot-RateLimit-Secondly", "10")
                        .withHeader("X-HubSpot-RateLimit-Secondly-Remaining", "0")
                        .withHeader("X-HubSpot-RateLimit-Daily", "500000")
                        .withHeader("X-HubSpot-RateLimit-Daily-Remaining", "499412")
                        .withHeader("Content-Type", "application/json;charset=utf-8")
                        .withBodyFile("hubspot/rate-limited-429-secondly.json")));
        h.pollActivities();

        assertThat(rows("SELECT COUNT(*) FROM activity")).containsExactly("5");
        assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo(EMAIL_CONTACTS)))).hasSize(4);
        assertThat(daemon.metrics().registry().get("isthmus_source_rate_limited_total")
                .tag("source", "hubspot-activities").counter().count()).isEqualTo(1.0);
        assertThat(cursor().inPass()).isFalse();
    }

    @Test
    void malformedAssociationsAnswer_isQuarantined_andThePageIsNotApplied() throws Exception {
        start(Map.of());
        h.hubspot.stubFor(post(urlPathEqualTo(EMAIL_CONTACTS)).atPriority(0).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json;charset=utf-8")
                .withBody("{\"status\":\"COMPLETE\",\"results\":[{\"to\":[]}]}")));
        h.pollActivities();

        assertThat(rows("SELECT kind, origin, attempts FROM dead_letter")).containsExactly(
                "SOURCE_PAGE|hubspot-activities|1");
        assertThat(rows("SELECT COUNT(*) FROM activity")).containsExactly("0");
        assertThat(rows("SELECT COUNT(*) FROM source_watermark WHERE source = 'hubspot-activities'"))
                .containsExactly("0");
    }

    @Test
    void formSubmissions_comeWithTheContactsPoll_asFormFillsOfTheContact_firstAndMostRecentOnce() throws Exception {
        start(Map.of("isthmus.hubspot.activitiesEnabled", "false"));
        h.hubspot.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search")).atPriority(0)
                .withRequestBody(matchingJsonPath(
                        "$.filterGroups[0].filters[?(@.propertyName == 'hs_object_id' && @.value == '103')]"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=utf-8")
                        .withBodyFile("hubspot/contacts-form-submissions.json")));
        h.poll();

        assertThat(rows("SELECT a.source_id, a.type, a.occurred_at, a.asset, b.email FROM activity a "
                + "JOIN buyer b ON b.id = a.buyer_id ORDER BY a.occurred_at")).containsExactly(
                "form:104:1713600000000|FORM_FILL|2024-04-20 08:00:00+00|Whitepaper: Logistics benchmark 2024|"
                        + "alice.martin@acme.example.com",
                // 105 converted once: its first and most recent conversion are the same form fill, kept once.
                "form:105:1713686400000|FORM_FILL|2024-04-21 08:00:00+00|Contact us|dave@delta.example.com",
                "form:104:1714557840000|FORM_FILL|2024-05-01 10:04:00+00|Demo request: #demo-form|"
                        + "alice.martin@acme.example.com");
        assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/search"))
                .withRequestBody(matchingJsonPath("$.properties[?(@ == 'recent_conversion_date')]")))).hasSize(2);
        // Read again (the overlap window): nothing new.
        clock.advance(Duration.ofMinutes(10));
        h.poll();
        assertThat(rows("SELECT COUNT(*) FROM activity")).containsExactly("3");
    }

    @Test
    void disabledByDefault_theEngagementsRoutesAreNotBuilt_andHubSpotIsNotCalled() throws Exception {
        h = new DaemonHarness(dir);
        daemon = h.start(Map.of(), clock);

        assertThat(daemon.camelContext().getRoute("hubspot-activities-poll")).isNull();
        assertThat(daemon.camelContext().getRoute("hubspot-activities-schedule")).isNull();
        assertThat(h.hubspot.getAllServeEvents()).isEmpty();
    }

    private HubSpotActivityCursor cursor() throws Exception {
        List<String> r = rows("SELECT cursor_value FROM source_watermark WHERE source = 'hubspot-activities'");
        return r.isEmpty() ? HubSpotActivityCursor.INITIAL : HubSpotActivityCursor.fromJson(r.get(0));
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(daemon.database().dataSource(), sql);
    }
}
