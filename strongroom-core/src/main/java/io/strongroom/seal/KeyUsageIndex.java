package io.strongroom.seal;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which KMS key each KMS-protected storage entry needs: stored-key blobs and seal-wrapped values, by path. Kept up
 * to date by {@link SealWrapStorage} on every put and delete, so {@link #snapshot()} counts without reading
 * storage. Built once per process by a scan (no KMS calls: the key id is read from each blob's key info) the first
 * time it is needed; {@link SealWrapStorage#verifyIndex()} rebuilds it from a fresh scan and reports differences.
 *
 * <p>A path whose value should be seal-wrapped but is stored without the layer (written before the upgrade, or
 * with {@code disable_sealwrap}) is tracked as {@link #UNWRAPPED}: it needs no key, but the store is not fully
 * wrapped until a rewrap wraps it. Thread-safe: every method is synchronized (the counts are small maps).
 */
final class KeyUsageIndex {

    /** Marker for "should be wrapped and is not". Never a key id: KMS key ids are ARNs or UUIDs. */
    static final String UNWRAPPED = "";

    private final Map<String, String> byPath = new HashMap<>();
    private boolean built;

    /** Usage counts: key id to the number of entries that need it; {@code unwrapped} entries apart; {@code total} entries under some key. */
    record Snapshot(Map<String, Integer> byKey, int unwrapped, int total) {}

    synchronized boolean isBuilt() {
        return built;
    }

    /** Replaces the whole index (after a scan); returns how many paths differed from what it held. */
    synchronized int replaceAll(Map<String, String> scanned) {
        int mismatches = 0;
        if (built) {
            for (Map.Entry<String, String> e : scanned.entrySet()) {
                if (!e.getValue().equals(byPath.get(e.getKey()))) {
                    mismatches++;
                }
            }
            for (String p : byPath.keySet()) {
                if (!scanned.containsKey(p)) {
                    mismatches++;
                }
            }
        }
        byPath.clear();
        byPath.putAll(scanned);
        built = true;
        return mismatches;
    }

    /** Records what {@code path} holds now: a key id, {@link #UNWRAPPED}, or null for "needs no KMS key". */
    synchronized void update(String path, String keyId) {
        if (!built) {
            return; // the first scan will see this write
        }
        if (keyId == null) {
            byPath.remove(path);
        } else {
            byPath.put(path, keyId);
        }
    }

    synchronized Snapshot snapshot() {
        Map<String, Integer> counts = new TreeMap<>();
        int unwrapped = 0;
        for (String k : byPath.values()) {
            if (k.equals(UNWRAPPED)) {
                unwrapped++;
            } else {
                for (String one : k.split(",")) { // a multi-wrapped entry counts once for each key that wraps it
                    counts.merge(one, 1, Integer::sum);
                }
            }
        }
        return new Snapshot(counts, unwrapped, byPath.size() - unwrapped);
    }

    /** Paths whose entry needs work to be under {@code currentKeyId} (another key, or unwrapped). */
    synchronized java.util.List<String> stale(String currentKeyId) {
        return byPath.entrySet().stream().filter(e -> !e.getValue().equals(currentKeyId)).map(Map.Entry::getKey)
                .sorted().toList();
    }
}
