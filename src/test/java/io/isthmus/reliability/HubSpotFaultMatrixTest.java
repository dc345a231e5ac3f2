package io.isthmus.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.isthmus.app.Daemon;
import io.isthmus.app.settings.SettingsLoader;
import io.isthmus.demo.HubSpotSimulator;
import io.isthmus.source.hubspot.HubSpotCursor;
import io.isthmus.store.DeadLetterRepository;
import io.isthmus.store.SourceLinkRepository;
import io.isthmus.store.WatermarkRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the second page of a HubSpot poll (15 contacts, pages of 5), against the real daemon and routes: the
 * daemon stays up, the cursor never moves past a page that was not applied, and once the fault is gone the next
 * poll brings every contact in.
 */
class HubSpotFaultMatrixTest {

    private static final String TOKEN = "pat-fault-matrix";
    private static final String SEARCH = "(/[A-Za-z0-9_-]+)?/crm/v3/objects/contacts/search";
    private static final String SECOND_PAGE =
            "$.filterGroups[0].filters[?(@.propertyName == 'hs_object_id' && @.value == '5')]";

    @TempDir
    Path dir;
    private HubSpotSimulator hubspot;
    private Daemon daemon;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        hubspot = new HubSpotSimulator(TOKEN);
        Random rnd = new Random(3);
        Instant now = Instant.now();
        for (long id = 1; id <= 15; id++) {
            hubspot.put(TestContacts.older(id, now, rnd));
        }
        Map<String, String> o = new HashMap<>();
        o.put("isthmus.routes.dir", "routes");
        o.put("isthmus.store.url", "jdbc:h2:file:" + dir.resolve("isthmus").toAbsolutePath());
        o.put("isthmus.http.host", "127.0.0.1");
        o.put("isthmus.http.port", "0");
        o.put("isthmus.hubspot.baseUrl", hubspot.baseUrl());
        o.put("isthmus.hubspot.token", TOKEN);
        o.put("isthmus.hubspot.cron", "0 0 0 1 1 ? 2099");
        o.put("isthmus.hubspot.pageSize", "5");
        o.put("isthmus.sources.responseTimeout", "3s");
        // The shipped routes need the Salesforce beans (isthmus.salesforce.enabled=false fails start-up); the sink
        // is given a login URL but never runs here.
        o.put("isthmus.salesforce.loginUrl", "http://127.0.0.1:9");
        o.put("isthmus.salesforce.clientId", "id");
        o.put("isthmus.salesforce.clientSecret", "secret");
        o.put("isthmus.salesforce.username", "user@example.com");
        o.put("isthmus.salesforce.password", "password");
        o.put("isthmus.salesforce.sinkInterval", "1h");
        o.put("isthmus.salesforce.readbackCron", "0 0 0 1 1 ? 2099");
        daemon = Daemon.create(new SettingsLoader(Map.of()).load(null, o), Map.of(), Clock.systemUTC());
        daemon.start();
        template = daemon.camelContext().createProducerTemplate();
    }

    @AfterEach
    void stop() {
        daemon.close();
        hubspot.close();
    }

    @Test
    void connectionResetTwice_retriesWithinThePoll_andAllContactsArrive() {
        failSecondPage(2, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        poll();

        assertAllContactsStoredAndRoutesUp();
    }

    @Test
    void burstOfTen503_failsThePollAtPageOne_thenLaterPollsConverge() {
        // Each poll tries a 5xx five times with backoff (isthmus.sources.retries = 4): two polls fail, the third
        // meets a working HubSpot; the breaker (three failed polls in a row) stays closed.
        failSecondPage(10, aResponse().withStatus(503).withBody("{\"status\":\"error\",\"message\":\"unavailable\"}"));

        poll();

        assertStoppedAfterFirstPage();
        poll();
        assertStoppedAfterFirstPage();
        poll();
        assertAllContactsStoredAndRoutesUp();
    }

    @Test
    void emptyResponseAndGarbageThenClose_failThePoll_cursorStays_thenConverges() {
        failSecondPage(2, aResponse().withFault(Fault.EMPTY_RESPONSE));
        failSecondPageInScenario("garbage", 3, aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));

        poll();

        assertStoppedAfterFirstPage();
        poll();
        assertAllContactsStoredAndRoutesUp();
    }

    @Test
    void truncatedJson_isQuarantined_cursorStays_thenConverges() {
        failSecondPage(1, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"total\":15,\"results\":[{\"id\":\"6\",\"properties\":{\"email\":\"buyer6@exa"));

        poll();

        assertStoppedAfterFirstPage();
        assertThat(deadLetters(DeadLetterRepository.Kind.SOURCE_PAGE)).isEqualTo(1);
        poll();
        assertAllContactsStoredAndRoutesUp();
    }

    @Test
    void tokenExpiredMidPaging_failsThePollAtPageOne_thenConvergesWhenTheTokenWorksAgain() {
        // A 401 is not retried inside a poll (a wrong token does not heal by repeating): the poll fails at page two.
        failSecondPage(1, aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"error\",\"message\":\"The OAuth token used to make this call expired "
                        + "2 second(s) ago.\",\"category\":\"EXPIRED_AUTHENTICATION\"}"));

        poll();

        assertStoppedAfterFirstPage();
        poll();
        assertAllContactsStoredAndRoutesUp();
    }

    @Test
    void everyPageOneAndAHalfSecondsLate_isWaitedFor_andAllContactsArrive() {
        hubspot.server().setGlobalFixedDelay(1500);

        poll();

        assertAllContactsStoredAndRoutesUp();
    }

    @Test
    void aPageThatNeverAnswers_timesOutAndIsRetried_insteadOfHoldingThePoll() {
        // 30 s of silence against isthmus.sources.responseTimeout = 3 s: without the timeout the poll would wait
        // the whole 30 s (forever, for a vendor that hangs); with it the call fails fast and its retry succeeds.
        failSecondPage(1, aResponse().withStatus(200).withFixedDelay(30_000).withBody("{}"));

        long started = System.nanoTime();
        poll();

        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(20));
        assertAllContactsStoredAndRoutesUp();
    }

    /** The second page's request answers with {@code fault} for its first {@code times} attempts. */
    private void failSecondPage(int times, ResponseDefinitionBuilder fault) {
        failSecondPageInScenario("second-page", times, fault);
    }

    private void failSecondPageInScenario(String scenario, int times, ResponseDefinitionBuilder fault) {
        for (int i = 0; i < times; i++) {
            hubspot.server().stubFor(post(urlPathMatching(SEARCH)).atPriority(1)
                    .withRequestBody(matchingJsonPath(SECOND_PAGE))
                    .inScenario(scenario).whenScenarioStateIs(i == 0 ? Scenario.STARTED : scenario + "-" + i)
                    .willSetStateTo(scenario + "-" + (i + 1))
                    .willReturn(fault));
        }
    }

    private void poll() {
        template.sendBody("direct:hubspot-contacts-poll", null);
    }

    private void assertStoppedAfterFirstPage() {
        daemon.database().inTransaction(c -> {
            HubSpotCursor cursor = HubSpotCursor.fromJson(new WatermarkRepository().find(c, "hubspot-contacts")
                    .orElseThrow().cursor());
            assertThat(cursor.inPass()).as("the pass is still open").isTrue();
            assertThat(cursor.lastId()).as("the cursor stays after the last applied page").isEqualTo("5");
            for (long id = 1; id <= 15; id++) {
                assertThat(new SourceLinkRepository().buyerFor(c, "hubspot", Long.toString(id)).isPresent())
                        .as("contact %d stored", id).isEqualTo(id <= 5);
            }
            return null;
        });
    }

    private void assertAllContactsStoredAndRoutesUp() {
        daemon.database().inTransaction(c -> {
            for (long id = 1; id <= 15; id++) {
                assertThat(new SourceLinkRepository().buyerFor(c, "hubspot", Long.toString(id)))
                        .as("contact %d", id).isPresent();
            }
            return null;
        });
        assertThat(daemon.camelContext().getRouteController().getRouteStatus("hubspot-contacts-poll").isStarted())
                .isTrue();
        assertThat(daemon.camelContext().getRouteController().getRouteStatus("hubspot-contacts-schedule").isStarted())
                .isTrue();
    }

    private long deadLetters(DeadLetterRepository.Kind kind) {
        return daemon.database().inTransaction(c -> new DeadLetterRepository().countOpen(c, kind));
    }
}
