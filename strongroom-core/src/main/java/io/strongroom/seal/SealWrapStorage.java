package io.strongroom.seal;

import io.strongroom.storage.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Seal wrapping: a storage layer below the barrier that puts an extra KMS envelope around the values of selected
 * paths (the critical entries, and every entry of a mount enabled with {@code seal_wrap = true}), reads them back
 * transparently, keeps the {@link KeyUsageIndex} up to date on every write, and re-wraps one entry at a time for
 * {@link Rewrapper}.
 *
 * <h2>Stored format (vault-compat: vault-seal-spec 5 and 3.10, Vault Enterprise's seal-wrapped value)</h2>
 * <pre>
 *   physical value = MultiWrapValue bytes  ||  the single byte 's' (the canary)
 *   MultiWrapValue = one seal: a BlobInfo protobuf (mechanism 1: AES-256-GCM under a fresh data key, the data key
 *                    wrapped by KMS, key_info.key_id = the key ARN); Seal HA: "multiwrapvalue:1" + length + one
 *                    BlobInfo slot per seal (see {@link MultiWrapValue})
 *   plaintext      = the barrier ciphertext of the entry (so the barrier's path binding still holds)
 * </pre>
 * A value is recognised as seal-wrapped by its first byte {@code 0x0a} (protobuf field 1, length-delimited) or the
 * multi-wrap header, and its last byte {@code 's'}. Nothing else this server stores can match: a barrier value starts with its 4-byte
 * big-endian term, whose first byte is 0 for any term below 2^24, and the plaintext core entries are JSON. So
 * values written before seal wrapping existed (the upgrade path) or with {@code disable_sealwrap} read as they
 * are, and a mixed store reads entry by entry. The stored-key blobs ({@code core/hsm/barrier-unseal-keys},
 * {@code core/recovery-key}) are KMS blobs already: they pass through unwrapped, but are indexed and re-wrapped.
 *
 * <h2>Cost</h2>
 * A seal-wrapped write is one KMS {@code Encrypt} (of the data key); a read is at most one KMS {@code Decrypt}:
 * the unwrapped value is cached (LRU, {@code cacheEntries}) together with the exact stored bytes it came from, and
 * a read whose stored bytes match costs no KMS call. Comparing the stored bytes (not trusting the cache alone) means
 * a value changed under us (another process, a restore) is never served stale. The cached values are barrier
 * ciphertext, still encrypted under the keyring.
 *
 * <p>Thread-safe. Writes and re-wraps of one path are serialized on a lock stripe, so a re-wrap never overwrites
 * a newer value with an older one; each re-wrap is one atomic {@code put}, so no crash leaves an entry unreadable.
 */
public final class SealWrapStorage implements Storage, SealWrapPaths {

    private static final byte CANARY = 's';
    private static final byte BLOB_FIRST_BYTE = 0x0a;
    private static final int STRIPES = 64;

    /**
     * What is wrapped.
     *
     * @param enabled false with {@code disable_sealwrap = true}: new writes are not wrapped, reads still unwrap
     * @param criticalPaths exact paths always wrapped when enabled (keyring, root-key copy)
     * @param criticalPrefixes folders always wrapped when enabled
     * @param storedKeyPaths paths that hold KMS blobs of their own (indexed and re-wrapped, never double-wrapped)
     * @param cacheEntries how many unwrapped values to keep in memory
     */
    public record Settings(boolean enabled, Set<String> criticalPaths, List<String> criticalPrefixes,
            Set<String> storedKeyPaths, int cacheEntries) {
        public Settings {
            criticalPaths = Set.copyOf(criticalPaths);
            criticalPrefixes = List.copyOf(criticalPrefixes);
            storedKeyPaths = Set.copyOf(storedKeyPaths);
        }
    }

    /** What {@link #rewrapEntry} did. */
    public enum Outcome {
        /** Already under the current key (or needs no key): nothing written, no KMS call. */
        UP_TO_DATE,
        /** Re-wrapped (or wrapped, or unwrapped under {@code disable_sealwrap}) with one write. */
        REWRAPPED,
        /** The entry no longer exists. */
        GONE,
        /**
         * Left for later: a seal is down and the entry already has a slot for every healthy seal (Seal HA), so a
         * rewrap now would only drop the down seal's slot. It stays stale until the catch-up rewrap.
         */
        DEFERRED
    }

    /**
     * The key inventory.
     *
     * @param verified null unless a verifying scan ran
     * @param scanMismatches null unless a verifying scan ran: index rows the scan found wrong (and repaired)
     */
    public record KeyUsage(String currentKeyId, List<String> currentKeyIds, Map<String, Integer> entriesByKey,
            int totalEntries, int unwrapped, Boolean verified, Integer scanMismatches) {}

    private final Storage inner;
    private final SealSet seals;
    private final Settings settings;
    private final Set<String> mountPrefixes = ConcurrentHashMap.newKeySet();
    private final KeyUsageIndex index = new KeyUsageIndex();
    private final Object[] stripes = new Object[STRIPES];
    private final Map<String, Cached> cache;
    private volatile String lastKeyId;
    private volatile Consumer<String> keyChangeListener = k -> { };

    private record Cached(byte[] stored, byte[] plain) {}

    /** Over one seal. */
    public SealWrapStorage(Storage inner, KeyWrapper wrapper, Settings settings) {
        this(inner, SealSet.single(Objects.requireNonNull(wrapper, "wrapper")), settings);
    }

    /**
     * @param seals the seals that wrap (all enabled ones) and unwrap (any, the disabled one of a migration too)
     */
    public SealWrapStorage(Storage inner, SealSet seals, Settings settings) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.seals = Objects.requireNonNull(seals, "seals");
        this.settings = Objects.requireNonNull(settings, "settings");
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        int max = Math.max(0, settings.cacheEntries());
        this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > max;
            }
        });
    }

    /** Told (once per change) when KMS reports a new current key for a write: the alias moved at run time. */
    public void onKeyChange(Consumer<String> listener) {
        this.keyChangeListener = Objects.requireNonNull(listener);
    }

    /** Remembers the current key id, so a later write under another key is noticed as a key change. */
    public void noteCurrentKey() {
        lastKeyId = currentKeyId();
    }

    /**
     * The current KMS key id: what new values are wrapped under. With several seals (Seal HA), their current key
     * ids sorted and joined with commas: a value is current when its slots carry exactly these.
     */
    public String currentKeyId() {
        return canonical(seals.currentKeyIds());
    }

    /** The seals this layer wraps with. */
    public SealSet seals() {
        return seals;
    }

    /** Whether new values are wrapped: enabled, and some seal can wrap (not during a migration to shamir). */
    private boolean wrapping() {
        return settings.enabled() && !seals.enabled().isEmpty();
    }

    /** Key ids as the index keeps them: sorted, comma-joined (ARNs and key UUIDs hold no comma). */
    static String canonical(List<String> keyIds) {
        return String.join(",", new java.util.TreeSet<>(keyIds));
    }

    @Override
    public void addPrefix(String prefix) {
        mountPrefixes.add(prefix);
    }

    @Override
    public void removePrefix(String prefix) {
        mountPrefixes.remove(prefix);
    }

    /** Whether a new value at {@code path} is seal-wrapped. */
    public boolean wraps(String path) {
        if (!wrapping() || settings.storedKeyPaths().contains(path)) {
            return false;
        }
        if (settings.criticalPaths().contains(path)) {
            return true;
        }
        for (String p : settings.criticalPrefixes()) {
            if (path.startsWith(p)) {
                return true;
            }
        }
        for (String p : mountPrefixes) {
            if (path.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] get(String key) {
        byte[] raw = inner.get(key);
        if (raw == null || !looksWrapped(key, raw)) {
            return raw;
        }
        Cached c = cache.get(key);
        if (c != null && Arrays.equals(c.stored, raw)) {
            return c.plain.clone();
        }
        byte[] plain = seals.unwrap(parseWrapped(key, raw));
        cache.put(key, new Cached(raw, plain.clone()));
        return plain;
    }

    @Override
    public void put(String key, byte[] value) {
        Objects.requireNonNull(value, "value");
        synchronized (stripe(key)) {
            if (wraps(key)) {
                SealSet.Wrapped blob = seals.wrap(value);
                byte[] stored = withCanary(blob.toByteArray());
                inner.put(key, stored);
                cache.put(key, new Cached(stored, value.clone()));
                index.update(key, canonical(blob.value().keyIds()));
                noticeKey();
            } else {
                inner.put(key, value);
                cache.remove(key);
                index.update(key, classify(key, value));
            }
        }
    }

    @Override
    public void delete(String key) {
        synchronized (stripe(key)) {
            inner.delete(key);
            cache.remove(key);
            index.update(key, null);
        }
    }

    @Override
    public List<String> list(String prefix) {
        return inner.list(prefix);
    }

    @Override
    public String type() {
        return inner.type();
    }

    /**
     * Brings one entry under the current key with at most one write: a seal-wrapped value or a stored-key blob under
     * another key is decrypted and encrypted again (two KMS calls), an entry that should be wrapped and is not is
     * wrapped (one), and under {@code disable_sealwrap} a wrapped value is unwrapped (one). The old value stays
     * readable until the single atomic put replaces it.
     *
     * @throws SealAccessException when KMS fails (nothing was written)
     */
    public Outcome rewrapEntry(String path) {
        synchronized (stripe(path)) {
            byte[] raw = inner.get(path);
            if (raw == null) {
                index.update(path, null);
                return Outcome.GONE;
            }
            if (settings.storedKeyPaths().contains(path)) {
                MultiWrapValue blob = MultiWrapValue.parseFrom(raw);
                boolean legacy = blob.slots().size() == 1 && blob.slots().get(0).keyInfo() == null;
                // with no enabled seal (a migration to shamir) the migration itself rewrites the stored keys
                if (legacy || seals.enabled().isEmpty() || seals.isCurrent(blob.keyIds())) {
                    index.update(path, classify(path, raw));
                    return Outcome.UP_TO_DATE;
                }
                if (seals.coversHealthy(blob.keyIds())) {
                    index.update(path, classify(path, raw));
                    return Outcome.DEFERRED;
                }
                byte[] plain = seals.unwrap(blob);
                try {
                    SealSet.Wrapped fresh = seals.wrap(plain);
                    inner.put(path, fresh.toByteArray());
                    index.update(path, canonical(fresh.value().keyIds()));
                    noticeKey();
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
                return Outcome.REWRAPPED;
            }
            boolean wrapped = looksWrapped(path, raw);
            if (wrapped && wrapping() && seals.isCurrent(parseWrapped(path, raw).keyIds())) {
                index.update(path, currentKeyId());
                return Outcome.UP_TO_DATE;
            }
            if (wrapped && wrapping() && seals.coversHealthy(parseWrapped(path, raw).keyIds())) {
                index.update(path, classify(path, raw));
                return Outcome.DEFERRED;
            }
            if (!wrapped && !wraps(path)) {
                index.update(path, null);
                return Outcome.UP_TO_DATE;
            }
            byte[] plain = wrapped ? get(path) : raw;
            if (wrapped && !wrapping()) {
                inner.put(path, plain); // disable_sealwrap or a migration to shamir: downgrade, as Vault does lazily
                cache.remove(path);
                index.update(path, null);
                return Outcome.REWRAPPED;
            }
            SealSet.Wrapped fresh = seals.wrap(plain);
            byte[] stored = withCanary(fresh.toByteArray());
            inner.put(path, stored);
            cache.put(path, new Cached(stored, plain.clone()));
            index.update(path, canonical(fresh.value().keyIds()));
            noticeKey();
            return Outcome.REWRAPPED;
        }
    }

    /** Builds the index by a scan the first time it is needed; later calls return at once. */
    public void ensureIndex() {
        if (!index.isBuilt()) {
            synchronized (index) {
                if (!index.isBuilt()) {
                    index.replaceAll(scan());
                }
            }
        }
    }

    /**
     * The key inventory from the index (no storage reads once built).
     *
     * @param verify run a full scan first, compare it with the index, and repair the index
     */
    public KeyUsage keyUsage(boolean verify) {
        Integer mismatches = null;
        if (verify) {
            synchronized (index) {
                mismatches = index.replaceAll(scan());
            }
        } else {
            ensureIndex();
        }
        KeyUsageIndex.Snapshot s = index.snapshot();
        return new KeyUsage(seals.primary().map(KeyWrapper::keyId).orElse(""), seals.currentKeyIds(), s.byKey(),
                s.total(), s.unwrapped(), verify ? Boolean.TRUE : null, mismatches);
    }

    /** Paths whose entry is not yet under the current key (from the index). */
    public List<String> stalePaths() {
        ensureIndex();
        return index.stale(currentKeyId());
    }

    /** Every path the index tracks (the rewrap examines them all, so its counts cover the whole store). */
    public List<String> indexedPaths() {
        ensureIndex();
        return index.stale("\u0000"); // no key id is NUL: every tracked path
    }

    /** True when every entry that should be wrapped is, under the current key. */
    public boolean fullyWrapped() {
        ensureIndex();
        return index.stale(currentKeyId()).isEmpty();
    }

    /**
     * Reads every entry (no KMS calls) and returns what each KMS-protected one needs. Writes that run during the
     * scan update the index after it (the index lock), so they are not lost.
     */
    private Map<String, String> scan() {
        Map<String, String> out = new TreeMap<>();
        List<String> paths = new ArrayList<>();
        collect("", paths);
        for (String p : paths) {
            byte[] raw = inner.get(p);
            if (raw != null) {
                String k = classify(p, raw);
                if (k != null) {
                    out.put(p, k);
                }
            }
        }
        return out;
    }

    private void collect(String prefix, List<String> out) {
        for (String child : inner.list(prefix)) {
            if (child.endsWith("/")) {
                collect(prefix + child, out);
            } else {
                out.add(prefix + child);
            }
        }
    }

    /** The key id a stored value needs, {@link KeyUsageIndex#UNWRAPPED}, or null when it needs no KMS key. */
    private String classify(String path, byte[] raw) {
        if (settings.storedKeyPaths().contains(path)) {
            try {
                MultiWrapValue b = MultiWrapValue.parseFrom(raw);
                if (b.slots().size() == 1 && b.slots().get(0).keyInfo() == null) {
                    return null;
                }
                return canonical(b.keyIds());
            } catch (DecryptionFailedException e) {
                return null; // damage is reported by the unseal, which names the entry
            }
        }
        if (looksWrapped(path, raw)) {
            try {
                return canonical(parseWrapped(path, raw).keyIds());
            } catch (DecryptionFailedException e) {
                return null;
            }
        }
        return wraps(path) ? KeyUsageIndex.UNWRAPPED : null;
    }

    private boolean looksWrapped(String path, byte[] raw) {
        return raw.length > 1 && (raw[0] == BLOB_FIRST_BYTE || MultiWrapValue.hasHeader(raw))
                && raw[raw.length - 1] == CANARY && !settings.storedKeyPaths().contains(path);
    }

    private static MultiWrapValue parseWrapped(String path, byte[] raw) {
        MultiWrapValue value = MultiWrapValue.parseFrom(Arrays.copyOf(raw, raw.length - 1));
        for (BlobInfo blob : value.slots()) {
            if (blob.keyInfo() == null || blob.keyInfo().mechanism() != KeyInfo.MECHANISM_ENVELOPE_AES_GCM) {
                // vault-compat: Vault CE's unwrapper text for a wrapped entry it cannot open
                throw new DecryptionFailedException("cannot decode sealwrapped storage entry " + path);
            }
        }
        return value;
    }

    private static byte[] withCanary(byte[] blob) {
        byte[] out = Arrays.copyOf(blob, blob.length + 1);
        out[blob.length] = CANARY;
        return out;
    }

    /** After a write: compares the seals' current keys (updated from KMS's Encrypt answers) with the last seen. */
    private void noticeKey() {
        String keyId = currentKeyId();
        String before = lastKeyId;
        lastKeyId = keyId;
        if (before != null && !before.equals(keyId)) {
            keyChangeListener.accept(keyId);
        }
    }

    private Object stripe(String key) {
        return stripes[Math.floorMod(key.hashCode(), STRIPES)];
    }
}
