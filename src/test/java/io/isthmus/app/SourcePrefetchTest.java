package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.isthmus.testing.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.api.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HubSpot contacts poll through the real route template and store, with WireMock HubSpot serving two pages: the
 * search for page 2 is sent while page 1 is applied (isthmus.sources.prefetch). A store trigger makes page 1's apply
 * fail only after page 2's search has reached HubSpot, so the answer fetched ahead is in hand when its page may not
 * be applied: pages must still be applied in order, each once, none skipped.
 */
class SourcePrefetchTest {

    private static final String SEARCH = "/crm/v3/objects/contacts/search";
    private static final Pattern AFTER_ID =
            Pattern.compile("\"propertyName\":\"hs_object_id\",\"operator\":\"GT\",\"value\":\"(\\d+)\"");

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-02T09:00:00Z"));
    private DaemonHarness h;
    private Daemon daemon;

    @AfterEach
    void stop() {
        FailPageOne.failures = 0;
        if (h != null) {
            h.close();
        }
    }

    @Test
    void applyOfPage1FailsOnce_afterPage2WasFetched_theFetchedAnswerIsDropped_andEachPageIsAppliedOnceInOrder()
            throws Exception {
        start(Map.of());
        FailPageOne.arm(1, h);

        h.poll();

        assertThat(FailPageOne.page2AskedDuringApply).as("page 2 was fetched while page 1 was applied").isTrue();
        assertThat(rows("SELECT source_id FROM source_link WHERE source_id IN ('101', '104', '105') "
                + "ORDER BY source_id")).containsExactly("101", "104", "105");
        assertThat(rows("SELECT pages_applied FROM source_watermark")).as("two pages, each applied once")
                .containsExactly("2");
        assertThat(pagesApplied()).isEqualTo(2.0);
        // Page 1; page 2 ahead, dropped with the failed apply; the error policy's retry asks page 1 again, and page
        // 2 goes ahead again while it is applied, this time used.
        assertThat(searchedAfterIds()).containsExactly("0", "103", "0", "103");
        // The calls sent ahead are counted by Camel's exchange metrics under the poll route, like the route's own.
        assertThat(daemon.metrics().registry().find("camel.exchange.event.notifier")
                .tag("endpointName", "http://isthmus-source").tag("eventType", "ExchangeCompletedEvent")
                .tag("routeId", "hubspot-contacts-poll").timers())
                .as("calls sent ahead, timed under the poll route").isNotEmpty();
    }

    @Test
    void applyOfPage1FailsForTheWholePoll_page2FetchedAheadIsNeverApplied_andTheNextPollResumesAtPage1()
            throws Exception {
        start(Map.of());
        FailPageOne.arm(Integer.MAX_VALUE, h);

        h.poll();

        assertThat(FailPageOne.page2AskedDuringApply).isTrue();
        assertThat(rows("SELECT COUNT(*) FROM source_watermark")).as("the cursor did not move").containsExactly("0");
        assertThat(rows("SELECT COUNT(*) FROM source_link")).as("nothing of page 1, nor of page 2 fetched ahead")
                .containsExactly("0");

        FailPageOne.failures = 0;
        h.poll();

        assertThat(rows("SELECT source_id FROM source_link WHERE source_id IN ('101', '104', '105') "
                + "ORDER BY source_id")).containsExactly("101", "104", "105");
        assertThat(rows("SELECT pages_applied FROM source_watermark")).containsExactly("2");
        assertThat(pagesApplied()).isEqualTo(2.0);
    }

    @Test
    void prefetchOff_sendsEachSearchOnlyAfterThePageBeforeIsStored() throws Exception {
        start(Map.of("isthmus.sources.prefetch", "false"));
        FailPageOne.arm(1, h);

        h.poll();

        assertThat(FailPageOne.page2AskedDuringApply).as("nothing fetched ahead").isFalse();
        assertThat(rows("SELECT pages_applied FROM source_watermark")).containsExactly("2");
        // Page 1, again by the error policy's retry, then page 2 only once page 1 was stored.
        assertThat(searchedAfterIds()).containsExactly("0", "0", "103");
    }

    private void start(Map<String, String> extra) throws Exception {
        h = new DaemonHarness(dir);
        daemon = h.start(extra, clock);
        exec("CREATE TRIGGER fail_page_one BEFORE INSERT ON source_link FOR EACH ROW CALL \""
                + FailPageOne.class.getName() + "\"");
    }

    /** The keyset ({@code hs_object_id > x}) of every search, in the order HubSpot received them. */
    private List<String> searchedAfterIds() {
        List<LoggedRequest> all = new ArrayList<>(h.hubspot.findAll(postRequestedFor(urlPathEqualTo(SEARCH))));
        all.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        List<String> ids = new ArrayList<>();
        for (LoggedRequest r : all) {
            Matcher m = AFTER_ID.matcher(r.getBodyAsString());
            ids.add(m.find() ? m.group(1) : "?");
        }
        return ids;
    }

    private double pagesApplied() {
        return daemon.metrics().registry().get("isthmus_source_pages_total").tag("source", "hubspot-contacts")
                .counter().count();
    }

    private void exec(String sql) throws Exception {
        try (Connection c = daemon.database().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
            c.commit();
        }
    }

    private List<String> rows(String sql) throws Exception {
        try (Connection c = daemon.database().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            c.rollback();
            return out;
        }
    }

    /**
     * Fails the store's write of contact 101 (page 1) {@code failures} times; the first failure waits (up to five
     * seconds) for page 2's search to reach HubSpot, and notes whether it did while page 1 was being applied.
     */
    public static final class FailPageOne implements Trigger {

        static volatile int failures;
        static volatile boolean page2AskedDuringApply;
        private static volatile CountDownLatch page2Asked = new CountDownLatch(1);

        static void arm(int times, DaemonHarness h) {
            failures = times;
            page2AskedDuringApply = false;
            CountDownLatch asked = new CountDownLatch(1);
            page2Asked = asked;
            h.hubspot.addMockServiceRequestListener((request, response) -> {
                if (request.getBodyAsString().contains("\"value\":\"103\"")) {
                    asked.countDown();
                }
            });
        }

        @Override
        public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
            if (failures <= 0 || !Arrays.asList(newRow).contains("101")) {
                return;
            }
            try {
                if (page2Asked.await(5, TimeUnit.SECONDS)) {
                    page2AskedDuringApply = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            failures--;
            throw new SQLException("store refused the write of contact 101 (test trigger)");
        }
    }
}
