package dev.signet.storage;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Database reads on a hot path kept for a short, fixed time: a change made on this node is applied
 * at once by {@link #forget}, one made on another node is seen within {@code ttl}. Bounded: when it
 * holds {@code maxEntries}, it starts over rather than growing.
 */
public final class ReadThroughCache<K, V> {
    private final Duration ttl;
    private final int maxEntries;
    private final boolean keepMisses;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Counts forgets, so that a load that began before one does not store what it read. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    /** {@code keepMisses}: whether "not found" is kept too (not for keys a client can make up). */
    public ReadThroughCache(Duration ttl, int maxEntries, boolean keepMisses) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.keepMisses = keepMisses;
    }

    public Optional<V> get(K key, Function<K, Optional<V>> load) {
        long now = System.nanoTime();
        Entry<V> cached = entries.get(key);
        if (cached != null && now - cached.loadedAt() < ttl.toNanos()) {
            return cached.value();
        }
        long before = generation.get();
        Optional<V> value = load.apply(key);
        if ((value.isPresent() || keepMisses) && generation.get() == before) {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(key, new Entry<>(value, now));
        }
        return value;
    }

    public void forget(K key) {
        generation.incrementAndGet();
        entries.remove(key);
    }

    public void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    private record Entry<V>(Optional<V> value, long loadedAt) {
    }
}
