package io.isthmus.identity.bench;

import io.isthmus.identity.BlockingIndex;
import io.isthmus.identity.MatchDecision;
import io.isthmus.identity.MatchOutcome;
import io.isthmus.identity.MatchProfile;
import io.isthmus.identity.Matcher;
import io.isthmus.identity.MatchingConfig;
import io.isthmus.identity.PreparedRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Time to match one record against a store of {@code small} and then {@code large} synthetic buyers. Half the
 * probes are variants of stored buyers, half are new people; the same probes run at both sizes.
 */
final class ScalingBenchmark {

    /** Times per probe: wall-clock and this thread's CPU time (other builds share the machine). */
    record Result(int small, int large, int probes, double microsSmall, double microsLarge, double cpuMicrosSmall,
                  double cpuMicrosLarge, double candidatesSmall, double candidatesLarge, Recall recallSmall,
                  Recall recallLarge, Recall noEmailSmall, Recall noEmailLarge) {

        double ratio() {
            return microsLarge / microsSmall;
        }

        double cpuRatio() {
            return cpuMicrosLarge / cpuMicrosSmall;
        }
    }

    /**
     * Of the probes that are copies of a stored buyer ({@code copies}): how many had that buyer among their
     * candidates ({@code found}), and how many of those were decided MERGE with it ({@code merged}). The guard
     * against a large store "scaling" by simply proposing fewer candidates. A copy keeps its e-mail, so its original
     * always sits in a one-record block; the same copies without their e-mail ({@code noEmail} in {@link Result})
     * must be found through names, birth date and city, which is where a candidate budget can cost recall.
     */
    record Recall(int copies, int found, int merged) {

        double candidateShare() {
            return (double) found / copies;
        }

        double mergeShare() {
            return (double) merged / copies;
        }
    }

    private ScalingBenchmark() {
    }

    static Result run(MatchingConfig config, int small, int large, int probes, long seed) {
        MatchProfile profile = config.profile("contact");
        Matcher matcher = new Matcher(profile, config.thresholds());
        BlockingIndex index = config.newIndex(profile);
        SyntheticBuyers gen = new SyntheticBuyers(seed);
        List<Map<String, String>> firstBuyers = new ArrayList<>();
        for (int i = 0; i < small; i++) {
            Map<String, String> b = gen.next();
            firstBuyers.add(b);
            index.add(profile.prepare("b" + i, b));
        }
        List<PreparedRecord> probeRecords = new ArrayList<>();
        List<PreparedRecord> noEmail = new ArrayList<>();
        // originals[i]: the stored buyer probe i copies, null for a new person
        String[] originals = new String[probes];
        for (int i = 0; i < probes; i++) {
            Map<String, String> raw;
            if (i % 2 == 0) {
                raw = gen.variant(firstBuyers.get(i % small));
                originals[i] = "b" + (i % small);
            } else {
                raw = gen.next();
            }
            probeRecords.add(profile.prepare("p" + i, raw));
            Map<String, String> withoutEmail = new java.util.HashMap<>(raw);
            withoutEmail.remove("email");
            noEmail.add(profile.prepare("q" + i, withoutEmail));
        }
        long[] smallRun = timeProbes(matcher, index, probeRecords);
        Recall smallRecall = recall(matcher, index, probeRecords, originals);
        Recall smallNoEmail = recall(matcher, index, noEmail, originals);
        for (int i = small; i < large; i++) {
            index.add(profile.prepare("b" + i, gen.next()));
        }
        long[] largeRun = timeProbes(matcher, index, probeRecords);
        Recall largeRecall = recall(matcher, index, probeRecords, originals);
        Recall largeNoEmail = recall(matcher, index, noEmail, originals);
        return new Result(small, index.size(), probes, smallRun[0] / 1e3 / probes, largeRun[0] / 1e3 / probes,
                smallRun[3] / 1e3 / probes, largeRun[3] / 1e3 / probes,
                (double) smallRun[1] / probes, (double) largeRun[1] / probes, smallRecall, largeRecall, smallNoEmail, largeNoEmail);
    }

    /** Untimed: for each copy probe, whether its original was a candidate and whether it was decided MERGE. */
    static Recall recall(Matcher matcher, BlockingIndex index, List<PreparedRecord> probes, String[] originals) {
        int copies = 0;
        int found = 0;
        int merged = 0;
        for (int i = 0; i < probes.size(); i++) {
            String original = originals[i];
            if (original == null) {
                continue;
            }
            copies++;
            PreparedRecord p = probes.get(i);
            if (index.candidates(p).stream().anyMatch(c -> c.id().equals(original))) {
                found++;
                if (matcher.match(p, index).stream().anyMatch(d -> d.candidateId().equals(original)
                        && d.outcome() == MatchOutcome.MERGE)) {
                    merged++;
                }
            }
        }
        return new Recall(copies, found, merged);
    }

    /**
     * Warms up with two passes, then times three and keeps the median; returns {wall nanos, candidates compared,
     * probes with a decision, CPU nanos}.
     */
    private static long[] timeProbes(Matcher matcher, BlockingIndex index, List<PreparedRecord> probes) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long matched = 0;
        for (int warm = 0; warm < 2; warm++) {
            for (PreparedRecord p : probes) {
                matcher.match(p, index);
            }
        }
        long[] wall = new long[3];
        long[] cpu = new long[3];
        for (int pass = 0; pass < 3; pass++) {
            matched = 0;
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (PreparedRecord p : probes) {
                List<MatchDecision> d = matcher.match(p, index);
                if (!d.isEmpty()) {
                    matched++;
                }
            }
            wall[pass] = System.nanoTime() - t0;
            cpu[pass] = threads.getCurrentThreadCpuTime() - c0;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        long candidates = 0;
        for (PreparedRecord p : probes) {
            candidates += index.candidates(p).size();
        }
        return new long[] {wall[1], candidates, matched, cpu[1]};
    }
}
