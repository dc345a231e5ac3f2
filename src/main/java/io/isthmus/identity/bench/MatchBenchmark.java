package io.isthmus.identity.bench;

import io.isthmus.identity.MatchingConfig;
import io.isthmus.identity.MatchingConfigLoader;
import io.isthmus.identity.ModelEstimator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Runs the matcher on the labelled public sets and prints, per set, pairwise precision, recall and F1 at the
 * configured merge threshold (over the buyers the records end up in; the merge decisions' own pairs on the next
 * line), blocking recall, reduction ratio, records per second and peak heap; then the
 * store-size scaling run. Records per second: the median pass after untimed passes totalling at least 10,000 records
 * and 3 s (so the timed passes measure compiled code, as in a daemon that has been running), each pass building the
 * index from empty and matching every record (prepare, block, compare); at least 5 timed passes and 10,000 timed
 * records per set. When the model enables estimation, m and u
 * are first fitted to each set's records (labels unused) and the fit's time is printed apart. Usage:
 * {@code MatchBenchmark [dataDir] [matching.yaml] [--no-scaling | --scaling-only] [--configured] [--all-pairs]}
 * ({@code --configured}: the m and u as written, no estimation; {@code --all-pairs}: also compare every pair of each
 * record set with the model, no blocking, and print P / R / F1 at the merge threshold).
 */
public final class MatchBenchmark {

    /** Least timed passes per set; the median is reported. */
    private static final int PASSES = 5;

    /** Least records (or look-ups) in the untimed warm-up passes, and again in the timed ones. */
    private static final int WARM_RECORDS = 10_000;

    /** Least time spent in untimed warm-up passes. */
    private static final long WARM_NANOS = 3_000_000_000L;

    /** Timed passes for the company names, whose passes are short (500 look-ups); the median is reported. */
    private static final int COMPANY_PASSES = 21;

    private MatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        Path configFile = args.length > 1 && !args[1].startsWith("--") ? Path.of(args[1]) : Path.of("config/matching.yaml");
        boolean scaling = !List.of(args).contains("--no-scaling");
        boolean labelled = !List.of(args).contains("--scaling-only");
        boolean estimate = !List.of(args).contains("--configured");
        boolean allPairs = List.of(args).contains("--all-pairs");
        MatchingConfig config = MatchingConfigLoader.load(configFile);
        System.out.printf(Locale.ROOT, "matching model: %s, merge threshold %.1f bits, max %d records per block key, %d candidates per look-up%n",
                Files.exists(configFile) ? configFile : "built-in default", config.thresholds().merge(), config.maxPerKey(), config.maxCandidates());
        System.out.printf(Locale.ROOT, "%-18s %7s %8s %9s %7s %7s %7s %9s %9s %10s %9s %8s%n", "set", "records",
                "truePair", "compared", "P", "R", "F1", "blockRec", "reduction", "records/s", "rec/cpu-s", "peakMiB");
        for (String name : labelled ? List.of("dataset1", "dataset2", "dataset3") : List.<String>of()) {
            Path f = data.resolve("febrl").resolve(name + ".csv");
            if (Files.exists(f)) {
                dedup(LabelledSet.febrl("febrl/" + name, f), config, estimate, allPairs);
            }
        }
        Path splink = data.resolve("contacts/splink_fake_1000.csv");
        if (labelled && Files.exists(splink)) {
            dedup(LabelledSet.splink("splink_fake_1000", splink), config, estimate, allPairs);
        }
        Path orig = data.resolve("companies/dnb_test_names.csv");
        Path adj = data.resolve("companies/dnb_adjusted_test_names.csv");
        if (labelled && Files.exists(orig) && Files.exists(adj)) {
            List<String> originals = CompanyBenchmark.names(orig);
            List<String> corrupted = CompanyBenchmark.names(adj);
            // A pass is only 500 look-ups (a few milliseconds once compiled): one untimed pass, as for the record
            // sets, would leave the timed passes measuring the JIT at work. Untimed passes until 10,000 look-ups and
            // 3 s have gone by, then the median of COMPANY_PASSES passes (another 10,000 look-ups).
            int warmPasses = warmUp(() -> CompanyBenchmark.run(originals, corrupted,
                    config.companyNameMinSimilarity(), config.maxPerKey()), corrupted.size());
            Measured<LinkMetrics> m = Measured.of(() -> CompanyBenchmark.run(originals, corrupted,
                    config.companyNameMinSimilarity(), config.maxPerKey()), COMPANY_PASSES);
            LinkMetrics r = m.result();
            System.out.printf(Locale.ROOT, "%-18s %7d %8d %9d %7.4f %7.4f %7.4f %9.4f %9.4f %10.0f %9.0f %8.1f%n",
                    "dnb_company_names", r.queries(), r.queries(), r.compared(), r.precision(), r.recall(), r.f1(),
                    r.blockingRecall(), r.reductionRatio(), m.perSecond(r.queries()), m.perCpuSecond(r.queries()),
                    m.peakHeapBytes() / 1048576.0);
            System.out.printf(Locale.ROOT, "  company links at similarity >= %.2f: %d correct, %d wrong, %d unlinked%n"
                            + "  timed: median of %d passes, each filing the %d originals and looking up every "
                            + "corrupted name once, after %d untimed passes%n",
                    config.companyNameMinSimilarity(), r.correct(), r.wrong(), r.unlinked(), COMPANY_PASSES,
                    originals.size(), warmPasses);
        }
        if (scaling) {
            Measured<ScalingBenchmark.Result> m = Measured.of(() -> ScalingBenchmark.run(config, 10_000, 1_000_000,
                    20_000, 42L));
            ScalingBenchmark.Result r = m.result();
            System.out.printf(Locale.ROOT, "scaling (contact profile, %d probes, seed 42):%n"
                            + "  %8d buyers: %7.1f us/record wall, %7.1f us/record CPU, %5.1f candidates%n"
                            + "  %8d buyers: %7.1f us/record wall, %7.1f us/record CPU, %5.1f candidates%n"
                            + "  ratio large/small: %.2f wall, %.2f CPU; peak heap %.0f MiB%n"
                            + "  copies of stored buyers (%d): original among the candidates %.4f / %.4f,"
                            + " decided MERGE with it %.4f / %.4f (small / large store)%n"
                            + "  the same copies without their e-mail: original among the candidates %.4f / %.4f,"
                            + " decided MERGE with it %.4f / %.4f%n",
                    r.probes(), r.small(), r.microsSmall(), r.cpuMicrosSmall(), r.candidatesSmall(), r.large(),
                    r.microsLarge(), r.cpuMicrosLarge(), r.candidatesLarge(), r.ratio(), r.cpuRatio(),
                    m.peakHeapBytes() / 1048576.0, r.recallSmall().copies(), r.recallSmall().candidateShare(),
                    r.recallLarge().candidateShare(), r.recallSmall().mergeShare(), r.recallLarge().mergeShare(),
                    r.noEmailSmall().candidateShare(), r.noEmailLarge().candidateShare(),
                    r.noEmailSmall().mergeShare(), r.noEmailLarge().mergeShare());
        }
    }

    private static void dedup(LabelledSet set, MatchingConfig config, boolean estimate, boolean allPairs)
            throws Exception {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long c0 = threads.getCurrentThreadCpuTime();
        DedupBenchmark.Model model = DedupBenchmark.model(set, config, estimate);
        long fitMillis = (System.nanoTime() - t0) / 1_000_000;
        long fitCpuMillis = (threads.getCurrentThreadCpuTime() - c0) / 1_000_000;
        // Untimed passes first so the timed passes measure compiled code, not the JIT warming up: a 1,000-record
        // pass takes tens of milliseconds, and one such pass left febrl1 and splink timed while C2 was still at work.
        int warmPasses = warmUp(() -> DedupBenchmark.run(set, config, model), set.rows().size());
        int passes = timedPasses(set.rows().size());
        Measured<DedupBenchmark.Result> m = Measured.of(() -> DedupBenchmark.run(set, config, model), passes);
        PairMetrics r = m.result().decisions();
        PairMetrics b = m.result().buyers();
        // The matcher's output is the partition of the records into buyers: P / R / F1 are over the pairs of records
        // that end up in one buyer (the pairwise measure of a clustering). The decisions as made are printed below it:
        // a true pair joined only through a third record counts as missed there.
        System.out.printf(Locale.ROOT, "%-18s %7d %8d %9d %7.4f %7.4f %7.4f %9.4f %9.4f %10.0f %9.0f %8.1f%n",
                set.name(), r.records(), r.truePairs(), r.compared(), b.precision(), b.recall(), b.f1(),
                r.blockingRecall(), r.reductionRatio(), m.perSecond(r.records()), m.perCpuSecond(r.records()),
                m.peakHeapBytes() / 1048576.0);
        System.out.printf(Locale.ROOT, "%-18s %7s %8s %9s %7.4f %7.4f %7.4f   (each merge decision's own pair, no "
                + "transitivity)%n", "  per decision", "", "", "", r.precision(), r.recall(), r.f1());
        System.out.printf(Locale.ROOT, "  timed: median of %d passes after %d untimed passes%n", passes, warmPasses);
        if (allPairs) {
            PairMetrics a = DedupBenchmark.allPairs(set, config, model);
            System.out.printf(Locale.ROOT, "%-18s %7s %8s %9d %7.4f %7.4f %7.4f   (every pair compared, no blocking)%n",
                    "  all pairs", "", "", a.compared(), a.precision(), a.recall(), a.f1());
        }
        ModelEstimator.Estimate e = model.estimate();
        System.out.printf(Locale.ROOT, "  model: %s%n", e == null ? "m/u as configured"
                : String.format(Locale.ROOT, "m/u estimated in %d ms wall, %d ms CPU, indexing included (%d "
                        + "iterations over %d patterns; %d blocked and %d sampled pairs; match share %.5f)", fitMillis,
                        fitCpuMillis, e.iterations(), e.patterns(),
                        e.blockedPairs(), e.sampledPairs(), e.matchShare()));
    }

    /** Runs untimed passes until at least {@link #WARM_RECORDS} records and {@link #WARM_NANOS} have gone by. */
    static int warmUp(Measured.Body<?> pass, int recordsPerPass) throws Exception {
        long until = System.nanoTime() + WARM_NANOS;
        int passes = 0;
        while (passes * (long) recordsPerPass < WARM_RECORDS || System.nanoTime() < until) {
            pass.run();
            passes++;
        }
        return passes;
    }

    /** Timed passes for a set: at least {@link #PASSES}, and enough to time {@link #WARM_RECORDS} records (odd). */
    static int timedPasses(int recordsPerPass) {
        int n = Math.max(PASSES, (WARM_RECORDS + recordsPerPass - 1) / Math.max(1, recordsPerPass));
        return n % 2 == 0 ? n + 1 : n;
    }
}
