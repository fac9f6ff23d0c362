package io.strongroom.barrier;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The barrier's keys: the root key and the data keys by term. The highest term is active. Immutable: rotation
 * builds a new keyring ({@link #withKey}) that the barrier swaps in atomically. Keyrings derived from one another
 * share key objects, so {@link #destroy()} on the newest wipes the bytes of all of them.
 *
 * <p>The persisted form is JSON, see {@link KeyringJson}.
 */
public final class Keyring {

    private final byte[] rootKey;
    private final NavigableMap<Integer, BarrierKey> keys;
    private final RotationConfig rotationConfig;

    private Keyring(byte[] rootKey, NavigableMap<Integer, BarrierKey> keys, RotationConfig rotationConfig) {
        this.rootKey = rootKey;
        this.keys = keys;
        this.rotationConfig = rotationConfig;
    }

    /**
     * Builds a keyring.
     *
     * @param rootKey 32 bytes; copied
     * @param keys at least one key, distinct terms
     */
    public static Keyring of(byte[] rootKey, Collection<BarrierKey> keys, RotationConfig rotationConfig) {
        if (rootKey == null || rootKey.length != 32) {
            throw new IllegalArgumentException("root key must be 32 bytes");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keyring needs at least one key");
        }
        TreeMap<Integer, BarrierKey> byTerm = new TreeMap<>();
        for (BarrierKey k : keys) {
            if (byTerm.put(k.term(), k) != null) {
                throw new IllegalArgumentException("duplicate term " + k.term());
            }
        }
        return new Keyring(rootKey.clone(), byTerm, Objects.requireNonNull(rotationConfig, "rotationConfig"));
    }

    /**
     * A new keyring with {@code key} added; it becomes active, so its term must be above the active term.
     * // vault-compat: Vault's Keyring.AddKey also refuses a term that is not new.
     */
    public Keyring withKey(BarrierKey key) {
        if (key.term() <= activeTerm()) {
            throw new IllegalArgumentException("new term " + key.term() + " is not above active term " + activeTerm());
        }
        TreeMap<Integer, BarrierKey> next = new TreeMap<>(keys);
        next.put(key.term(), key);
        return new Keyring(rootKey, next, rotationConfig);
    }

    /** A new keyring with {@code key} in place of the key of the same term (a final encryption count). */
    public Keyring withKeyReplaced(BarrierKey key) {
        if (!keys.containsKey(key.term())) {
            throw new IllegalArgumentException("no key of term " + key.term());
        }
        TreeMap<Integer, BarrierKey> next = new TreeMap<>(keys);
        next.put(key.term(), key);
        return new Keyring(rootKey, next, rotationConfig);
    }

    /** A new keyring with another root key (copied); the data keys are shared with this one. */
    public Keyring withRootKey(byte[] newRootKey) {
        if (newRootKey == null || newRootKey.length != 32) {
            throw new IllegalArgumentException("root key must be 32 bytes");
        }
        return new Keyring(newRootKey.clone(), keys, rotationConfig);
    }

    /** A new keyring with another automatic-rotation policy. */
    public Keyring withRotationConfig(RotationConfig config) {
        return new Keyring(rootKey, keys, Objects.requireNonNull(config, "config"));
    }

    /** The key for {@code term}, or {@code null} if the keyring has none. */
    public BarrierKey key(int term) {
        return keys.get(term);
    }

    public BarrierKey activeKey() {
        return keys.lastEntry().getValue();
    }

    public int activeTerm() {
        return keys.lastKey();
    }

    /** All keys in term order. */
    public List<BarrierKey> keys() {
        return List.copyOf(keys.values());
    }

    /** A copy of the root key. */
    public byte[] rootKey() {
        return rootKey.clone();
    }

    byte[] rawRootKey() {
        return rootKey;
    }

    public RotationConfig rotationConfig() {
        return rotationConfig;
    }

    /** Zeroes the root key and every data key. Best-effort: the JVM may have copied them (GC, JCE key specs). */
    void destroy() {
        Arrays.fill(rootKey, (byte) 0);
        for (Map.Entry<Integer, BarrierKey> e : keys.entrySet()) {
            e.getValue().destroy();
        }
    }

    @Override
    public String toString() {
        return "Keyring{activeTerm=" + activeTerm() + ", terms=" + keys.keySet() + "}"; // never key bytes
    }
}
