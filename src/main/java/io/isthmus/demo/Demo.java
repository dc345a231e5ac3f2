package io.isthmus.demo;

import io.isthmus.app.Daemon;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.SettingsLoader;
import io.isthmus.source.hubspot.HubSpotCursor;
import io.isthmus.store.AuditRepository;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.DeadLetterRepository;
import io.isthmus.store.OutboxRepository;
import io.isthmus.store.WatermarkRepository;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;

/**
 * The {@code demo} verb: the real daemon on an embedded H2 file, against in-process simulators of HubSpot and
 * Salesforce preloaded with synthetic contacts. Runs three poll cycles (a full load, one with changes, one with
 * none), prints what happened and leaves the store to inspect.
 */
public final class Demo {

    private static final Duration CYCLE_TIMEOUT = Duration.ofSeconds(90);
    private static final String SOURCE = "hubspot-contacts";
    private static final int CONVERTED = 5;
    private static final List<SalesforceSimulator.Deal> DEALS = List.of(
            new SalesforceSimulator.Deal("Closed Won", true, true, new java.math.BigDecimal("48000"),
                    java.time.LocalDate.now(java.time.ZoneOffset.UTC)),
            new SalesforceSimulator.Deal("Proposal/Price Quote", false, false, new java.math.BigDecimal("25000"),
                    java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30)),
            new SalesforceSimulator.Deal("Closed Lost", true, false, new java.math.BigDecimal("12000"),
                    java.time.LocalDate.now(java.time.ZoneOffset.UTC)));

    private final PrintStream out;
    private final Path dataDir;
    private final Path routesDir;

    public Demo(PrintStream out, Path dataDir, Path routesDir) {
        this.out = out;
        this.dataDir = dataDir;
        this.routesDir = routesDir;
    }

    public int run() throws Exception {
        long started = System.nanoTime();
        deleteStore();
        String token = "pat-demo-" + Long.toHexString(System.nanoTime());
        Instant now = Instant.now();
        List<HubSpotSimulator.Contact> contacts = DemoContacts.generate(300, now, 42);
        try (HubSpotSimulator hubspot = new HubSpotSimulator(token);
             SalesforceSimulator salesforce = new SalesforceSimulator("demo-client", "demo-secret",
                     "integration@demo.example.com", "demo-password+token")) {
            contacts.forEach(hubspot::put);
            Map<String, String> o = new HashMap<>();
            o.put("isthmus.routes.dir", routesDir.toString());
            o.put("isthmus.store.url", "jdbc:h2:file:" + dataDir.resolve("isthmus").toAbsolutePath());
            o.put("isthmus.http.host", "127.0.0.1");
            o.put("isthmus.http.port", "0");
            o.put("isthmus.admin.port", "0");
            o.put("isthmus.hubspot.baseUrl", hubspot.baseUrl());
            o.put("isthmus.hubspot.token", token);
            o.put("isthmus.hubspot.cron", "0/2 * * * * ?");
            o.put("isthmus.hubspot.pageSize", "50");
            o.put("isthmus.salesforce.loginUrl", salesforce.baseUrl());
            o.put("isthmus.salesforce.clientId", "demo-client");
            o.put("isthmus.salesforce.clientSecret", "demo-secret");
            o.put("isthmus.salesforce.username", "integration@demo.example.com");
            o.put("isthmus.salesforce.password", "demo-password+token");
            o.put("isthmus.salesforce.sinkInterval", "500ms");
            // The simulator answers the read-back's SOQL with the Leads the demo converts in cycle 3.
            o.put("isthmus.salesforce.readbackCron", "0/2 * * * * ?");
            IsthmusSettings settings = new SettingsLoader(Map.of()).load(null, o);
            out.println("isthmus demo: HubSpot simulator at " + hubspot.baseUrl() + " with " + contacts.size()
                    + " contacts, Salesforce simulator at " + salesforce.baseUrl());
            try (Daemon daemon = Daemon.create(settings, Map.of(), Clock.systemUTC())) {
                Runtime.getRuntime().addShutdownHook(new Thread(daemon::close));
                daemon.start();
                Instant cycle1 = Instant.now();
                awaitCycle(daemon, cycle1, "1 (full load)");
                Instant changedAt = Instant.now();
                for (int i = 0; i < 20; i++) {
                    HubSpotSimulator.Contact c = contacts.get(i * 7);
                    Map<String, String> p = new HashMap<>(c.properties());
                    p.put("jobtitle", "Director of Demand Generation");
                    hubspot.put(new HubSpotSimulator.Contact(c.id(), p, changedAt));
                }
                List<HubSpotSimulator.Contact> added = DemoContacts.generate(10, changedAt, 7);
                for (HubSpotSimulator.Contact c : added) {
                    hubspot.put(new HubSpotSimulator.Contact(c.id() + 10_000, c.properties(), changedAt));
                }
                awaitCycle(daemon, Instant.now(), "2 (20 changed, 10 new contacts)");
                // Sales convert some Leads: the read-back sees it and the buyers' writes go to their new Contacts.
                // Sales convert Leads of buyers who filled in forms, so the deals have touches to credit.
                java.util.Set<String> touched = daemon.database().inTransaction(c -> {
                    java.util.Set<String> ids = new java.util.HashSet<>();
                    try (var st = c.createStatement(); var rs = st.executeQuery("SELECT DISTINCT buyer_id FROM touch")) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                        }
                    }
                    return ids;
                });
                List<String> converted = salesforce.leads().keySet().stream().filter(touched::contains).sorted()
                        .limit(CONVERTED).toList();
                // Three of the conversions come with a deal: one won, one still open, one lost.
                for (int i = 0; i < converted.size(); i++) {
                    salesforce.convertLead(converted.get(i), settings.salesforce().externalIdField(),
                            i < DEALS.size() ? DEALS.get(i) : null);
                }
                awaitCycle(daemon, Instant.now(), "3 (no source changes; " + CONVERTED + " Leads converted in "
                        + "Salesforce)");
                awaitContacts(daemon, salesforce, converted.size());
                awaitDeals(daemon);
                report(daemon, hubspot, salesforce, (System.nanoTime() - started) / 1_000_000_000.0);
            }
        }
        return 0;
    }

    /** Waits until a poll pass that started after {@code after} completed and the outbox is empty. */
    private void awaitCycle(Daemon daemon, Instant after, String label) throws InterruptedException {
        Instant deadline = Instant.now().plus(CYCLE_TIMEOUT);
        WatermarkRepository watermarks = new WatermarkRepository();
        OutboxRepository outbox = new OutboxRepository(false);
        while (Instant.now().isBefore(deadline)) {
            boolean done = daemon.database().inTransaction(c -> {
                var w = watermarks.find(c, SOURCE);
                if (w.isEmpty()) {
                    return false;
                }
                HubSpotCursor cur = HubSpotCursor.fromJson(w.get().cursor());
                return !cur.inPass() && cur.completedUntil() != null && cur.completedUntil().isAfter(after)
                        && outbox.depth(c) == 0;
            });
            if (done) {
                out.println("  poll cycle " + label + " done");
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("poll cycle " + label + " did not finish within " + CYCLE_TIMEOUT
                + "; see the log above");
    }

    /** Waits until the read-back took the conversions in and the converted buyers' Contacts were written. */
    private void awaitContacts(Daemon daemon, SalesforceSimulator salesforce, int n) throws InterruptedException {
        Instant deadline = Instant.now().plus(CYCLE_TIMEOUT);
        OutboxRepository outbox = new OutboxRepository(false);
        while (Instant.now().isBefore(deadline)) {
            boolean done = daemon.database().inTransaction(c -> outbox.depth(c) == 0
                    && new io.isthmus.store.CrmLinkRepository().convertedCount(c) >= n);
            if (done && salesforce.records("Contact").values().stream()
                    .filter(c -> c.has("Isthmus_Stage__c")).count() >= n) {
                out.println("  read-back: " + n + " conversions taken in, their buyers now written to Contacts");
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the converted Leads' Contacts were not written within " + CYCLE_TIMEOUT
                + "; see the log above");
    }

    /**
     * Waits until the read-back took in every deal (the won one made its buyer a Customer) and the sink wrote what
     * that changed: the stage changes are outbox rows committed with the deals, so the outbox is empty only after.
     */
    private void awaitDeals(Daemon daemon) throws InterruptedException {
        Instant deadline = Instant.now().plus(CYCLE_TIMEOUT);
        OutboxRepository outbox = new OutboxRepository(false);
        while (Instant.now().isBefore(deadline)) {
            long[] n = daemon.database().inTransaction(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM "
                        + "crm_opportunity), (SELECT COUNT(*) FROM stage_transition WHERE to_stage = 'CUSTOMER')")) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2), outbox.depth(c)};
                }
            });
            if (n[0] >= DEALS.size() && n[1] >= 1 && n[2] == 0) {
                out.println("  read-back: " + n[0] + " Opportunities (won, open, lost); the won deal's buyer is a "
                        + "Customer, its revenue credited to the touches before the close (./isthmus report)");
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the deals were not read back within " + CYCLE_TIMEOUT + "; see the log above");
    }

    private void report(Daemon daemon, HubSpotSimulator hubspot, SalesforceSimulator salesforce, double seconds) {
        BuyerRepository buyers = new BuyerRepository();
        AuditRepository audit = new AuditRepository();
        DeadLetterRepository dead = new DeadLetterRepository();
        OutboxRepository outbox = new OutboxRepository(false);
        WatermarkRepository watermarks = new WatermarkRepository();
        daemon.database().inTransaction(c -> {
            var w = watermarks.find(c, SOURCE).orElseThrow();
            out.printf("%nisthmus demo finished in %.1f s%n", seconds);
            out.printf("  HubSpot      %d search calls, %d pages, %d contact records polled%n", hubspot.searchCalls(),
                    w.pagesApplied(), w.recordsApplied());
            out.printf("  Buyers       %d in the store: %d created, %d source contacts merged (same email or a "
                            + "probabilistic match), %d updates, %d possible matches kept for review%n",
                    buyers.count(c), audit.count(c, AuditRepository.Event.CREATED),
                    audit.count(c, AuditRepository.Event.MERGED), audit.count(c, AuditRepository.Event.UPDATED),
                    new io.isthmus.store.MatchReviewRepository().countOpen(c));
            out.printf("  Refused      %d source records to dead letters (invalid email, no name)%n",
                    dead.countOpen(c, DeadLetterRepository.Kind.SOURCE_RECORD));
            out.printf("  Salesforce   %d login(s), %d collections upsert calls, %d records upserted, "
                            + "%d rejected to dead letters, %d Leads in the org%n", salesforce.loginCalls(),
                    salesforce.upsertCalls(), outbox.count(c, "SENT"),
                    dead.countOpen(c, DeadLetterRepository.Kind.CRM_RECORD), salesforce.leads().size());
            out.printf("  CRM objects  in the simulated org: %s; upserts confirmed per object: %s%n",
                    salesforce.countsByObject(), outbox.sentByObject(c));
            out.printf("  Outbox       %d pending%n", outbox.depth(c));
            out.println();
            out.println("Dead letters (first 5):");
            for (DeadLetterRepository.DeadLetter d : dead.open(c, 5)) {
                out.printf("  #%d %-13s %-22s %s%n", d.id(), d.kind(), d.errorCode(), d.errorMessage());
            }
            return null;
        });
        Path db = dataDir.resolve("isthmus.mv.db").toAbsolutePath();
        out.println();
        out.println("Where to look next:");
        out.println("  the store (H2): " + db);
        out.println("    java -cp 'target/lib/*' org.h2.tools.Shell -url 'jdbc:h2:file:"
                + dataDir.resolve("isthmus").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE' -user sa "
                + "-sql 'SELECT kind, error_code, error_message FROM dead_letter'");
        out.println("  tables: buyer, source_link, buyer_audit, match_review, activity, buyer_score, score_change, "
                + "stage_transition, outbox, crm_record, dead_letter, source_watermark");
        out.println("  one buyer, everything about it:  ./isthmus explain <email>   (with ISTHMUS_STORE_URL=jdbc:h2:file:"
                + dataDir.resolve("isthmus").toAbsolutePath() + ")");
        out.println("  funnel and attribution:          ./isthmus report   (same store setting)");
        out.println("  run it for real: README.md (Quick start, Configuration), docs/OPERATIONS.md");
    }

    private void deleteStore() throws IOException {
        Files.createDirectories(dataDir);
        FileUtils.cleanDirectory(dataDir.toFile());
    }
}
