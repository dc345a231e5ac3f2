package io.isthmus.identity;

import java.util.function.IntFunction;

/**
 * Record id → ordinal as open addressing over two int arrays (ordinal + 1, id hash). The ids themselves stay in the
 * packed records, so the table costs 8 bytes a slot instead of a map entry, a boxed ordinal and an id string
 * (about 120 bytes a record). Removal shifts later entries back (linear probing without tombstones).
 */
final class OrdinalTable {

    private final IntFunction<String> idOf;
    private int[] slots = new int[1024];
    private int[] hashes = new int[1024];
    private int size;

    /** @param idOf the id of a live ordinal */
    OrdinalTable(IntFunction<String> idOf) {
        this.idOf = idOf;
    }

    /** The ordinal of {@code id}, or -1. */
    int get(String id) {
        int h = id.hashCode();
        int mask = slots.length - 1;
        for (int i = home(h, mask); slots[i] != 0; i = (i + 1) & mask) {
            if (hashes[i] == h && idOf.apply(slots[i] - 1).equals(id)) {
                return slots[i] - 1;
            }
        }
        return -1;
    }

    /** Files {@code id} (which must be absent) at {@code ordinal}. */
    void put(String id, int ordinal) {
        if ((size + 1) * 4L > slots.length * 3L) {
            grow();
        }
        insert(id.hashCode(), ordinal);
        size++;
    }

    /** Takes {@code id} out; returns its ordinal, or -1 when it was not filed. */
    int remove(String id) {
        int h = id.hashCode();
        int mask = slots.length - 1;
        int i = home(h, mask);
        while (slots[i] != 0 && !(hashes[i] == h && idOf.apply(slots[i] - 1).equals(id))) {
            i = (i + 1) & mask;
        }
        if (slots[i] == 0) {
            return -1;
        }
        int ordinal = slots[i] - 1;
        // Shift back every later entry of the run that may sit at the freed slot (Knuth's algorithm R).
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (slots[j] == 0) {
                break;
            }
            int k = home(hashes[j], mask);
            if (i <= j ? (k <= i || k > j) : (k <= i && k > j)) {
                slots[i] = slots[j];
                hashes[i] = hashes[j];
                i = j;
            }
        }
        slots[i] = 0;
        size--;
        return ordinal;
    }

    void clear() {
        slots = new int[1024];
        hashes = new int[1024];
        size = 0;
    }

    private void insert(int h, int ordinal) {
        int mask = slots.length - 1;
        int i = home(h, mask);
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = ordinal + 1;
        hashes[i] = h;
    }

    private void grow() {
        int[] oldSlots = slots;
        int[] oldHashes = hashes;
        slots = new int[oldSlots.length * 2];
        hashes = new int[oldSlots.length * 2];
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldSlots[i] != 0) {
                insert(oldHashes[i], oldSlots[i] - 1);
            }
        }
    }

    private static int home(int h, int mask) {
        return (h ^ (h >>> 16)) * 0x9E3779B9 >>> 7 & mask;
    }
}
