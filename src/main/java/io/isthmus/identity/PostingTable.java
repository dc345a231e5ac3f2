package io.isthmus.identity;

import java.util.Arrays;

/**
 * Blocking-key hash → capped list of record ordinals, as open addressing over one {@code long[]} of key/entry pairs.
 * Lists keep insertion order; when one is full its oldest entry is dropped, so recent records stay findable.
 *
 * <p>Laid out for a store that has outgrown the CPU caches (a million buyers file about seven million key values,
 * most of them held by one record): a probe compares keys and reads the entry in the same cache line, and a key
 * value held by a single record keeps its ordinal inline, so neither a list object nor a second array is touched.
 * Only values shared by two or more records get a list. The table is at most two-thirds full, so a look-up for a key
 * value nobody has (most of them, for a new buyer) ends after a slot or two.
 *
 * <p>Entry encoding: bits 0–31 the ordinal (inline) or the list number, bits 32–47 the count, bit 62 set once the
 * value has a list. A slot whose key is 0 is free (a key hashing to 0 is filed as {@link #ZERO_KEY}: hash collisions
 * only add candidates). A slot, once used, stays used until the table is rebuilt, so probing needs no tombstones.
 */
final class PostingTable {

    static final long ZERO_KEY = 0x9E3779B97F4A7C15L;
    private static final long HAS_LIST = 1L << 62;
    private static final long COUNT_MASK = 0xFFFFL;

    private final int cap;
    /** Pairs: key at 2i, entry at 2i + 1. */
    private long[] table = new long[2 * 1024];
    private int[][] lists = new int[256][];
    private int listCount;
    private int size;

    PostingTable(int cap) {
        if (cap < 1 || cap > 65_535) {
            throw new IllegalArgumentException("cap must be 1..65535");
        }
        this.cap = cap;
    }

    /** A table as {@link IndexSnapshot} saved it ({@link #table}, {@link #lists}): the arrays are taken, not copied. */
    PostingTable(int cap, long[] table, int[][] lists, int listCount, int size) {
        this(cap);
        if (Integer.bitCount(table.length) != 1 || table.length < 2 || listCount > lists.length) {
            throw new IllegalArgumentException("not a posting table layout");
        }
        this.table = table;
        this.lists = lists;
        this.listCount = listCount;
        this.size = size;
    }

    /** The key/entry pairs as they are, for {@link IndexSnapshot}; not to be changed. */
    long[] table() {
        return table;
    }

    /** The posting lists (the first {@link #lists()} are in use), for {@link IndexSnapshot}; not to be changed. */
    int[][] listArrays() {
        return lists;
    }

    int cap() {
        return cap;
    }

    void add(long key, int ordinal) {
        add(key, ordinal, cap);
    }

    /** Files with a tighter cap for this key (broad keys such as a birth date alone). */
    void add(long key, int ordinal, int keyCap) {
        int cap = Math.min(this.cap, keyCap);
        key = nonZero(key);
        if ((size + 1) * 3L > (table.length >> 1) * 2L) {
            grow();
        }
        int at = slot(key);
        if (table[at] == 0) {
            table[at] = key;
            table[at + 1] = entry(1, ordinal, false);
            size++;
            return;
        }
        long e = table[at + 1];
        int used = count(e);
        if ((e & HAS_LIST) == 0) {
            if (used == 0 || cap == 1) {
                table[at + 1] = entry(1, ordinal, false); // empty, or a cap of one: the newest replaces it
                return;
            }
            int[] list = new int[Math.min(cap, 2)];
            list[0] = (int) e;
            list[1] = ordinal;
            table[at + 1] = entry(2, newList(list), true);
            return;
        }
        int id = (int) e;
        int[] list = lists[id];
        if (used < cap) {
            if (used == list.length) {
                list = Arrays.copyOf(list, Math.min(cap, used * 2));
                lists[id] = list;
            }
            list[used++] = ordinal;
        } else {
            // Full (possibly over a tighter cap than the list was sized for): drop the oldest entries.
            int keep = cap - 1;
            System.arraycopy(list, used - keep, list, 0, keep);
            list[keep] = ordinal;
            used = cap;
        }
        table[at + 1] = entry(used, id, true);
    }

    /** Takes {@code ordinal} out of the list under {@code key}, if it is there. */
    void remove(long key, int ordinal) {
        key = nonZero(key);
        int at = slot(key);
        if (table[at] == 0) {
            return;
        }
        long e = table[at + 1];
        int used = count(e);
        if ((e & HAS_LIST) == 0) {
            if (used == 1 && (int) e == ordinal) {
                table[at + 1] = entry(0, 0, false);
            }
            return;
        }
        int[] list = lists[(int) e];
        for (int i = 0; i < used; i++) {
            if (list[i] == ordinal) {
                System.arraycopy(list, i + 1, list, i, used - i - 1);
                table[at + 1] = entry(used - 1, (int) e, true);
                return;
            }
        }
    }

    /** The entry filed under {@code key} (0 when none), for {@link #count(long)} and {@link #copy}. */
    long find(long key) {
        key = nonZero(key);
        int at = slot(key);
        return table[at] == 0 ? 0 : table[at + 1];
    }

    /**
     * The entries of several keys at once ({@code out[i]} for {@code keys[i]}, as {@link #find} gives them). In a
     * table larger than the CPU caches each look-up is a cache (and TLB) miss; reading every key's home slot first,
     * in one loop of independent loads, lets the processor wait for all of them together instead of one after another.
     * Entries with a list get the list's first element read the same way, so {@link #copy} then finds it cached.
     */
    void findAll(long[] keys, long[] out) {
        long[] t = table;
        int mask = (t.length >> 1) - 1;
        int n = keys.length;
        int[] home = new int[n];
        long[] seen = new long[n];
        for (int i = 0; i < n; i++) {
            long key = nonZero(keys[i]);
            home[i] = ((int) (key ^ key >>> 32) & mask) << 1;
            seen[i] = t[home[i]];
        }
        int touched = 0;
        for (int i = 0; i < n; i++) {
            long key = nonZero(keys[i]);
            long e;
            if (seen[i] == key) {
                e = t[home[i] + 1];
            } else if (seen[i] == 0) {
                e = 0;
            } else {
                e = find(keys[i]);
            }
            out[i] = e;
            if ((e & HAS_LIST) != 0) {
                touched += lists[(int) e].length;
            }
        }
        this.touched = touched;
    }

    /** Written by {@link #findAll} so the loads that warm the lists are not optimised away. */
    @SuppressWarnings("unused")
    private int touched;

    /** How many ordinals an entry from {@link #find} holds. */
    static int count(long entry) {
        return (int) (entry >>> 32 & COUNT_MASK);
    }

    /** Copies the entry's ordinals (oldest first) into {@code buf} from {@code n}; returns the new fill. */
    int copy(long entry, int[] buf, int n) {
        int used = count(entry);
        if ((entry & HAS_LIST) == 0) {
            if (used == 1) {
                buf[n++] = (int) entry;
            }
            return n;
        }
        System.arraycopy(lists[(int) entry], 0, buf, n, used);
        return n + used;
    }

    /** Copies the entry's {@code k} most recent ordinals (all when it holds fewer) into {@code buf} from {@code n}. */
    int copyRecent(long entry, int k, int[] buf, int n) {
        int used = count(entry);
        if ((entry & HAS_LIST) == 0) {
            if (used == 1 && k > 0) {
                buf[n++] = (int) entry;
            }
            return n;
        }
        int take = Math.max(0, Math.min(k, used));
        System.arraycopy(lists[(int) entry], used - take, buf, n, take);
        return n + take;
    }

    /** The ordinals filed under {@code key}, oldest first. */
    int[] get(long key) {
        long e = find(key);
        int[] out = new int[count(e)];
        copy(e, out, 0);
        return out;
    }

    /** Key values filed. */
    int size() {
        return size;
    }

    /** Key values that needed a list (shared by two or more records at some point). */
    int lists() {
        return listCount;
    }

    private static long entry(int count, int payload, boolean list) {
        return (list ? HAS_LIST : 0) | (long) count << 32 | (payload & 0xFFFFFFFFL);
    }

    private int newList(int[] list) {
        if (listCount == lists.length) {
            lists = Arrays.copyOf(lists, listCount * 2);
        }
        lists[listCount] = list;
        return listCount++;
    }

    private static long nonZero(long key) {
        return key == 0 ? ZERO_KEY : key;
    }

    /** Index (even) of the pair holding {@code key}, or of the free pair where it would go. */
    private int slot(long key) {
        long[] t = table;
        int mask = (t.length >> 1) - 1;
        int i = (int) (key ^ key >>> 32) & mask;
        while (true) {
            long k = t[i << 1];
            if (k == key || k == 0) {
                return i << 1;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0) {
                int at = slot(old[i]);
                table[at] = old[i];
                table[at + 1] = old[i + 1];
            }
        }
    }
}
