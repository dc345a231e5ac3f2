package io.isthmus.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.buyer.BuyerRecord;
import io.isthmus.identity.BlockingIndex;
import io.isthmus.identity.MatchDecision;
import io.isthmus.identity.MatchOutcome;
import io.isthmus.identity.MatchProfile;
import io.isthmus.identity.Matcher;
import io.isthmus.identity.PreparedRecord;
import io.isthmus.identity.MatchingConfig;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.Database;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probabilistic matching for contacts no exact key resolves: the configured {@code contact} profile, a blocking
 * index over every buyer in the store (built at start, kept current as buyers change), and the matcher's three
 * outcomes. One writer at a time: the methods are synchronized.
 */
public final class FuzzyResolver {

    private static final Logger LOG = LoggerFactory.getLogger(FuzzyResolver.class);
    static final String PROFILE = "contact";

    private final MatchProfile profile;
    private final Matcher matcher;
    private final BlockingIndex index;
    private final ObjectMapper json = new ObjectMapper();
    private PreparedRecord lastProbe;
    private Map<String, String> lastProbeFields;

    public FuzzyResolver(MatchingConfig config) {
        this.profile = config.profile(PROFILE);
        this.matcher = config.matcher(PROFILE);
        this.index = config.newIndex(PROFILE);
    }

    /** Files every stored buyer; called once at start. */
    public synchronized int load(Database db) {
        long t0 = System.nanoTime();
        int n = db.inTransaction(c -> {
            int[] count = {0};
            new BuyerRepository().forEach(c, b -> {
                index.add(profile.prepare(b.id(), fields(b)));
                count[0]++;
            });
            return count[0];
        });
        LOG.info("identity index: {} buyers filed in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
        return n;
    }

    /**
     * The best decision for a new contact (MERGE or POSSIBLE), or empty when it is distinct from every buyer.
     *
     * <p>Two buyers with different valid email addresses are never merged automatically: in B2B data a shared name
     * with another address is as often a namesake at another company as the same person, and a wrong merge is worse
     * than a duplicate. Such a MERGE is downgraded to POSSIBLE and kept for review with its evidence.
     */
    public synchronized Optional<MatchDecision> best(String probeId, BuyerRecord probe) {
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
    public synchronized void file(BuyerRecord b) {
        Map<String, String> f = fields(b);
        // A new buyer is filed right after it was matched as the probe: its match form is already prepared.
        PreparedRecord r = lastProbe != null && lastProbe.id().equals(b.id()) && f.equals(lastProbeFields)
                ? lastProbe : profile.prepare(b.id(), f);
        lastProbe = null;
        index.add(r);
    }

    /** Takes a buyer out of the index: its creation was rolled back. */
    public synchronized void forget(String buyerId) {
        index.remove(buyerId);
    }

    public String evidence(MatchDecision d) {
        try {
            return json.writeValueAsString(Map.of("rule", d.rule(), "outcome", d.outcome().name(),
                    "weight", d.weight(), "fields", d.evidence()));
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
