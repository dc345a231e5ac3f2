package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.isthmus.source.hubspot.HubSpotCursor;
import io.isthmus.store.AuditRepository;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.WatermarkRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon stopped between two pages continues after the last applied page: none twice, none skipped. */
class RestartContinuityTest {

    @TempDir
    Path dir;

    @Test
    void restartBetweenPages_appliesEachPageOnce_andSkipsNone() throws Exception {
        try (DaemonHarness h = new DaemonHarness(dir)) {
            Daemon first = h.start(Map.of("isthmus.hubspot.maxPagesPerPoll", "1"));
            h.poll();
            WatermarkRepository.Watermark afterFirst = first.database().inTransaction(c ->
                    new WatermarkRepository().find(c, "hubspot-contacts").orElseThrow());
            assertThat(afterFirst.pagesApplied()).isEqualTo(1);
            assertThat(afterFirst.recordsApplied()).isEqualTo(3);
            HubSpotCursor cursor = HubSpotCursor.fromJson(afterFirst.cursor());
            assertThat(cursor.inPass()).isTrue();
            assertThat(cursor.lastId()).isEqualTo("103");
            h.stopDaemon();

            Daemon second = h.start(Map.of());
            h.poll();

            assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/search"))
                    .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[?(@.propertyName == "
                            + "'hs_object_id' && @.value == '0')]")))).hasSize(1);
            assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/search"))
                    .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[?(@.propertyName == "
                            + "'hs_object_id' && @.value == '103')]")))).hasSize(1);
            // The second pass keeps the first pass's window: the restart did not start a new one.
            assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/search"))
                    .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[?(@.propertyName == "
                            + "'lastmodifieddate' && @.operator == 'LTE' && @.value == '"
                            + cursor.windowEnd().toEpochMilli() + "')]")))).hasSize(2);
            second.database().inTransaction(c -> {
                WatermarkRepository.Watermark w = new WatermarkRepository().find(c, "hubspot-contacts")
                        .orElseThrow();
                assertThat(w.pagesApplied()).isEqualTo(2);
                assertThat(w.recordsApplied()).isEqualTo(5);
                assertThat(HubSpotCursor.fromJson(w.cursor()).inPass()).isFalse();
                assertThat(HubSpotCursor.fromJson(w.cursor()).completedUntil()).isEqualTo(cursor.windowEnd());
                assertThat(new BuyerRepository().count(c)).isEqualTo(3);
                assertThat(new AuditRepository().count(c, AuditRepository.Event.CREATED)).isEqualTo(3);
                assertThat(new AuditRepository().count(c, AuditRepository.Event.MERGED)).isEqualTo(1);
                return null;
            });
        }
    }

    /** A poll that has used up isthmus.sources.maxPollTime yields after the page it applied; the next goes on. */
    @Test
    void pollTimeUsedUp_yieldsAfterThePage_andTheNextPollGoesOn() throws Exception {
        try (DaemonHarness h = new DaemonHarness(dir)) {
            Daemon d = h.start(Map.of("isthmus.sources.maxPollTime", "0s"));
            h.poll();
            WatermarkRepository.Watermark first = d.database().inTransaction(c ->
                    new WatermarkRepository().find(c, "hubspot-contacts").orElseThrow());
            assertThat(first.pagesApplied()).isEqualTo(1);
            assertThat(HubSpotCursor.fromJson(first.cursor()).inPass()).isTrue();

            h.poll();
            WatermarkRepository.Watermark second = d.database().inTransaction(c ->
                    new WatermarkRepository().find(c, "hubspot-contacts").orElseThrow());
            assertThat(second.pagesApplied()).isEqualTo(2);
            assertThat(second.recordsApplied()).isEqualTo(5);
            assertThat(HubSpotCursor.fromJson(second.cursor()).inPass()).isFalse();
        }
    }

    /**
     * A stop that comes while a poll waits for its page: the page is applied, then the poll ends instead of going on
     * to the pages after it (a backfill poll may run for minutes); the next start goes on from the cursor.
     */
    @Test
    void stopDuringAPoll_endsItAfterThePage_andTheNextStartGoesOn() throws Exception {
        try (DaemonHarness h = new DaemonHarness(dir)) {
            StubMapping page1 = h.hubspot.getStubMappings().stream()
                    .filter(m -> "hubspot/contacts-page-1.json".equals(m.getResponse().getBodyFileName()))
                    .findFirst().orElseThrow();
            StubMapping delayed = StubMapping.buildFrom(StubMapping.buildJsonStringFor(page1));
            delayed.setId(java.util.UUID.randomUUID());
            delayed.setResponse(ResponseDefinitionBuilder.like(page1.getResponse()).withFixedDelay(3_000).build());
            h.hubspot.addStubMapping(delayed);
            Daemon first = h.start(Map.of());
            CompletableFuture<Object> poll = first.camelContext().createProducerTemplate()
                    .asyncSendBody("direct:hubspot-contacts-poll", null);
            Thread.sleep(1_000);
            long t0 = System.nanoTime();
            h.stopDaemon();
            poll.get(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
            assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/search"))
                    .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[?(@.propertyName == "
                            + "'hs_object_id' && @.value == '103')]")))).as("no page after the stop").isEmpty();

            Daemon second = h.start(Map.of());
            second.database().inTransaction(c -> {
                WatermarkRepository.Watermark w = new WatermarkRepository().find(c, "hubspot-contacts")
                        .orElseThrow();
                assertThat(w.pagesApplied()).as("the page waited for was applied").isEqualTo(1);
                assertThat(HubSpotCursor.fromJson(w.cursor()).inPass()).isTrue();
                return null;
            });
            h.poll();
            second.database().inTransaction(c -> {
                WatermarkRepository.Watermark w = new WatermarkRepository().find(c, "hubspot-contacts")
                        .orElseThrow();
                assertThat(w.pagesApplied()).isEqualTo(2);
                assertThat(w.recordsApplied()).isEqualTo(5);
                return null;
            });
        }
    }
}
