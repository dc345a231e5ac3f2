package io.isthmus.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * Start-up as an operator sees it: the time from starting {@code ./isthmus run} (a new JVM) until
 * {@code /observe/health/ready} answers 200, and the CPU the process used until then (on a shared machine the wall
 * time includes waiting for a core; the CPU time does not). The daemon runs with the project's config and routes on
 * an empty H2 store (migrated from scratch) or, with {@code --reuse true}, on the store the previous run left;
 * HubSpot is enabled but not polled, Salesforce logs in to a counting simulator, so readiness covers the store, the
 * identity index, the source and the CRM login.
 *
 * <p>{@code java -cp 'target/isthmus.jar:target/lib/*' io.isthmus.bench.StartupBenchmark --runs 5}
 *
 * <p>On a large store: {@code --store seeded1m.mv.db} copies that H2 file in before the first run (the file itself
 * is never opened), {@code --reuse true} keeps it (and the identity index snapshot the run leaves) for the next run,
 * {@code --stale N} changes N buyers in the stopped store before every run after the first, so the snapshot is
 * behind by N changes ({@code --keep true}: the store of an earlier invocation is used from the first run on, and
 * changed before each); {@code --timeout} seconds to wait for readiness (120).
 */
public final class StartupBenchmark {

    /** One start: wall and process CPU (all threads) in milliseconds when readiness first answered 200. */
    record Start(long wallMillis, long cpuMillis) {
    }

    private final PrintStream out;
    private final boolean threads;
    private Path store;
    private int stale;
    private boolean keep;
    private long timeoutMillis = 120_000;

    StartupBenchmark(PrintStream out, boolean threads) {
        this.out = out;
        this.threads = threads;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        List<String> launcher = List.of(a.getOrDefault("--launcher", "./isthmus").trim().split("\\s+"));
        StartupBenchmark bench = new StartupBenchmark(System.out,
                Boolean.parseBoolean(a.getOrDefault("--threads", "false")));
        bench.store = a.containsKey("--store") ? Path.of(a.get("--store")) : null;
        bench.stale = Integer.parseInt(a.getOrDefault("--stale", "0"));
        bench.keep = Boolean.parseBoolean(a.getOrDefault("--keep", "false"));
        bench.timeoutMillis = Long.parseLong(a.getOrDefault("--timeout", "120")) * 1000;
        int code = bench.run(launcher, Integer.parseInt(a.getOrDefault("--runs", "5")),
                Path.of(a.getOrDefault("--data", "target/bench-startup")),
                Boolean.parseBoolean(a.getOrDefault("--reuse", "false")));
        System.exit(code);
    }

    int run(List<String> launcher, int runs, Path dataDir, boolean reuse) throws Exception {
        List<Start> starts = new ArrayList<>();
        try (CountingSalesforce salesforce = new CountingSalesforce((id, r) -> { })) {
            for (int i = 0; i < runs; i++) {
                if (keep) {
                    if (stale > 0) {
                        change(dataDir, stale, i + 1);
                    }
                } else if (!reuse || i == 0) {
                    clean(dataDir);
                    if (store != null) {
                        Files.copy(store, dataDir.resolve("isthmus.mv.db"));
                    }
                } else if (stale > 0) {
                    change(dataDir, stale, i);
                }
                Start s = once(launcher, dataDir, salesforce.baseUrl());
                out.printf(Locale.ROOT, "run %d: ready after %.2f s wall, %.2f s process CPU%n", i + 1,
                        s.wallMillis() / 1000.0, s.cpuMillis() / 1000.0);
                starts.add(s);
            }
        }
        out.printf(Locale.ROOT, "start-up to ready, median of %d: %.2f s wall, %.2f s CPU (%d cores, load %s)%n",
                runs, median(starts, Start::wallMillis) / 1000.0, median(starts, Start::cpuMillis) / 1000.0,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        return 0;
    }

    private Start once(List<String> launcher, Path dataDir, String salesforceUrl) throws Exception {
        int port = freePort();
        int adminPort = freePort();
        Path config = dataDir.resolve("application.properties");
        Files.writeString(config, String.join("\n",
                "isthmus.routes.dir=" + Path.of("routes").toAbsolutePath(),
                "isthmus.model.dir=" + Path.of("config").toAbsolutePath(),
                "isthmus.store.url=jdbc:h2:file:" + dataDir.resolve("isthmus").toAbsolutePath(),
                "isthmus.store.user=sa",
                "isthmus.http.host=127.0.0.1",
                "isthmus.http.port=" + port,
                "isthmus.admin.host=127.0.0.1",
                "isthmus.admin.port=" + adminPort,
                "isthmus.hubspot.enabled=true",
                "isthmus.hubspot.cron=0 0 0 1 1 ? 2099",
                "isthmus.salesforce.enabled=true",
                "isthmus.salesforce.loginUrl=" + salesforceUrl,
                "isthmus.salesforce.username=bench@example.com",
                "isthmus.salesforce.readbackCron=0 0 0 1 1 ? 2099",
                ""));
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("run", "--config", config.toString()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("daemon.log").toFile());
        // Secrets come from the environment, as in production.
        pb.environment().put("ISTHMUS_HUBSPOT_TOKEN", "bench");
        pb.environment().put("ISTHMUS_SALESFORCE_CLIENTID", "bench");
        pb.environment().put("ISTHMUS_SALESFORCE_CLIENTSECRET", "bench");
        pb.environment().put("ISTHMUS_SALESFORCE_PASSWORD", "bench");
        Process p = pb.start();
        try {
            while (true) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the daemon exited with " + p.exitValue() + "; see "
                            + dataDir.resolve("daemon.log"));
                }
                long elapsed = (System.nanoTime() - t0) / 1_000_000;
                if (elapsed > timeoutMillis) {
                    throw new IllegalStateException("not ready after " + timeoutMillis / 1000 + " s; see "
                            + dataDir.resolve("daemon.log"));
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        Start s = new Start(elapsed, cpuMillis(p.pid()));
                        if (threads) {
                            out.println("  CPU by thread until ready: " + cpuByThread(p.pid()));
                        }
                        return s;
                    }
                } catch (IOException notListening) {
                    // Not listening yet.
                }
                Thread.sleep(20);
            }
        } finally {
            p.destroy();
            // A clean stop saves the identity index snapshot: give it time on a large store.
            if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * User and system CPU of the process and its children so far, from {@code /proc/<pid>/stat} (clock ticks of
     * 10 ms), following the launcher script to the JVM it execs (same pid).
     */
    static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // Fields 14 and 15 (utime, stime) of proc(5); f[0] is field 3.
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    /**
     * CPU of the process's threads so far, grouped by name with numbers dropped (JIT compilers, GC, class loading
     * in {@code main}, Camel's threads), largest first.
     */
    static String cpuByThread(long pid) throws IOException {
        Map<String, Long> byName = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[0-9]+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10, Long::sum);
                } catch (IOException | RuntimeException ended) {
                    // The thread ended meanwhile.
                }
            }
        }
        StringBuilder b = new StringBuilder();
        byName.entrySet().stream().filter(e -> e.getValue() >= 50)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                        .append(String.format(Locale.ROOT, "%.2f", e.getValue() / 1000.0)));
        return b.toString();
    }

    private static long median(List<Start> starts, java.util.function.ToLongFunction<Start> f) {
        long[] v = starts.stream().mapToLong(f).sorted().toArray();
        return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Changes {@code n} buyers of the stopped daemon's store (their last names, as an update from a source would),
     * so the snapshot the previous run left is behind by {@code n} changes.
     */
    private void change(Path dataDir, int n, int run) throws java.sql.SQLException {
        String url = "jdbc:h2:file:" + dataDir.resolve("isthmus").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE buyer SET last_name = CONCAT(last_name, ?), "
                     + "version = version + 1, change_seq = DEFAULT WHERE id IN (SELECT id FROM buyer ORDER BY id "
                     + "OFFSET ? ROWS FETCH NEXT ? ROWS ONLY)")) {
            ps.setString(1, "-" + run);
            ps.setInt(2, run * n);
            ps.setInt(3, n);
            out.printf(Locale.ROOT, "  %d buyers changed in the stopped store%n", ps.executeUpdate());
        }
    }

    private static void clean(Path dir) throws IOException {
        FileUtils.deleteDirectory(dir.toFile());
        Files.createDirectories(dir);
    }
}
