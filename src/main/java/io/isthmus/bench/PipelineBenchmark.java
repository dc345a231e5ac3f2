package io.isthmus.bench;

import io.isthmus.app.Daemon;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.SettingsLoader;
import io.isthmus.source.hubspot.HubSpotCursor;
import io.isthmus.store.OutboxRepository;
import io.isthmus.store.WatermarkRepository;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * The whole pipeline under load: a generated HubSpot population (a fifth duplicates) polled, normalized, matched,
 * scored, staged, queued and sent to a counting Salesforce. Phase 1 is the backfill (throughput); phase 2 changes
 * contacts at a steady rate and measures the time from a change at the source to its CRM write.
 *
 * <p>{@code java -cp 'target/isthmus.jar:target/lib/*' io.isthmus.bench.PipelineBenchmark --buyers 100000}
 */
public final class PipelineBenchmark {

    private final PrintStream out;
    private SyntheticPeople people = new SyntheticPeople(SyntheticPeople.Kind.REALISTIC);
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

    PipelineBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        PipelineBenchmark bench = new PipelineBenchmark(System.out);
        // --people numbered: the earlier population (FirstN LastN, nearly every contact a possible match of others)
        bench.people = new SyntheticPeople(SyntheticPeople.Kind.valueOf(
                a.getOrDefault("--people", "realistic").toUpperCase(java.util.Locale.ROOT)));
        bench.run(Long.parseLong(a.getOrDefault("--buyers", "10000")),
                Integer.parseInt(a.getOrDefault("--changes", "1000")),
                Integer.parseInt(a.getOrDefault("--rate", "100")), Path.of(a.getOrDefault("--data", "target/bench")),
                Long.parseLong(a.getOrDefault("--seed", "0")),
                Boolean.parseBoolean(a.getOrDefault("--reuse", "false")));
        System.exit(0);
    }

    /**
     * @param seed contacts 1..seed are taken as already in the store: written in bulk first, or, with {@code reuse},
     *             left by an earlier run in {@code dataDir} (a copy of a seeded store saves re-seeding)
     */
    void run(long buyers, int changes, int rate, Path dataDir, long seed, boolean reuse) throws Exception {
        if (!reuse) {
            clean(dataDir);
        }
        heapSampler();
        Instant base = Instant.now().minus(Duration.ofDays(400));
        try (SyntheticHubSpot hubspot = new SyntheticHubSpot(seed + 1, seed + buyers, base, people);
             CountingSalesforce salesforce = new CountingSalesforce((id, r) -> {
                 String title = r.path("Title").asText("");
                 if (title.startsWith("VP Demand ")) {
                     latencies.add(System.currentTimeMillis() - Long.parseLong(title.substring(10)));
                 }
             })) {
            Map<String, String> o = new HashMap<>();
            o.put("isthmus.store.url", "jdbc:h2:file:" + dataDir.resolve("isthmus").toAbsolutePath());
            o.put("isthmus.http.host", "127.0.0.1");
            o.put("isthmus.http.port", "0");
            o.put("isthmus.hubspot.baseUrl", hubspot.baseUrl());
            o.put("isthmus.hubspot.token", SyntheticHubSpot.TOKEN);
            o.put("isthmus.hubspot.cron", "* * * * * ?");
            o.put("isthmus.hubspot.pageSize", "200");
            o.put("isthmus.hubspot.maxPagesPerPoll", "100000");
            o.put("isthmus.hubspot.overlap", "10s");
            o.put("isthmus.salesforce.loginUrl", salesforce.baseUrl());
            o.put("isthmus.salesforce.clientId", "bench");
            o.put("isthmus.salesforce.clientSecret", "bench");
            o.put("isthmus.salesforce.username", "bench@example.com");
            o.put("isthmus.salesforce.password", "bench");
            o.put("isthmus.salesforce.sinkInterval", "200ms");
            o.put("isthmus.salesforce.readbackCron", "0 0 0 1 1 ? 2099");
            IsthmusSettings settings = new SettingsLoader(Map.of()).load(null, o);
            if (seed > 0 && !reuse) {
                seed(settings, seed, base);
            } else if (reuse) {
                // A new pass from the start: the earlier run's cursor would make this one look finished already.
                try (io.isthmus.store.Database db = io.isthmus.store.Database.open(settings.store())) {
                    db.inTransaction(c -> {
                        try (java.sql.Statement st = c.createStatement()) {
                            st.execute("DELETE FROM source_watermark");
                        }
                        return null;
                    });
                }
            }

            long t0 = System.nanoTime();
            try (Daemon daemon = Daemon.create(settings, Map.of(), Clock.systemUTC(),
                    new io.isthmus.app.StartupSteps())) {
                daemon.start();
                double startup = (System.nanoTime() - t0) / 1e9;
                awaitIndex(daemon);
                double ready = (System.nanoTime() - t0) / 1e9;
                long sent0 = salesforce.records();
                Map<String, Long> cpu0 = cpuByRole();
                awaitPass(daemon, Instant.EPOCH, Duration.ofHours(2));
                double backfill = (System.nanoTime() - t0) / 1e9 - ready;
                Map<String, Long> cpu = cpuByRole();
                cpu.replaceAll((role, ns) -> ns - cpu0.getOrDefault(role, 0L));
                long records = salesforce.records() - sent0;
                long calls = salesforce.calls();

                Instant changesFrom = Instant.now();
                long step = Math.max(1, buyers / Math.max(1, changes));
                long pause = 1000L / Math.max(1, rate);
                for (int i = 0; i < changes; i++) {
                    long id = seed + 1 + (i * step) % buyers;
                    hubspot.change(id, Instant.now());
                    Thread.sleep(pause);
                }
                Instant deadline = Instant.now().plusSeconds(120);
                while (latencies.size() < changes && Instant.now().isBefore(deadline)) {
                    Thread.sleep(100);
                }
                report(buyers, backfill, startup, ready, records, calls, dataDir, changes,
                        Duration.between(changesFrom, Instant.now()), cpu);
            }
        }
    }

    /**
     * Writes {@code n} buyers as earlier passes would have left them (contacts 1..n: buyer, source link, score and
     * its change, first stage, audit entry, confirmed CRM record) in bulk SQL, so a run can start with a large store
     * without applying a million contacts first. H2 only. Contacts 1..n are then not served by the source.
     */
    private void seed(IsthmusSettings settings, long n, Instant base) {
        long t0 = System.nanoTime();
        String id = "CONCAT('00000000-0000-4000-8000-', LPAD(CAST(\"X\" AS VARCHAR), 12, '0'))";
        String person = "CAST(\"X\" AS VARCHAR)";
        String at = "TIMESTAMP WITH TIME ZONE '" + base + "'";
        try (io.isthmus.store.Database db = io.isthmus.store.Database.open(settings.store())) {
            List<String> inserts = new ArrayList<>();
            inserts.add("INSERT INTO buyer (id, email, email_original, first_name, last_name, company, phone, "
                    + "job_title, created_at, updated_at, version) SELECT " + id + ", CONCAT('first', " + person
                    + ", '.last', " + person + ", '@company', MOD(\"X\", 5000), '.example.com'), CONCAT('first', "
                    + person + ", '.last', " + person + ", '@company', MOD(\"X\", 5000), '.example.com'), "
                    + "CONCAT('First', " + person + "), CONCAT('Last', " + person + "), CONCAT('Company ', "
                    + "MOD(\"X\", 5000)), CONCAT('+1415555', LPAD(CAST(MOD(\"X\", 10000) AS VARCHAR), 4, '0')), "
                    + "CASE WHEN MOD(\"X\", 7) = 0 THEN 'VP Marketing' ELSE 'Marketing Manager' END, " + at
                    + ", " + at + ", 1 FROM SYSTEM_RANGE(1, " + n + ")");
            inserts.add("INSERT INTO source_link (system, source_id, buyer_id, source_modified_at, linked_at) "
                    + "SELECT 'hubspot', " + person + ", " + id + ", " + at + ", " + at
                    + " FROM SYSTEM_RANGE(1, " + n + ")");
            inserts.add("INSERT INTO buyer_score (buyer_id, fit, engagement, total, summary, scored_at) SELECT "
                    + id + ", 20, 0, 20, 'fit 20 (seeded)', " + at + " FROM SYSTEM_RANGE(1, " + n + ")");
            inserts.add("INSERT INTO score_change (buyer_id, fit, engagement, total, summary, explanation, at) "
                    + "SELECT " + id + ", 20, 0, 20, 'fit 20 (seeded)', '{}', " + at
                    + " FROM SYSTEM_RANGE(1, " + n + ")");
            inserts.add("INSERT INTO stage_transition (buyer_id, from_stage, to_stage, at, cause, event_type, "
                    + "event) SELECT " + id + ", 'VISITOR', 'LEAD', " + at + ", 'seeded', "
                    + "'io.isthmus.lifecycle.LifecycleEvent$Identified', CONCAT('{\"at\":\"" + base
                    + "\",\"email\":\"first', " + person + ", '@example.com\"}') FROM SYSTEM_RANGE(1, " + n + ")");
            inserts.add("INSERT INTO buyer_audit (buyer_id, event, source, detail, at) SELECT " + id
                    + ", 'CREATED', 'hubspot-contacts', CONCAT('from ', " + person + "), " + at
                    + " FROM SYSTEM_RANGE(1, " + n + ")");
            inserts.add("INSERT INTO crm_record (sobject, external_id, crm_id, confirmed_hash, confirmed_at) "
                    + "SELECT 'Lead', " + id + ", NULL, 'seeded', " + at + " FROM SYSTEM_RANGE(1, " + n + ")");
            // One transaction per table: a single one of seven million rows makes H2 keep them all undoable.
            for (String sql : inserts) {
                db.inTransaction(c -> {
                    try (java.sql.Statement st = c.createStatement()) {
                        st.execute(sql);
                    }
                    return null;
                });
            }
        }
        out.printf("seeded %,d buyers in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    }

    private final java.util.concurrent.atomic.AtomicLong heapMax = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong liveMax = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Samples the heap every 100 ms: the most in use at once (garbage included) and the most left in the old
     * generation after a collection (what the process really keeps: the index, caches, the store's pages).
     */
    private Thread heapSampler() {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                heapMax.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                    boolean old = p.getType() == MemoryType.HEAP && p.getName().contains("Old");
                    if (old && p.getCollectionUsage() != null) {
                        liveMax.accumulateAndGet(p.getCollectionUsage().getUsed(), Math::max);
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until readiness reports the identity index filled (it loads in the background). */
    private static void awaitIndex(Daemon daemon) throws InterruptedException {
        // The check itself: with exposure level "oneline" the helper's results need not name it.
        org.apache.camel.health.HealthCheck index = org.apache.camel.health.HealthCheckRegistry
                .get(daemon.camelContext()).getCheck("identity-index")
                .orElseThrow(() -> new IllegalStateException("no identity-index readiness check"));
        while (index.call().getState() != org.apache.camel.health.HealthCheck.State.UP) {
            Thread.sleep(50);
        }
    }

    private void awaitPass(Daemon daemon, Instant after, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        WatermarkRepository w = new WatermarkRepository();
        OutboxRepository outbox = new OutboxRepository(false);
        while (Instant.now().isBefore(deadline)) {
            boolean done = daemon.database().inTransaction(c -> w.find(c, "hubspot-contacts")
                    .map(x -> HubSpotCursor.fromJson(x.cursor()))
                    .map(cur -> cur.completedUntil() != null && cur.completedUntil().isAfter(after))
                    .orElse(false) && outbox.depth(c) == 0);
            if (done) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("backfill did not finish within " + timeout);
    }

    private void report(long buyers, double backfill, double startup, double ready, long records, long calls,
                        Path dataDir, int changes, Duration changePhase, Map<String, Long> cpu) throws IOException {
        List<Long> l = new ArrayList<>(latencies);
        Collections.sort(l);
        long store;
        try (Stream<Path> files = Files.walk(dataDir)) {
            store = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        out.printf("%nisthmus pipeline benchmark: %,d source contacts (%s people, 20 %% duplicates), %d cores, "
                + "max heap %d MiB%n", buyers, people.kind().name().toLowerCase(java.util.Locale.ROOT), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        out.printf("  start-up to started        %.2f s; identity index filled (ready) at %.2f s%n", startup,
                ready);
        out.printf("  backfill                   %.1f s, %,.0f source records/s end to end, %,d CRM records%n",
                backfill, buyers / backfill, records);
        long total = cpu.values().stream().mapToLong(Long::longValue).sum();
        out.printf("  backfill CPU               %.1f s in all threads (%,.0f source records per CPU-second); %s%n",
                total / 1e9, buyers / (total / 1e9), cpuShares(cpu, total));
        out.printf("  poll+apply thread CPU      %.3f ms per source record%n",
                cpu.getOrDefault("poll+apply", 0L) / 1e6 / buyers);
        out.printf("  CRM calls per 1,000 recs   %.2f (%d calls)%n", records == 0 ? 0 : calls * 1000.0 / records, calls);
        out.printf("  change latency             %d of %d changes seen; p50 %s ms, p95 %s ms, p99 %s ms (poll every 1 s)%n",
                l.size(), changes, pct(l, 50), pct(l, 95), pct(l, 99));
        out.printf("  peak heap                  %,d MiB in use at once (sampled every 100 ms), %,d MiB live after a GC%n",
                heapMax.get() >> 20, liveMax.get() >> 20);
        out.printf("  peak RSS                   %s%n", rss());
        out.printf("  store on disk              %,d MiB%n", store >> 20);
    }

    /**
     * CPU time of live threads by role, from their names: on a shared machine wall time includes waiting for a
     * core, CPU time does not, and the split shows which stage is the bottleneck (the poll thread is one thread).
     */
    private static Map<String, Long> cpuByRole() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long ns = threads.getThreadCpuTime(t.getThreadId());
            if (ns > 0) {
                out.merge(role(t.getThreadName()), ns, Long::sum);
            }
        }
        return out;
    }

    private static String role(String thread) {
        if (thread.startsWith("DefaultQuartzScheduler")) {
            return "poll+apply";
        }
        if (thread.contains("salesforce-sink") || thread.contains("SalesforceHttpClient")) {
            return "CRM sink";
        }
        if (thread.contains("ProducerTemplate")) {
            return "source fetch ahead";
        }
        if (thread.startsWith("qtp")) {
            return "simulators";
        }
        if (thread.contains("isthmus-store") || thread.startsWith("H2") || thread.startsWith("MVStore")) {
            return "store";
        }
        return "other";
    }

    private static String cpuShares(Map<String, Long> cpu, long total) {
        StringBuilder b = new StringBuilder();
        cpu.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e ->
                b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                        .append(Math.round(100.0 * e.getValue() / Math.max(1, total))).append(" %"));
        return b.toString();
    }

    private static String pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        return Long.toString(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    }

    private static String rss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(s -> s.startsWith("VmHWM"))
                    .map(s -> s.replaceAll("\\s+", " ").substring(6)).findFirst().orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static void clean(Path dir) throws IOException {
        FileUtils.deleteDirectory(dir.toFile());
        Files.createDirectories(dir);
    }
}
