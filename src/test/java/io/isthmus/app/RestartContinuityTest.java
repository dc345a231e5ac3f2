package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.source.hubspot.HubSpotCursor;
import io.isthmus.store.AuditRepository;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.WatermarkRepository;
import java.nio.file.Path;
import java.util.Map;
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
}
