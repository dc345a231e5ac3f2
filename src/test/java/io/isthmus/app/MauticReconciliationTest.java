package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

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
 * The Mautic reconciliation through the real daemon and the source route templates: it pages through every contact
 * id Mautic holds ({@code GET /api/contacts?minimal=true}, by id with a keyset; contacts keyed by id, {@code total}
 * a string or a number, empty as {@code []}) and unlinks the Mautic ids the store holds that Mautic no longer has.
 */
class MauticReconciliationTest {

    private static final Instant NOW = Instant.parse("2024-05-02T09:00:00Z");
    private static final String CONTACTS = "/api/contacts";

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(NOW);
    private SourceHarness h;

    private void start(Map<String, String> extra) throws Exception {
        h = new SourceHarness(dir, "mautic");
        Map<String, String> o = new HashMap<>();
        o.put("isthmus.mautic.enabled", "true");
        o.put("isthmus.mautic.baseUrl", h.server.baseUrl());
        o.put("isthmus.mautic.username", "isthmus-api");
        o.put("isthmus.mautic.password", "test-mautic-password");
        o.put("isthmus.mautic.cron", "0 0 0 1 1 ? 2099");
        o.put("isthmus.mautic.reconcileCron", "0 0 0 1 1 ? 2099");
        o.put("isthmus.mautic.pageSize", "2");
        o.put("isthmus.mautic.reconcilePageSize", "2");
        o.put("isthmus.sources.backoffInitial", "10ms");
        o.put("isthmus.sources.retries", "1");
        o.putAll(extra);
        h.start(o, clock);
        // The contact poll links Mautic contacts 47, 48 and 52 to their buyers.
        h.poll();
        assertThat(h.rows("SELECT source_id FROM source_link WHERE system = 'mautic' ORDER BY source_id"))
                .containsExactly("47", "48", "52");
        // The reconciliation compares only links made before its pass began.
        clock.advance(Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void goneIds_areUnlinked_theBuyerKeepsItsOtherLinksAndHistory_andIdsLinkedDuringThePassAreNotTouched()
            throws Exception {
        start(Map.of("isthmus.mautic.reconcileMaxPagesPerPoll", "1"));
        // Lena (Mautic 48) is also known to HubSpot.
        h.exec("INSERT INTO source_link (system, source_id, buyer_id, source_modified_at, linked_at) "
                + "SELECT 'hubspot', '9048', buyer_id, NULL, linked_at FROM source_link "
                + "WHERE system = 'mautic' AND source_id = '48'");
        h.poll("mautic-reconcile");

        // Page 1 lists 47 and 52 (of 3): 48, between them, is gone.
        assertThat(h.rows("SELECT source_id FROM source_link WHERE system = 'mautic' ORDER BY source_id"))
                .containsExactly("47", "52");
        // A contact linked while the pass runs (created at Mautic after the pass read past it) is not compared.
        clock.advance(Duration.ofMinutes(10));
        h.exec("INSERT INTO source_link (system, source_id, buyer_id, source_modified_at, linked_at) "
                + "SELECT 'mautic', '61', buyer_id, NULL, TIMESTAMP WITH TIME ZONE '2024-05-02 10:10:00+00' "
                + "FROM source_link WHERE system = 'mautic' AND source_id = '47'");
        h.poll("mautic-reconcile");

        assertThat(h.rows("SELECT source_id FROM source_link WHERE system = 'mautic' ORDER BY source_id"))
                .containsExactly("47", "52", "61");
        assertThat(h.rows("SELECT b.email, l.system, l.source_id FROM source_link l JOIN buyer b ON b.id = l.buyer_id "
                + "WHERE b.email = 'lena.fischer@borealis.example.com'"))
                .containsExactly("lena.fischer@borealis.example.com|hubspot|9048");
        assertThat(h.rows("SELECT a.source_id, b.email FROM activity a JOIN buyer b ON b.id = a.buyer_id "
                + "WHERE a.source_id = 'email.read.5'"))
                .containsExactly("email.read.5|lena.fischer@borealis.example.com");
        assertThat(h.rows("SELECT a.event, a.source, a.detail FROM buyer_audit a JOIN buyer b ON b.id = a.buyer_id "
                + "WHERE a.event = 'UNLINKED'")).containsExactly("UNLINKED|mautic-reconcile|mautic 48 is gone at the "
                + "source (deleted or merged away); 1 other source link(s) kept");
        assertThat(h.server.findAll(getRequestedFor(urlPathEqualTo(CONTACTS))
                .withQueryParam("minimal", equalTo("true")))).hasSize(2);
        assertThat(h.one("SELECT cursor_value FROM source_watermark WHERE source = 'mautic-reconcile'"))
                .isEqualTo("{\"afterId\":0,\"lastPass\":\"2024-05-02T10:00:00Z\"}");
    }

    @Test
    void aBuyerLeftWithNoSource_isKept_andTheAuditSaysSo() throws Exception {
        start(Map.of());
        h.poll("mautic-reconcile");

        assertThat(h.one("SELECT COUNT(*) FROM buyer WHERE email = 'lena.fischer@borealis.example.com'"))
                .isEqualTo("1");
        assertThat(h.one("SELECT detail FROM buyer_audit WHERE event = 'UNLINKED'"))
                .contains("no source holds this buyer any more: kept");
    }

    @Test
    void mauticListingNothing_whileTheStoreHoldsLinks_unlinksNothing_andFailsThePoll() throws Exception {
        start(Map.of());
        h.server.stubFor(get(urlPathEqualTo(CONTACTS)).atPriority(0).withQueryParam("minimal", equalTo("true"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("mautic/reconcile-ids-none.json")));
        h.poll("mautic-reconcile");

        assertThat(h.rows("SELECT source_id FROM source_link WHERE system = 'mautic' ORDER BY source_id"))
                .containsExactly("47", "48", "52");
        assertThat(h.http("/observe/metrics").body())
                .contains("isthmus_source_polls_total{outcome=\"failed\",source=\"mautic-reconcile\"} 1.0");
    }

    @Test
    void aPageIgnoringTheIdFilter_isQuarantined_andReadsNoIdAsGone() throws Exception {
        start(Map.of());
        // Asked for ids after 52, Mautic answers the first page again (the filter was not applied).
        h.server.stubFor(get(urlPathEqualTo(CONTACTS)).atPriority(0).withQueryParam("minimal", equalTo("true"))
                .withQueryParam("where[0][val]", equalTo("52"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("mautic/reconcile-ids-page-1.json")));
        h.poll("mautic-reconcile");

        assertThat(h.rows("SELECT kind, origin, error_code FROM dead_letter")).containsExactly(
                "SOURCE_PAGE|mautic-reconcile|MALFORMED_PAGE");
        assertThat(h.rows("SELECT source_id FROM source_link WHERE system = 'mautic' ORDER BY source_id"))
                .containsExactly("47", "52");
    }
}
