package io.isthmus.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.isthmus.demo.HubSpotSimulator;
import io.isthmus.demo.SalesforceSimulator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemon processes on one PostgreSQL store, against in-process HubSpot and Salesforce: each scheduled poll runs on
 * one instance only (Quartz's clustered JDBC job store), each outbox row is sent by one instance only (claims with
 * row locks), and when one instance is killed with SIGKILL the other finishes its claimed rows and takes over its
 * polls within 30 seconds.
 */
class ClusterFailoverIT {

    private static final String TOKEN = "pat-cluster-it-token";
    private static final Map<String, String> SECRETS = Map.of(
            "ISTHMUS_HUBSPOT_TOKEN", TOKEN,
            "ISTHMUS_SALESFORCE_CLIENTID", "cluster-client-id",
            "ISTHMUS_SALESFORCE_CLIENTSECRET", "cluster-client-secret",
            "ISTHMUS_SALESFORCE_PASSWORD", "cluster-password-token");
    private static final int CRON_SECONDS = 2;
    private static final Duration FAILOVER_LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void twoInstances_pollOncePerFire_sendEachRowOnce_andSurvivorTakesOverWithin30s() throws Exception {
        ItPostgres pg = ItPostgres.required();
        String store = pg.freshDatabase("isthmus_cluster");
        Random rnd = new Random(7);
        Instant now = Instant.now();
        try (HubSpotSimulator hubspot = new HubSpotSimulator(TOKEN);
             SalesforceSimulator salesforce = new SalesforceSimulator("cluster-client-id", "cluster-client-secret",
                     "integration@cluster.example.com", "cluster-password-token")) {
            LongStream.rangeClosed(1, 400).forEach(id -> hubspot.put(TestContacts.older(id, now, rnd)));
            hubspot.server().setGlobalFixedDelay(30);
            // A slow CRM keeps batches in flight long enough for both senders to overlap, and one to die mid-batch.
            salesforce.server().setGlobalFixedDelay(350);
            try (DaemonProcess a = node("node-a", store, pg, hubspot, salesforce);
                 DaemonProcess b = node("node-b", store, pg, hubspot, salesforce)) {
                a.start();
                b.start();
                try (Connection c = pg.connect(store)) {
                    Await.until("node-a holds outbox claims while node-b sends too", Duration.ofSeconds(120),
                            () -> claimedBy(c, "node-a") > 0 && claimedBy(c, "node-b") > 0,
                            () -> "leads " + salesforce.leads().size() + ", log a: " + tail(a) + ", log b: " + tail(b));

                    Map<String, Integer> sentWhileBothRan = salesforce.sendsByExternalId();
                    a.kill();
                    long killed = System.nanoTime();
                    Set<String> orphaned = externalIds(c, "SELECT external_id FROM outbox WHERE claimed_by = 'node-a'"
                            + " AND status = 'PENDING'");
                    Instant afterKill = Instant.now();
                    LongStream.rangeClosed(401, 420).forEach(id -> hubspot.put(
                            TestContacts.contact(id, "Late" + id, afterKill.minusSeconds(1))));

                    assertThat(orphaned).as("node-a died holding a claimed batch").isNotEmpty();
                    assertThat(sentWhileBothRan.values()).as("no row sent twice while both instances ran")
                            .allMatch(n -> n == 1);

                    int searchesBeforeKill = searches(hubspot, "node-b");
                    Duration pollsTakenOver = Await.until("node-b polls after the kill", Duration.ofSeconds(60),
                            () -> searches(hubspot, "node-b") > searchesBeforeKill, () -> tail(b));
                    Await.until("node-b sends the rows node-a had claimed", Duration.ofSeconds(60),
                            () -> externalIds(c, "SELECT external_id FROM outbox WHERE status = 'PENDING'").stream()
                                    .noneMatch(orphaned::contains), () -> tail(b));
                    Duration claimsTakenOver = Duration.ofNanos(System.nanoTime() - killed);
                    Set<String> lateEmails = LongStream.rangeClosed(401, 420).mapToObj(TestContacts::email)
                            .collect(Collectors.toSet());
                    Await.until("contacts added after the kill reach Salesforce through node-b",
                            Duration.ofSeconds(90), () -> emails(salesforce).containsAll(lateEmails), () -> tail(b));
                    Duration lateContactsIn = Duration.ofNanos(System.nanoTime() - killed);
                    System.out.printf("failover after SIGKILL of node-a: node-b polled after %d ms; the %d rows node-a "
                            + "had claimed were sent by node-b after %d ms; contacts added after the kill were in "
                            + "Salesforce after %d ms%n", pollsTakenOver.toMillis(), orphaned.size(),
                            claimsTakenOver.toMillis(), lateContactsIn.toMillis());
                    assertThat(claimsTakenOver).isLessThanOrEqualTo(FAILOVER_LIMIT);
                    assertThat(pollsTakenOver).isLessThanOrEqualTo(FAILOVER_LIMIT);

                    Await.until("outbox drained and all 420 contacts in Salesforce", Duration.ofSeconds(60),
                            () -> salesforce.leads().size() == 420 && count(c, "SELECT COUNT(*) FROM outbox WHERE "
                                    + "status = 'PENDING'") == 0, () -> "leads " + salesforce.leads().size());

                    assertThat(emails(salesforce)).hasSize(420);
                    assertThat(count(c, "SELECT COUNT(*) FROM buyer")).isEqualTo(420);
                    Set<String> sentTwice = salesforce.sendsByExternalId().entrySet().stream()
                            .filter(e -> e.getValue() > 1).map(Map.Entry::getKey).collect(Collectors.toSet());
                    assertThat(orphaned).as("only the batch node-a had in flight may be sent twice")
                            .containsAll(sentTwice);
                    assertPollsRanOncePerFire(hubspot);
                }
                b.stop();
            }
        }
    }

    /** Every poll opens a pass with hs_object_id > 0; two instances firing the same schedule would open two. */
    private void assertPollsRanOncePerFire(HubSpotSimulator hubspot) throws Exception {
        Map<Long, Set<String>> passStartsBySlot = new TreeMap<>();
        for (ServeEvent e : hubspot.server().getAllServeEvents()) {
            String url = e.getRequest().getUrl();
            if (!url.endsWith("/crm/v3/objects/contacts/search")) {
                continue;
            }
            JsonNode filters = json.readTree(e.getRequest().getBodyAsString()).path("filterGroups").path(0)
                    .path("filters");
            String lastId = null;
            long windowEnd = 0;
            for (JsonNode f : filters) {
                if (f.path("propertyName").asText().equals("hs_object_id")) {
                    lastId = f.path("value").asText();
                } else if (f.path("operator").asText().equals("LTE")) {
                    windowEnd = Long.parseLong(f.path("value").asText());
                }
            }
            if ("0".equals(lastId)) {
                passStartsBySlot.computeIfAbsent(windowEnd / (CRON_SECONDS * 1000L), k -> new java.util.TreeSet<>())
                        .add(url.substring(1, url.indexOf('/', 1)));
            }
        }
        System.out.println("pass starts by " + CRON_SECONDS + "-second slot: " + passStartsBySlot);
        assertThat(passStartsBySlot).as("polls ran during the test").hasSizeGreaterThan(5);
        assertThat(passStartsBySlot.values()).as("each fire of the schedule polled on one instance only")
                .allMatch(nodes -> nodes.size() == 1);
        assertThat(passStartsBySlot.values().stream().flatMap(Set::stream).collect(Collectors.toSet()))
                .as("the survivor polled").contains("node-b");
    }

    private DaemonProcess node(String id, String store, ItPostgres pg, HubSpotSimulator hubspot,
                               SalesforceSimulator salesforce) {
        Map<String, String> s = new HashMap<>();
        s.put("isthmus.store.url", store);
        s.put("isthmus.store.user", pg.user());
        s.put("isthmus.store.poolSize", "6");
        s.put("isthmus.hubspot.baseUrl", hubspot.baseUrl() + "/" + id);
        s.put("isthmus.hubspot.cron", "0/" + CRON_SECONDS + " * * * * ?");
        s.put("isthmus.hubspot.pageSize", "50");
        s.put("isthmus.hubspot.maxPagesPerPoll", "20");
        s.put("isthmus.salesforce.loginUrl", salesforce.baseUrl());
        s.put("isthmus.salesforce.username", "integration@cluster.example.com");
        s.put("isthmus.salesforce.batchSize", "10");
        s.put("isthmus.salesforce.sinkInterval", "500ms");
        s.put("isthmus.salesforce.readbackCron", "0 0 0 1 1 ? 2099");
        s.put("isthmus.cluster.enabled", "true");
        s.put("isthmus.cluster.instanceId", id);
        s.put("isthmus.cluster.checkinInterval", "2s");
        Map<String, String> env = new HashMap<>(SECRETS);
        env.put("ISTHMUS_STORE_PASSWORD", pg.password());
        return new DaemonProcess(id, dir, s, env);
    }

    private static int searches(HubSpotSimulator hubspot, String node) {
        return (int) hubspot.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/" + node + "/")).count();
    }

    private static long claimedBy(Connection c, String owner) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING' AND claimed_by = '" + owner + "'");
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> externalIds(Connection c, String sql) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static Set<String> emails(SalesforceSimulator salesforce) {
        return salesforce.leads().values().stream().map(l -> l.path("Email").asText(""))
                .collect(Collectors.toSet());
    }

    private static String tail(DaemonProcess p) {
        String log = p.logText();
        return log.substring(Math.max(0, log.length() - 3000));
    }
}
