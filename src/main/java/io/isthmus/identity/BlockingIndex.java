package io.isthmus.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * In-memory candidate index for one {@link MatchProfile}: every record is filed under the 64-bit hashes of its
 * blocking-key values, and a lookup returns the records sharing at least one key value.
 *
 * <p>Each key value keeps at most {@code maxPerKey} records (the most recent ones: the oldest entry is dropped),
 * so a lookup compares at most {@code keys × maxPerKey} records however large the store grows.
 * Hash collisions only add candidates, which the comparison then rejects.
 *
 * <p>A lookup also stops at {@code maxCandidates} distinct records. When the probe's key values hold more, they are
 * taken smallest block first (a key value few records share is stronger evidence than one a common name fills,
 * the block-scheduling idea of entity resolution), the block that crosses the budget contributing its most recent
 * records; larger blocks are skipped. Below the budget nothing changes: every record sharing a key value is returned.
 *
 * <p>Records are kept packed ({@link PackedRecords}), ids in a primitive table ({@link OrdinalTable}) and postings
 * in one array of key/entry pairs ({@link PostingTable}): a million synthetic contacts retain about 450 MiB with
 * the postings, against about 1.8 KiB a record as objects, so a million buyers fit a 1 GB heap.
 * {@link #candidates} and {@link #get} hand out unpacked copies.
 *
 * <p>Not thread-safe: identity resolution is a single writer; callers serialise access.
 */
public final class BlockingIndex {

    /**
     * The layout a saved index ({@link IndexSnapshot}) depends on: the key hash ({@link #hash}), the posting
     * table's slots and entry encoding, the packed record format. Change it with any of them, so snapshots written
     * before are refused instead of read wrongly.
     */
    static final int LAYOUT_VERSION = 1;

    private final MatchProfile profile;
    /** Default for {@code blocking.max-candidates}: the lowest that changed no accuracy figure (BENCHMARKS.md, "Store size"). */
    public static final int DEFAULT_MAX_CANDIDATES = 10;

    private final int maxPerKey;
    private final int maxCandidates;
    private PostingTable postings;
    private PackedRecords records = new PackedRecords();
    private final OrdinalTable ordinalById;
    private int live;

    public BlockingIndex(MatchProfile profile, int maxPerKey) {
        this(profile, maxPerKey, DEFAULT_MAX_CANDIDATES);
    }

    public BlockingIndex(MatchProfile profile, int maxPerKey, int maxCandidates) {
        if (maxPerKey < 1) {
            throw new IllegalArgumentException("maxPerKey must be at least 1");
        }
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates must be at least 1");
        }
        this.profile = profile;
        this.maxPerKey = maxPerKey;
        this.maxCandidates = maxCandidates;
        this.postings = new PostingTable(maxPerKey);
        this.ordinalById = new OrdinalTable(ord -> records.id(ord));
    }

    public MatchProfile profile() {
        return profile;
    }

    /** Files the record; a record with the same id is replaced. */
    public void add(PreparedRecord r) {
        remove(r.id());
        file(r);
    }

    private void file(PreparedRecord r) {
        file(r, PackedRecords.pack(r));
    }

    private void file(PreparedRecord r, byte[] packed) {
        int ord = records.add(packed);
        ordinalById.put(r.id(), ord);
        live++;
        long[] hashes = keyHashes(r);
        int[] caps = r.blockingCaps();
        for (int i = 0; i < hashes.length; i++) {
            postings.add(hashes[i], ord, caps[i]);
        }
    }

    /**
     * Computes the record's blocking-key hashes ahead of {@link #add}; safe on any thread (it only reads the profile
     * and writes the record), so a bulk load can spread the phonetic encoding over every core.
     */
    public void prehash(PreparedRecord r) {
        keyHashes(r);
    }

    /** The record's blocking-key hashes, computed once per record (phonetic encoding is not cheap). */
    private long[] keyHashes(PreparedRecord r) {
        long[] cached = r.blockingHashes();
        if (cached != null) {
            return cached;
        }
        long[] out = new long[8];
        int[] caps = new int[8];
        int n = 0;
        List<BlockingKey> keys = profile.blockingKeys();
        for (int k = 0; k < keys.size(); k++) {
            for (String v : keys.get(k).values(r)) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                    caps = Arrays.copyOf(caps, n * 2);
                }
                caps[n] = keys.get(k).maxPerValue();
                out[n++] = hash(k, v);
            }
        }
        long[] hashes = Arrays.copyOf(out, n);
        r.blockingKeys(hashes, Arrays.copyOf(caps, n));
        return hashes;
    }

    /** Forgets a record (after a merge absorbed it, or before re-filing changed values). */
    public void remove(String id) {
        int ord = ordinalById.remove(id);
        if (ord < 0) {
            return;
        }
        // Out of its posting lists at once, so a buyer updated often does not crowd others out of a capped list.
        for (long h : keyHashes(records.get(ord))) {
            postings.remove(h, ord);
        }
        records.clear(ord);
        live--;
        if (records.size() - live > Math.max(1024, live)) {
            compact();
        }
    }

    /** Re-files the live records in their order when removed ones outnumber them, so memory tracks the store. */
    private void compact() {
        PackedRecords old = records;
        records = new PackedRecords();
        ordinalById.clear();
        postings = new PostingTable(maxPerKey);
        live = 0;
        for (int ord = 0; ord < old.size(); ord++) {
            if (old.isLive(ord)) {
                file(old.get(ord), old.bytes(ord));
            }
        }
    }

    int maxPerKey() {
        return maxPerKey;
    }

    /** The packed records, for {@link IndexSnapshot}; not to be changed. */
    PackedRecords packedRecords() {
        return records;
    }

    /** The postings, for {@link IndexSnapshot}; not to be changed. */
    PostingTable postingTable() {
        return postings;
    }

    /** Replaces the whole content with records and postings read back by {@link IndexSnapshot}. */
    void restore(PackedRecords saved, PostingTable savedPostings) {
        clear();
        records = saved;
        postings = savedPostings;
        for (int ord = 0; ord < saved.size(); ord++) {
            if (saved.isLive(ord)) {
                ordinalById.put(saved.id(ord), ord);
                live++;
            }
        }
    }

    /** Every record, unpacked, in ordinal order (to count values or sample records after a restore). */
    public void forEach(java.util.function.Consumer<PreparedRecord> each) {
        for (int ord = 0; ord < records.size(); ord++) {
            PreparedRecord r = records.get(ord);
            if (r != null) {
                each.accept(r);
            }
        }
    }

    /** The blocking-key hashes of {@code r} (computed on first use): to check a restored index. */
    long[] keyHashesOf(PreparedRecord r) {
        return keyHashes(r);
    }

    public PreparedRecord get(String id) {
        int ord = ordinalById.get(id);
        return ord < 0 ? null : records.get(ord);
    }

    /** Forgets every record. */
    public void clear() {
        records = new PackedRecords();
        ordinalById.clear();
        postings = new PostingTable(maxPerKey);
        live = 0;
    }

    public int size() {
        return live;
    }

    /**
     * Records sharing a blocking-key value with the probe, each once, the probe itself excluded. Each step reads
     * what it needs for every key or candidate in one loop before using any of it (posting slots, then record
     * bytes), so a large store's cache misses overlap instead of adding up one by one.
     */
    public List<PreparedRecord> candidates(PreparedRecord probe) {
        long[] hashes = keyHashes(probe);
        long[] entries = new long[hashes.length];
        postings.findAll(hashes, entries);
        int total = 0;
        for (long e : entries) {
            total += PostingTable.count(e);
        }
        if (total == 0) {
            return new ArrayList<>(0);
        }
        int[] buf = new int[total];
        int distinct;
        if (total <= maxCandidates) {
            int n = 0;
            for (long e : entries) {
                n = postings.copy(e, buf, n);
            }
            distinct = sortDistinct(buf, n);
        } else {
            distinct = budgeted(probe, entries, buf);
        }
        byte[][] bytes = records.fetch(buf, distinct);
        List<PreparedRecord> out = new ArrayList<>(distinct);
        String self = probe.id();
        for (int i = 0; i < distinct; i++) {
            if (bytes[i] == null) {
                continue;
            }
            PreparedRecord r = PackedRecords.unpack(bytes[i]);
            // The probe is excluded by its id once unpacked: looking its ordinal up would cost two more cache misses.
            if (!r.id().equals(self)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Sorts {@code buf[0..n)} and moves its distinct values to the front; returns how many there are. */
    private static int sortDistinct(int[] buf, int n) {
        Arrays.sort(buf, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || buf[i] != buf[i - 1]) {
                buf[distinct++] = buf[i];
            }
        }
        return distinct;
    }

    /**
     * The at most {@code maxCandidates} distinct ordinals of a look-up whose blocks hold more: blocks smallest first
     * (ties in key order), each taken whole while it fits, the one that crosses the budget by its most recent records.
     * The probe's own ordinal, when it is stored, does not count. Returns how many, sorted, at the front of {@code buf}.
     */
    private int budgeted(PreparedRecord probe, long[] entries, int[] buf) {
        int k = entries.length;
        long[] order = new long[k];
        for (int i = 0; i < k; i++) {
            order[i] = (long) PostingTable.count(entries[i]) << 32 | i;
        }
        Arrays.sort(order);
        int self = ordinalById.get(probe.id());
        int[] block = new int[maxPerKey];
        int distinct = 0;
        for (int o = 0; o < k && distinct < maxCandidates; o++) {
            long e = entries[(int) order[o]];
            int got = postings.copyRecent(e, block.length, block, 0);
            // Most recent first, so a block cut by the budget keeps its newest records.
            for (int j = got - 1; j >= 0 && distinct < maxCandidates; j--) {
                int ord = block[j];
                if (ord != self && !contains(buf, distinct, ord)) {
                    buf[distinct++] = ord;
                }
            }
        }
        Arrays.sort(buf, 0, distinct);
        return distinct;
    }

    private static boolean contains(int[] buf, int n, int value) {
        for (int i = 0; i < n; i++) {
            if (buf[i] == value) {
                return true;
            }
        }
        return false;
    }

    /** FNV-1a over the key number and value, then a SplitMix64 finaliser to spread the bits. */
    static long hash(int key, String value) {
        long h = 0xcbf29ce484222325L ^ key;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
