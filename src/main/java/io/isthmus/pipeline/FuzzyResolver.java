package io.isthmus.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.buyer.BuyerRecord;
import io.isthmus.identity.BlockingIndex;
import io.isthmus.identity.FieldSpec;
import io.isthmus.identity.Level;
import io.isthmus.identity.ModelEstimator;
import io.isthmus.identity.TermFrequencies;
import io.isthmus.identity.MatchDecision;
import io.isthmus.identity.MatchOutcome;
import io.isthmus.identity.MatchProfile;
import io.isthmus.identity.Matcher;
import io.isthmus.identity.PreparedRecord;
import io.isthmus.identity.MatchingConfig;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probabilistic matching for contacts no exact key resolves: the configured {@code contact} profile, a blocking
 * index over every buyer in the store (built at start, kept current as buyers change), and the matcher's three
 * outcomes. One writer at a time: the methods are synchronized.
 *
 * <p>With {@code estimation.enabled}, the m and u values are fitted to the store's own records once the index is
 * loaded (a uniform sample of them against the whole index, see {@link ModelEstimator}; the configured values are
 * the prior, and stay in use for a store below {@code estimation.min-records}). Value counts of the term-frequency
 * fields follow every filing and removal.
 */
public final class FuzzyResolver {

    private static final Logger LOG = LoggerFactory.getLogger(FuzzyResolver.class);
    static final String PROFILE = "contact";

    private final MatchProfile profile;
    private final MatchingConfig config;
    private volatile Matcher matcher;
    private final BlockingIndex index;
    private final TermFrequencies termFrequencies;
    private final double mergeThreshold;
    private final ObjectMapper json = new ObjectMapper();
    private static final int LOAD_CHUNK = 20_000;
    private volatile CountDownLatch loading;
    private PreparedRecord lastProbe;
    private Map<String, String> lastProbeFields;

    public FuzzyResolver(MatchingConfig config) {
        this.config = config;
        this.profile = config.profile(PROFILE);
        this.termFrequencies = config.estimation().termFrequencies(profile);
        this.matcher = new Matcher(profile, config.thresholds(), termFrequencies);
        this.index = config.newIndex(PROFILE);
        this.mergeThreshold = config.thresholds().merge();
    }

    /** Files every stored buyer; called once at start, before any look-up. */
    public synchronized int load(Database db) {
        long t0 = System.nanoTime();
        List<PreparedRecord> sample = new ArrayList<>();
        Random random = new Random(42L);
        int n = db.inTransaction(c -> {
            int[] count = {0};
            List<BuyerRecord> chunk = new ArrayList<>(LOAD_CHUNK);
            new BuyerRepository().forEach(c, b -> {
                chunk.add(b);
                if (chunk.size() == LOAD_CHUNK) {
                    count[0] = fileAll(chunk, count[0], sample, random);
                }
            });
            return fileAll(chunk, count[0], sample, random);
        });
        LOG.info("identity index: {} buyers filed in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
        estimate(sample, n);
        return n;
    }

    /** Fits m and u to the loaded store when estimation is on and the store is large enough; logs the result. */
    private void estimate(List<PreparedRecord> sample, int stored) {
        long t0 = System.nanoTime();
        ModelEstimator.Estimate e = config.estimation().fit(profile, sample, index, stored);
        if (e == null) {
            if (config.estimation().enabled()) {
                LOG.info("identity model: {} buyers, fewer than estimation.min-records ({}): configured m/u in use",
                        stored, config.estimation().minRecords());
            }
            return;
        }
        matcher = new Matcher(e.profile(), config.thresholds(), termFrequencies);
        LOG.info("identity model: m/u estimated from {} sampled buyers in {} ms ({} blocked, {} random pairs, "
                        + "{} iterations, match share {}): {}", sample.size(), (System.nanoTime() - t0) / 1_000_000,
                e.blockedPairs(), e.sampledPairs(), e.iterations(), String.format(java.util.Locale.ROOT, "%.6f",
                        e.matchShare()), describe(e.profile()));
    }

    /** The fitted model, field by field: level m/u and weight in bits. */
    static String describe(MatchProfile p) {
        StringBuilder sb = new StringBuilder();
        for (FieldSpec f : p.fields()) {
            sb.append(sb.isEmpty() ? "" : "; ").append(f.name()).append(':');
            for (Level l : f.levels()) {
                sb.append(String.format(java.util.Locale.ROOT, " %s m=%.4f u=%.6f (%+.1f bits)", l.label(), l.m(),
                        l.u(), l.weight()));
            }
        }
        return sb.toString();
    }

    /** The matcher in use: configured m/u, or the ones fitted to the store after loading. */
    public Matcher matcher() {
        return matcher;
    }

    /**
     * Prepares the chunk and its blocking-key hashes on every core (cleaning and phonetic encoding are the dear part),
     * then files it in order.
     */
    private int fileAll(List<BuyerRecord> chunk, int seen, List<PreparedRecord> sample, Random random) {
        List<PreparedRecord> prepared = chunk.parallelStream().map(b -> {
            PreparedRecord r = profile.prepare(b.id(), fields(b));
            index.prehash(r);
            return r;
        }).toList();
        int cap = config.estimation().enabled() ? config.estimation().sampleRecords() : 0;
        for (PreparedRecord r : prepared) {
            index.add(r);
            termFrequencies.add(r);
            // Reservoir sampling: every buyer loaded so far is in the sample with the same chance.
            seen++;
            if (sample.size() < cap) {
                sample.add(r);
            } else if (cap > 0) {
                int k = random.nextInt(seen);
                if (k < cap) {
                    sample.set(k, r);
                }
            }
        }
        chunk.clear();
        return seen;
    }

    /**
     * {@link #load} on a background thread, so start-up does not wait for a large store: look-ups and filings wait
     * until the index is filled, and {@link #isLoaded} (readiness) says when it is. A failed load is retried.
     */
    public void loadInBackground(Database db) {
        CountDownLatch done = new CountDownLatch(1);
        loading = done;
        Thread t = new Thread(() -> {
            for (long wait = 1000; ; wait = Math.min(wait * 2, 60_000)) {
                try {
                    load(db);
                    done.countDown();
                    return;
                } catch (RuntimeException e) {
                    LOG.error("identity index: loading failed; retrying in {} ms", wait, e);
                    synchronized (this) {
                        index.clear();
                        termFrequencies.clear();
                    }
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "identity-index-load");
        t.setDaemon(true);
        t.start();
    }

    /** False while a background load is filling the index. */
    public boolean isLoaded() {
        CountDownLatch l = loading;
        return l == null || l.getCount() == 0;
    }

    private void awaitLoaded() {
        CountDownLatch l = loading;
        if (l == null) {
            return;
        }
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the identity index was loading", e);
        }
    }

    /**
     * The best decision for a new contact (MERGE or POSSIBLE), or empty when it is distinct from every buyer.
     *
     * <p>Two buyers with different valid email addresses are never merged automatically: in B2B data a shared name
     * with another address is as often a namesake at another company as the same person, and a wrong merge is worse
     * than a duplicate. Such a MERGE is downgraded to POSSIBLE and kept for review with its evidence.
     */
    public Optional<MatchDecision> best(String probeId, BuyerRecord probe) {
        awaitLoaded();
        synchronized (this) {
            return bestLoaded(probeId, probe);
        }
    }

    private Optional<MatchDecision> bestLoaded(String probeId, BuyerRecord probe) {
        List<MatchDecision> d;
        try {
            lastProbeFields = fields(probe);
            lastProbe = profile.prepare(probeId, lastProbeFields);
            d = matcher.match(lastProbe, index);
        } catch (RuntimeException e) {
            // Matching is an improvement over exact keys, never a reason to stop a source: log it and go on.
            LOG.warn("identity: probabilistic matching failed for {}; matched on exact keys only", probeId, e);
            return Optional.empty();
        }
        if (d.isEmpty()) {
            return Optional.empty();
        }
        MatchDecision top = d.get(0);
        PreparedRecord candidate = index.get(top.candidateId());
        int email = profile.fieldIndex("email");
        String theirs = candidate == null || email < 0 ? null : candidate.value(email);
        if (isMerge(top) && probe.email() != null && theirs != null && !theirs.equalsIgnoreCase(probe.email().strip())) {
            return Optional.of(new MatchDecision(top.probeId(), top.candidateId(), MatchOutcome.POSSIBLE,
                    top.rule() + "+different-emails", top.weight(), top.evidence()));
        }
        return Optional.of(top);
    }

    /** Files (or re-files) a buyer after it changed. */
    public void file(BuyerRecord b) {
        awaitLoaded();
        synchronized (this) {
            fileLoaded(b);
        }
    }

    private void fileLoaded(BuyerRecord b) {
        Map<String, String> f = fields(b);
        // A new buyer is filed right after it was matched as the probe: its match form is already prepared.
        PreparedRecord r = lastProbe != null && lastProbe.id().equals(b.id()) && f.equals(lastProbeFields)
                ? lastProbe : profile.prepare(b.id(), f);
        lastProbe = null;
        uncount(b.id());
        index.add(r);
        termFrequencies.add(r);
    }

    /** Takes a filed buyer's values out of the term-frequency counts (it is replaced or leaves the index). */
    private void uncount(String id) {
        PreparedRecord old = index.get(id);
        if (old != null) {
            termFrequencies.remove(old);
        }
    }

    /** Takes a buyer out of the index: its creation was rolled back. */
    public void forget(String buyerId) {
        awaitLoaded();
        synchronized (this) {
            uncount(buyerId);
            index.remove(buyerId);
        }
    }

    /** Takes a buyer out of the index (it was merged into another). */
    public synchronized void remove(String buyerId) {
        uncount(buyerId);
        index.remove(buyerId);
    }

    /** The configured weight (bits) at or above which the matcher merges. */
    public double mergeThreshold() {
        return mergeThreshold;
    }

    /** The decision as stored with a merge or a review: rule, outcome, total weight, threshold, per-field scores. */
    public String evidence(MatchDecision d) {
        try {
            return json.writeValueAsString(Map.of("rule", d.rule(), "outcome", d.outcome().name(),
                    "weight", d.weight(), "threshold", mergeThreshold, "fields", d.evidence()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("match evidence always serializes", e);
        }
    }

    public static boolean isMerge(MatchDecision d) {
        return d.outcome() == MatchOutcome.MERGE;
    }

    private static Map<String, String> fields(BuyerRecord b) {
        Map<String, String> f = new HashMap<>();
        put(f, "email", b.email());
        put(f, "first_name", b.firstName());
        put(f, "last_name", b.lastName());
        put(f, "phone", b.phone());
        put(f, "company", b.company());
        put(f, "country", b.country());
        return f;
    }

    private static void put(Map<String, String> f, String k, String v) {
        if (v != null) {
            f.put(k, v);
        }
    }
}
