package io.isthmus.identity;

import java.util.Arrays;

/**
 * Blocking-key hash → capped list of record ordinals, as open addressing over primitive arrays: one lookup touches
 * two arrays instead of a chain of boxed keys and nodes, which matters once the store outgrows the CPU caches.
 * Lists keep insertion order; when one is full its oldest entry is dropped, so recent records stay findable.
 */
final class PostingTable {

    private static final int[] EMPTY = new int[0];

    private final int cap;
    private long[] keys = new long[1024];
    private int[][] lists = new int[1024][];
    /** Per slot: entries used (up to cap). */
    private int[] meta = new int[1024];
    private int size;

    PostingTable(int cap) {
        if (cap < 1 || cap > 65_535) {
            throw new IllegalArgumentException("cap must be 1..65535");
        }
        this.cap = cap;
    }

    void add(long key, int ordinal) {
        add(key, ordinal, cap);
    }

    /** Files with a tighter cap for this key (broad keys such as a birth date alone). */
    void add(long key, int ordinal, int keyCap) {
        int cap = Math.min(this.cap, keyCap);
        if ((size + 1) * 4L > keys.length * 3L) {
            grow();
        }
        int slot = slot(key);
        if (lists[slot] == null) {
            keys[slot] = key;
            lists[slot] = new int[Math.min(cap, 2)];
            size++;
        }
        int used = meta[slot];
        int[] list = lists[slot];
        if (used < cap) {
            if (used == list.length) {
                list = Arrays.copyOf(list, Math.min(cap, used * 2));
                lists[slot] = list;
            }
            list[used++] = ordinal;
        } else {
            System.arraycopy(list, 1, list, 0, cap - 1);
            list[cap - 1] = ordinal;
        }
        meta[slot] = used;
    }

    /** Takes {@code ordinal} out of the list under {@code key}, if it is there. */
    void remove(long key, int ordinal) {
        int slot = slot(key);
        int[] list = lists[slot];
        if (list == null) {
            return;
        }
        int used = meta[slot];
        for (int i = 0; i < used; i++) {
            if (list[i] == ordinal) {
                System.arraycopy(list, i + 1, list, i, used - i - 1);
                meta[slot] = used - 1;
                return;
            }
        }
    }

    /** The ordinals filed under {@code key}; a shared array of which the first {@link #count} entries are valid. */
    int[] get(long key) {
        int slot = slot(key);
        return lists[slot] == null ? EMPTY : lists[slot];
    }

    int count(long key) {
        int slot = slot(key);
        return lists[slot] == null ? 0 : meta[slot];
    }

    int size() {
        return size;
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = (int) (key ^ key >>> 32) & mask;
        while (lists[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[][] oldLists = lists;
        int[] oldMeta = meta;
        keys = new long[oldKeys.length * 2];
        lists = new int[oldKeys.length * 2][];
        meta = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldLists[i] != null) {
                int s = slot(oldKeys[i]);
                keys[s] = oldKeys[i];
                lists[s] = oldLists[i];
                meta[s] = oldMeta[i];
            }
        }
    }
}
