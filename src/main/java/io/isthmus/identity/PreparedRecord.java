package io.isthmus.identity;

import java.util.Arrays;

/** A record in the match form of one profile: cleaned values in the profile's field order (null = missing). */
public final class PreparedRecord {

    private final String id;
    private final String[] values;
    private final String[][] phonetic;
    /** Blocking-key hashes and each key's cap, filled by the first index that files or looks up this record. */
    private volatile long[] blockingHashes;
    private volatile int[] blockingCaps;

    PreparedRecord(String id, String[] values, String[][] phonetic) {
        this.id = id;
        this.values = values.clone();
        this.phonetic = phonetic.clone();
    }

    /**
     * Primary and alternate Double Metaphone codes of a field, computed once when the profile compares that field
     * phonetically (encoding is the dearest step of a comparison); null otherwise or when the value is missing.
     */
    String[] phonetic(int field) {
        return phonetic[field];
    }

    public String id() {
        return id;
    }

    public String value(int field) {
        return values[field];
    }

    long[] blockingHashes() {
        return blockingHashes;
    }

    int[] blockingCaps() {
        return blockingCaps;
    }

    void blockingKeys(long[] hashes, int[] caps) {
        this.blockingCaps = caps;
        this.blockingHashes = hashes;
    }

    public int size() {
        return values.length;
    }

    @Override
    public String toString() {
        return id + Arrays.toString(values);
    }
}
