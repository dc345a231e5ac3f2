package io.isthmus.buyer.normalize;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Answers computed once per distinct input for a pure function, the least recently used dropped beyond
 * {@code capacity}: the cache never grows with the store, only repeated inputs (the few dozen job titles of a
 * database, a phone number read again in an overlap window) are spared the work. Safe for several threads; the
 * function runs outside the lock, so two threads may compute the same answer once each.
 */
public final class BoundedCache<K, V> {

    private final int capacity;
    private final Map<K, V> entries;

    public BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > BoundedCache.this.capacity;
            }
        };
    }

    /** The cached answer for {@code key}, else {@code compute}'s (never null), kept for next time. */
    public V get(K key, Function<? super K, ? extends V> compute) {
        V v;
        synchronized (this) {
            v = entries.get(key);
        }
        if (v == null) {
            v = compute.apply(key);
            synchronized (this) {
                entries.put(key, v);
            }
        }
        return v;
    }

    public synchronized int size() {
        return entries.size();
    }

    public int capacity() {
        return capacity;
    }
}
