package io.isthmus.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PostingTableTest {

    private static int[] ordinals(PostingTable t, long key) {
        return t.get(key);
    }

    @Test
    void singleEntry_isKeptInline_andBecomesAListWhenShared() {
        PostingTable t = new PostingTable(3);
        t.add(42L, 7);
        assertThat(ordinals(t, 42L)).containsExactly(7);
        assertThat(t.lists()).isZero();
        t.add(42L, 9);
        t.add(42L, 11);
        assertThat(ordinals(t, 42L)).containsExactly(7, 9, 11);
        assertThat(t.lists()).isEqualTo(1);
        // Full: the oldest goes.
        t.add(42L, 13);
        assertThat(ordinals(t, 42L)).containsExactly(9, 11, 13);
        assertThat(ordinals(t, 43L)).isEmpty();
    }

    @Test
    void tighterKeyCap_andCapOne_keepTheNewest() {
        PostingTable t = new PostingTable(10);
        t.add(5L, 1, 1);
        t.add(5L, 2, 1);
        assertThat(ordinals(t, 5L)).containsExactly(2);
        assertThat(t.lists()).isZero();
        t.add(6L, 1, 2);
        t.add(6L, 2, 2);
        t.add(6L, 3, 2);
        assertThat(ordinals(t, 6L)).containsExactly(2, 3);
    }

    @Test
    void copyRecent_takesTheNewestOrdinals_fromAListOrInline() {
        PostingTable t = new PostingTable(5);
        for (int ord = 1; ord <= 7; ord++) {
            t.add(8L, ord);
        }
        t.add(9L, 40);
        int[] buf = new int[10];
        buf[0] = -1;
        assertThat(t.copyRecent(t.find(8L), 2, buf, 1)).isEqualTo(3);
        assertThat(buf).startsWith(-1, 6, 7);
        assertThat(t.copyRecent(t.find(8L), 9, buf, 0)).isEqualTo(5);
        assertThat(buf).startsWith(3, 4, 5, 6, 7);
        assertThat(t.copyRecent(t.find(9L), 1, buf, 0)).isEqualTo(1);
        assertThat(buf[0]).isEqualTo(40);
        assertThat(t.copyRecent(t.find(9L), 0, buf, 0)).isZero();
        assertThat(t.copyRecent(t.find(10L), 3, buf, 0)).isZero();
    }

    @Test
    void remove_fromInlineAndFromList_thenRefill() {
        PostingTable t = new PostingTable(4);
        t.add(1L, 10);
        t.remove(1L, 99);
        assertThat(ordinals(t, 1L)).containsExactly(10);
        t.remove(1L, 10);
        assertThat(ordinals(t, 1L)).isEmpty();
        t.add(1L, 11);
        assertThat(ordinals(t, 1L)).containsExactly(11);
        t.add(1L, 12);
        t.add(1L, 13);
        t.remove(1L, 12);
        assertThat(ordinals(t, 1L)).containsExactly(11, 13);
        t.remove(2L, 11); // absent key: nothing happens
        assertThat(ordinals(t, 1L)).containsExactly(11, 13);
    }

    @Test
    void keyZero_isAnOrdinaryKey() {
        PostingTable t = new PostingTable(4);
        t.add(0L, 3);
        t.add(0L, 4);
        assertThat(ordinals(t, 0L)).containsExactly(3, 4);
        t.remove(0L, 3);
        assertThat(ordinals(t, 0L)).containsExactly(4);
    }

    /** A plain model (map of capped deques) against the table through growth, caps, removals and clustered keys. */
    @Test
    void agreesWithAModel_throughGrowthAndRemovals_andFindAllAgreesWithFind() {
        SplittableRandom r = new SplittableRandom(7);
        PostingTable t = new PostingTable(5);
        Map<Long, Deque<Integer>> model = new HashMap<>();
        Map<Long, Integer> caps = new HashMap<>();
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            // Small keys collide in the low bits (long probe runs); random ones spread.
            keys.add(i % 3 == 0 ? (long) i : r.nextLong());
        }
        for (int step = 0; step < 60_000; step++) {
            long key = keys.get((int) (Math.pow(r.nextDouble(), 3) * keys.size()));
            int cap = caps.computeIfAbsent(key, k -> 1 + (int) (Math.abs(k) % 7));
            Deque<Integer> list = model.computeIfAbsent(key, k -> new ArrayDeque<>());
            if (r.nextInt(4) == 0 && !list.isEmpty()) {
                int victim = new ArrayList<>(list).get(r.nextInt(list.size()));
                list.removeFirstOccurrence(victim);
                t.remove(key, victim);
            } else {
                int ord = step;
                t.add(key, ord, cap);
                list.addLast(ord);
                while (list.size() > Math.min(5, cap)) {
                    list.removeFirst();
                }
            }
        }
        long[] all = keys.stream().mapToLong(Long::longValue).toArray();
        long[] entries = new long[all.length];
        t.findAll(all, entries);
        for (int i = 0; i < all.length; i++) {
            Deque<Integer> expected = model.getOrDefault(all[i], new ArrayDeque<>());
            assertThat(ordinals(t, all[i])).as("key %d", all[i])
                    .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
            assertThat(entries[i]).isEqualTo(t.find(all[i]));
            int[] copied = new int[PostingTable.count(entries[i]) + 1];
            assertThat(t.copy(entries[i], copied, 1)).isEqualTo(expected.size() + 1);
        }
        assertThat(ordinals(t, 123_456_789L)).isEmpty();
    }
}
