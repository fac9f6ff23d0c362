package io.strongroom.storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A read cache in front of a storage (vault-compat: Vault's physical cache, {@code cache_size}, on by default):
 * every request reads its token, the token's parent and its secret, and on a file storage each read is a file
 * open, read and close. Entries are the storage's bytes, i.e. barrier ciphertext: the cache holds nothing the
 * disk does not.
 *
 * <p>Write-through and strictly consistent for one process: a put or delete updates the cache under the same
 * per-key lock that a cache miss takes to fill it, so a read never returns a value older than the last completed
 * write. Only correct while this process is the storage's only writer, which the file storage's folder lock
 * guarantees; a shared backend (PostgreSQL with standbys) must purge it when leadership changes ({@link #purge}).
 * Lists are not cached. Bounded LRU by entry count.
 */
public final class CachingStorage implements Storage, AutoCloseable {

    /** vault-compat: Vault's default {@code cache_size}. */
    public static final int DEFAULT_ENTRIES = 131_072;
    private static final int STRIPES = 64;
    /** Values larger than this are not cached (the cache is for small, hot entries). */
    private static final int MAX_VALUE_BYTES = 64 * 1024;
    private static final byte[] ABSENT = new byte[0];

    private final Storage delegate;
    private final Map<String, byte[]> lru;
    private final Object[] stripes = new Object[STRIPES];
    // HA (vault-compat: Vault's physical cache is off on standbys and turned on by postUnseal on the active): while
    // off, every call goes to the delegate and nothing is remembered
    private volatile boolean enabled = true;

    /**
     * @param maxEntries at least 1
     */
    public CachingStorage(Storage delegate, int maxEntries) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.lru = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > maxEntries;
            }
        };
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    private Object stripe(String key) {
        return stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
    }

    /**
     * Turns the cache on or off; turning it off also purges it. A standby keeps it off (another node writes), the
     * active node purges it and turns it on.
     */
    public void setEnabled(boolean on) {
        enabled = on;
        if (!on) {
            purge();
        }
    }

    @Override
    public byte[] get(String key) {
        if (!enabled) {
            return delegate.get(key);
        }
        byte[] hit = cached(key);
        if (hit != null) {
            return hit == ABSENT ? null : hit.clone();
        }
        synchronized (stripe(key)) {
            hit = cached(key);
            if (hit != null) {
                return hit == ABSENT ? null : hit.clone();
            }
            byte[] value = delegate.get(key);
            remember(key, value == null ? null : value.clone()); // the caller may change the array it gets
            return value;
        }
    }

    @Override
    public void put(String key, byte[] value) {
        synchronized (stripe(key)) {
            try {
                delegate.put(key, value);
            } catch (RuntimeException e) {
                forget(key); // the old value may or may not be there now: read it again next time
                throw e;
            }
            if (enabled) {
                remember(key, value.clone());
            } else {
                forget(key);
            }
        }
    }

    @Override
    public void delete(String key) {
        synchronized (stripe(key)) {
            try {
                delegate.delete(key);
            } catch (RuntimeException e) {
                forget(key);
                throw e;
            }
            if (enabled) {
                remember(key, null);
            } else {
                forget(key);
            }
        }
    }

    @Override
    public List<String> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public String type() {
        return delegate.type();
    }

    /** Drops every cached entry (another node may have written). */
    public void purge() {
        synchronized (lru) {
            lru.clear();
        }
    }

    /** Closes the delegate when it is closeable (the file storage's folder lock). */
    @Override
    public void close() throws Exception {
        purge();
        if (delegate instanceof AutoCloseable c) {
            c.close();
        }
    }

    private byte[] cached(String key) {
        synchronized (lru) {
            return lru.get(key);
        }
    }

    private void remember(String key, byte[] value) {
        synchronized (lru) {
            if (value != null && value.length > MAX_VALUE_BYTES) {
                lru.remove(key);
            } else {
                lru.put(key, value == null ? ABSENT : value);
            }
        }
    }

    private void forget(String key) {
        synchronized (lru) {
            lru.remove(key);
        }
    }

    @Override
    public String toString() {
        return "CachingStorage[" + delegate.type() + "]";
    }

    /** For tests: whether {@code key} is cached (as a value or as absent). */
    boolean isCached(String key) {
        synchronized (lru) {
            return lru.containsKey(key);
        }
    }

}
