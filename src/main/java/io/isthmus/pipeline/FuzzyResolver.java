package io.isthmus.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.buyer.BuyerRecord;
import io.isthmus.identity.BlockingIndex;
import io.isthmus.identity.FieldSpec;
import io.isthmus.identity.IndexSnapshot;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
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
 *
 * <p>With a snapshot file ({@link IndexSnapshot}), the index is read back from it at start and only the buyers changed
 * since its high-water mark are re-read from the store (the store numbers every buyer insert, update and deletion,
 * {@code change_seq}). A snapshot is written after a load that had to do real work (a full load, or a long list
 * of changes since the snapshot) and at shutdown; it is only ever an image of the store at its high-water mark, so a
 * process killed at any moment leaves a snapshot that is still right, merely older. Any doubt about a snapshot
 * (another store, another matching model, a damaged file, counts that do not agree) means a full load.
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
    /**
     * Changes re-read below a snapshot's high-water mark: a transaction that drew its change number before the
     * mark was taken may have committed after it (another instance, the CRM read-back). Re-filing is idempotent.
     */
    static final long OVERLAP = 1_000;
    /** After a start that applied more changes than this, the snapshot is written again at once. */
    static final int RESAVE_AFTER_CHANGES = 50_000;
    /** At shutdown, more changes than this since the last snapshot are left to the next start (shutdown is short). */
    static final long SHUTDOWN_CATCH_UP_LIMIT = 200_000;
    /** The fitted m/u of a snapshot are kept when fewer than this share of the records changed since. */
    static final double REFIT_SHARE = 0.05;
    private final Path snapshot;
    private final String fingerprint;
    private long overlap = OVERLAP;
    /** The store's last change the index reflects (all of them up to here); -1 before a load. */
    private long highWater = -1;
    private String storeId;
    private MatchProfile fitted;
    /** Where the last load took the index from: "snapshot" or "store" (for tests and the log). */
    private volatile String loadedFrom;

    public FuzzyResolver(MatchingConfig config) {
        this(config, null);
    }

    /** @param snapshot the index snapshot file, or null to load every buyer from the store at each start */
    public FuzzyResolver(MatchingConfig config, Path snapshot) {
        this.config = config;
        this.snapshot = snapshot;
        this.fingerprint = IndexSnapshot.fingerprint(config, PROFILE);
        this.profile = config.profile(PROFILE);
        this.termFrequencies = config.estimation().termFrequencies(profile);
        this.matcher = new Matcher(profile, config.thresholds(), termFrequencies);
        this.index = config.newIndex(PROFILE);
        this.mergeThreshold = config.thresholds().merge();
    }

    /**
     * Fills the index, from the snapshot and the changes since when there is a usable one, else from every stored
     * buyer; called once at start, before any look-up. Returns the buyers filed.
     */
    public synchronized int load(Database db) {
        if (snapshot != null) {
            if (Files.isRegularFile(snapshot)) {
                try {
                    return loadSnapshot(db);
                } catch (IndexSnapshot.Rejected e) {
                    LOG.warn("identity index: snapshot {} not used ({}); loading every buyer from the store", snapshot,
                            e.getMessage());
                    index.clear();
                    termFrequencies.clear();
                }
            } else {
                LOG.info("identity index: no snapshot at {}; loading every buyer from the store", snapshot);
            }
        }
        int n = loadAll(db);
        loadedFrom = "store";
        save("after a full load");
        return n;
    }

    private int loadAll(Database db) {
        long t0 = System.nanoTime();
        List<PreparedRecord> sample = new ArrayList<>();
        Random random = new Random(42L);
        int n = db.inTransaction(c -> {
            BuyerRepository buyers = new BuyerRepository();
            // Read first: a change committed while the buyers are read is then at most applied twice, never missed.
            highWater = buyers.changeHighWater(c);
            storeId = buyers.storeId(c);
            int[] count = {0};
            List<BuyerRecord> chunk = new ArrayList<>(LOAD_CHUNK);
            buyers.forEach(c, b -> {
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

    /** The index from the snapshot, then the store's changes since its high-water mark. */
    private int loadSnapshot(Database db) throws IndexSnapshot.Rejected {
        long t0 = System.nanoTime();
        String[] store = db.inTransaction(c -> new String[] {new BuyerRepository().storeId(c),
                Long.toString(new BuyerRepository().changeHighWater(c))});
        IndexSnapshot.Header h = IndexSnapshot.read(snapshot, index, termFrequencies, fingerprint, store[0]);
        long storeHighWater = Long.parseLong(store[1]);
        if (h.highWater() > storeHighWater) {
            throw new IndexSnapshot.Rejected("it reflects change " + h.highWater() + " but the store's last is "
                    + storeHighWater + " (a store restored from an older backup?)");
        }
        long read = System.nanoTime();
        storeId = store[0];
        highWater = h.highWater();
        int changes;
        try {
            changes = catchUp(db, h.highWater(), true);
        } catch (RuntimeException e) {
            throw new IndexSnapshot.Rejected("applying the changes since failed: " + e.getMessage(), e);
        }
        int n = index.size();
        LOG.info("identity index: {} buyers from snapshot {} (change {}) in {} ms, {} changed since applied in {} ms",
                n, snapshot, h.highWater(), (read - t0) / 1_000_000, changes, (System.nanoTime() - read) / 1_000_000);
        if (h.fitted() != null && changes <= REFIT_SHARE * n) {
            fitted = h.fitted();
            matcher = new Matcher(fitted, config.thresholds(), termFrequencies);
            LOG.info("identity model: m/u fitted before kept ({} of {} buyers changed since): {}", changes, n,
                    describe(fitted));
        } else {
            estimate(sample(), n);
        }
        loadedFrom = "snapshot";
        if (changes > RESAVE_AFTER_CHANGES) {
            save("after " + changes + " changes since the snapshot");
        }
        return n;
    }

    /** A uniform sample of the filed buyers for the fit (every one unpacked: only when a fit is needed). */
    private List<PreparedRecord> sample() {
        List<PreparedRecord> sample = new ArrayList<>();
        Random random = new Random(42L);
        int cap = config.estimation().enabled() ? config.estimation().sampleRecords() : 0;
        if (cap == 0) {
            return sample;
        }
        int[] seen = {0};
        index.forEach(r -> {
            seen[0]++;
            if (sample.size() < cap) {
                sample.add(r);
            } else if (cap > 0) {
                int k = random.nextInt(seen[0]);
                if (k < cap) {
                    sample.set(k, r);
                }
            }
        });
        return sample;
    }

    /**
     * Applies the store's buyer changes after {@code since} (less {@link #OVERLAP}) to the index: buyers merged away
     * are removed, the current row of every changed buyer is re-filed. Advances {@link #highWater}. With
     * {@code verify}, the index must then hold as many buyers as the store, or the snapshot is not trusted.
     */
    private int catchUp(Database db, long since, boolean verify) throws IndexSnapshot.Rejected {
        long from = Math.max(0, since - overlap);
        long[] stored = {0};
        int changes = db.inTransaction(c -> {
            BuyerRepository buyers = new BuyerRepository();
            long now = buyers.changeHighWater(c);
            int n = 0;
            for (String gone : buyers.removedSince(c, from)) {
                uncount(gone);
                index.remove(gone);
                n++;
            }
            List<BuyerRecord> chunk = new ArrayList<>();
            buyers.changedSince(c, from, chunk::add);
            n += chunk.size();
            for (int i = 0; i < chunk.size(); i += LOAD_CHUNK) {
                refileAll(chunk.subList(i, Math.min(chunk.size(), i + LOAD_CHUNK)));
            }
            stored[0] = buyers.count(c);
            highWater = Math.max(highWater, now);
            return n;
        });
        if (verify && stored[0] != index.size()) {
            throw new IndexSnapshot.Rejected("after the changes since it the index holds " + index.size()
                    + " buyers and the store " + stored[0]);
        }
        return changes;
    }

    /**
     * Brings the index up to the store's buyers changed since it was last brought up: with several instances sharing
     * a PostgreSQL store, the others' new, changed and merged buyers, which this instance's index would otherwise
     * never see (its own changes are re-filed too, which is harmless). A buyer this instance is changing in a page
     * not yet committed may be re-filed with its committed values meanwhile; the next catch-up re-reads it, since
     * each re-reads {@link #OVERLAP} changes below its mark. Does nothing before the index is loaded.
     *
     * @return the buyer changes applied
     */
    public int catchUpWithStore(Database db) {
        if (!isLoaded()) {
            return 0;
        }
        synchronized (this) {
            if (highWater < 0) {
                return 0;
            }
            try {
                int n = catchUp(db, highWater, false);
                LOG.debug("identity index: {} buyer changes caught up with, now at change {}", n, highWater);
                return n;
            } catch (IndexSnapshot.Rejected e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Re-files changed buyers (prepared on every core), replacing what the index held for them. */
    private void refileAll(List<BuyerRecord> changed) {
        List<PreparedRecord> prepared = changed.parallelStream().map(b -> {
            PreparedRecord r = profile.prepare(b.id(), fields(b));
            index.prehash(r);
            return r;
        }).toList();
        for (PreparedRecord r : prepared) {
            uncount(r.id());
            index.add(r);
            termFrequencies.add(r);
        }
    }

    /**
     * At shutdown (nothing is being applied any more): brings the index up to the store's last change and writes the
     * snapshot, so the next start applies only what changes after. Skipped while the index is still loading, and when
     * so many changes are pending that applying them would hold up the shutdown (the next start applies them).
     */
    public void saveAtShutdown(Database db) {
        if (snapshot == null || !isLoaded()) {
            return;
        }
        synchronized (this) {
            saveCaughtUp(db);
        }
    }

    private void saveCaughtUp(Database db) {
        if (highWater < 0) {
            return;
        }
        try {
            long pending = db.inTransaction(c -> new BuyerRepository().changesSince(c, Math.max(0, highWater - overlap)));
            if (pending > SHUTDOWN_CATCH_UP_LIMIT) {
                LOG.info("identity index: {} buyer changes since the snapshot; it is not rewritten at shutdown, the "
                        + "next start applies them", pending);
                return;
            }
            catchUp(db, highWater, false);
        } catch (RuntimeException | IndexSnapshot.Rejected e) {
            LOG.warn("identity index: snapshot not written at shutdown ({})", e.toString());
            return;
        }
        save("at shutdown");
    }

    /** Writes the snapshot of the index as it stands (an image of the store at {@link #highWater}). */
    private void save(String when) {
        if (snapshot == null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            IndexSnapshot.write(snapshot, index, termFrequencies,
                    new IndexSnapshot.Header(fingerprint, storeId, highWater, fitted));
            LOG.info("identity index: snapshot of {} buyers (change {}) written {} to {} in {} ms", index.size(),
                    highWater, when, snapshot, (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            // The index in memory is right; only the next start will be slower.
            LOG.warn("identity index: snapshot not written to {} ({})", snapshot, e.toString());
        }
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
        fitted = e.profile();
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

    /** Changes re-read below a snapshot's mark ({@link #OVERLAP}); tests set 0 to see only the real delta. */
    FuzzyResolver overlap(long changes) {
        this.overlap = changes;
        return this;
    }

    /** "snapshot" or "store": where the last load took the index from; null before one. */
    public String loadedFrom() {
        return loadedFrom;
    }

    /** The store's last change the index reflects; -1 before a load. */
    synchronized long highWater() {
        return highWater;
    }

    /** The buyer's match form as filed, or null. */
    synchronized PreparedRecord filed(String buyerId) {
        return index.get(buyerId);
    }

    /** Buyers filed. */
    synchronized int size() {
        return index.size();
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
