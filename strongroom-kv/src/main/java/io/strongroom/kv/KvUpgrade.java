package io.strongroom.kv;

import io.strongroom.barrier.BarrierStorage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a KV v1 mount's data into KV v2 in place: each v1 entry {@code <key>} becomes version 1 of the v2 secret
 * {@code <key>} (created now, no metadata settings), and the v1 entry is then removed.
 *
 * <p>Crash-safe and idempotent: per key it writes the v2 record first and deletes the v1 entry second. Interrupted
 * at any write, a rerun finds either the v1 entry alone (and migrates it) or both (the record already holds it, so
 * it only deletes the v1 entry); finished keys are not touched again. It must run while the mount serves nothing.
 */
final class KvUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(KvUpgrade.class);

    private KvUpgrade() {
    }

    /** Whether the view still holds v1 entries (anything outside {@value KvStore#ROOT}). */
    static boolean pending(BarrierStorage view) {
        return view.list("").stream().anyMatch(k -> !k.equals(KvStore.ROOT));
    }

    /** Migrates every v1 entry; returns how many were migrated by this run. */
    static int run(BarrierStorage view, Clock clock) {
        int migrated = walk(view, clock, "");
        if (migrated > 0) {
            LOG.info("KV upgrade to version 2 moved {} entries", migrated);
        }
        return migrated;
    }

    private static int walk(BarrierStorage view, Clock clock, String prefix) {
        int count = 0;
        List<String> children = view.list(prefix);
        for (String child : children) {
            if (prefix.isEmpty() && child.equals(KvStore.ROOT)) {
                continue;
            }
            String path = prefix + child;
            if (child.endsWith("/")) {
                count += walk(view, clock, path);
            } else if (migrate(view, clock, path)) {
                count++;
            }
        }
        return count;
    }

    private static boolean migrate(BarrierStorage view, Clock clock, String key) {
        byte[] raw = view.get(key);
        if (raw == null) {
            return false;
        }
        String recordPath = KvStore.METADATA + key;
        if (view.get(recordPath) == null) {
            Map<String, Object> data = KvStore.decode(raw, key);
            VersionEntry first = new VersionEntry(clock.instant(), null, false, data);
            KeyRecord record = new KeyRecord(0, 0, 0, false, 0, null, null, null, new TreeMap<>())
                    .addVersion(first, 0);
            view.put(recordPath, KvStore.encodeRecord(record));
        }
        view.delete(key);
        return true;
    }
}
