package io.isthmus.app;

import io.isthmus.testing.Rows;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.isthmus.testing.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HubSpot's limits and merges: 429 SECONDLY and DAILY, the 10,000-result cap, hs_merged_object_ids, 401. */
class HubSpotLimitsTest {

    private static final String SEARCH = "/crm/v3/objects/contacts/search";
    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-02T09:00:00Z"));

    @TempDir
    Path dir;
    private DaemonHarness h;
    private Daemon daemon;

    @BeforeEach
    void start() throws Exception {
        h = new DaemonHarness(dir);
        daemon = h.start(Map.of("isthmus.sources.backoffInitial", "10ms", "isthmus.sources.retries", "1"), clock);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void secondly429_waitsRetryAfter_thenRepeatsTheSameSearch() throws Exception {
        h.hubspot.stubFor(secondPage().atPriority(0).inScenario("429").whenScenarioStateIs(STARTED)
                .willSetStateTo("answered").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("X-HubSpot-RateLimit-Secondly", "10")
                        .withHeader("X-HubSpot-RateLimit-Secondly-Remaining", "0")
                        .withHeader("Content-Type", "application/json;charset=utf-8")
                        .withBodyFile("hubspot/rate-limited-429-secondly.json")));
        h.poll();

        assertThat(rows("SELECT COUNT(*) FROM buyer")).containsExactly("3");
        assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo(SEARCH)))).hasSize(3);
        assertThat(rows("SELECT pages_applied FROM source_watermark")).containsExactly("2");
        assertThat(daemon.metrics().registry().get("isthmus_source_rate_limited_total")
                .tag("source", "hubspot-contacts").counter().count()).isEqualTo(1.0);
    }

    @Test
    void daily429_pausesTheSourceUntilTomorrow_andKeepsTheCursorAfterTheLastAppliedPage() throws Exception {
        StubMapping daily = h.hubspot.stubFor(secondPage().atPriority(0).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json;charset=utf-8")
                .withBodyFile("hubspot/rate-limited-429-daily.json")));
        h.poll();
        assertThat(rows("SELECT pages_applied FROM source_watermark")).containsExactly("1");

        h.poll();
        assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo(SEARCH)))).as("paused: no call").hasSize(2);

        clock.set(Instant.parse("2024-05-03T00:00:00Z"));
        h.hubspot.removeStub(daily);
        h.poll();
        assertThat(rows("SELECT pages_applied FROM source_watermark")).containsExactly("2");
        assertThat(rows("SELECT COUNT(*) FROM buyer")).containsExactly("3");
    }

    @Test
    void keysetPaging_neverSendsAnAfterOffset_soTheTenThousandCapIsNeverReached() throws Exception {
        h.poll();

        List<LoggedRequest> searches = h.hubspot.findAll(postRequestedFor(urlPathEqualTo(SEARCH)));
        assertThat(searches).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        for (LoggedRequest r : searches) {
            assertThat(json.readTree(r.getBodyAsString()).has("after")).as(r.getBodyAsString()).isFalse();
        }
        assertThat(searches.get(1).getBodyAsString()).contains("\"propertyName\":\"hs_object_id\","
                + "\"operator\":\"GT\",\"value\":\"103\"");
    }

    @Test
    void mergedContact_linksTheMergedIdsToTheSurvivorsBuyer() throws Exception {
        h.hubspot.stubFor(secondPage().atPriority(0).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json;charset=utf-8")
                .withBodyFile("hubspot/contacts-merged.json")));
        h.poll();

        assertThat(rows("SELECT l.source_id, b.email FROM source_link l JOIN buyer b ON b.id = l.buyer_id "
                + "WHERE l.source_id IN ('201', '202', '301') ORDER BY l.source_id")).containsExactly(
                "201|erin.walsh@fjord.example.com", "202|erin.walsh@fjord.example.com",
                "301|erin.walsh@fjord.example.com");
        assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo(SEARCH))
                .withRequestBody(matchingJsonPath("$.properties[?(@ == 'hs_merged_object_ids')]")))).hasSize(2);
    }

    @Test
    void invalidToken401_failsThePoll_withoutMovingTheCursor() throws Exception {
        h.stopDaemon();
        daemon = h.start(Map.of("isthmus.hubspot.token", "pat-wrong"), clock);
        h.poll();

        assertThat(rows("SELECT COUNT(*) FROM source_watermark")).containsExactly("0");
        assertThat(daemon.metrics().registry().get("isthmus_source_polls_total").tag("source", "hubspot-contacts")
                .tag("outcome", "failed").counter().count()).isEqualTo(1.0);
    }

    @Test
    void storeFailure_isRetriedByTheErrorPolicy_andCountedAsOurs_butNeverOpensTheVendorBreaker() throws Exception {
        h.stopDaemon();
        // One failed poll would open the breaker, so any store failure counted as the vendor's shows at once.
        daemon = h.start(Map.of("isthmus.sources.backoffInitial", "10ms", "isthmus.sources.retries", "1",
                "isthmus.sources.breakerFailures", "1"), clock);
        execute("ALTER TABLE buyer_audit RENAME TO buyer_audit_away");
        h.poll();
        assertThat(rows("SELECT COUNT(*) FROM source_watermark")).as("nothing applied").containsExactly("0");
        execute("ALTER TABLE buyer_audit_away RENAME TO buyer_audit");

        h.poll();

        assertThat(rows("SELECT COUNT(*) FROM buyer")).as("the poll after the store failure ran").containsExactly("3");
        var registry = daemon.metrics().registry();
        assertThat(registry.get("isthmus_source_polls_total").tag("source", "hubspot-contacts")
                .tag("outcome", "error-policy").counter().count()).isEqualTo(1.0);
        assertThat(registry.find("isthmus_source_polls_total").tag("source", "hubspot-contacts")
                .tag("outcome", "failed").counter()).as("not the vendor's failure").isNull();
        // The first try and the error policy's three redeliveries.
        assertThat(registry.get("isthmus_source_store_failures_total").tag("source", "hubspot-contacts").counter()
                .count()).isEqualTo(4.0);
        assertThat(registry.get("isthmus_source_breaker_open").tag("source", "hubspot-contacts").gauge().value())
                .isEqualTo(0.0);
    }

    private void execute(String sql) throws Exception {
        try (Connection c = daemon.database().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
            c.commit();
        }
    }

    private static MappingBuilder secondPage() {
        return post(urlPathEqualTo(SEARCH)).withRequestBody(matchingJsonPath(
                "$.filterGroups[0].filters[?(@.propertyName == 'hs_object_id' && @.value == '103')]"));
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(daemon.database().dataSource(), sql);
    }
}
