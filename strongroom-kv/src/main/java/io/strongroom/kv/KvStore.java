package io.strongroom.kv;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.barrier.BarrierStorage;
import io.strongroom.base.StorageCorruptedException;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * KV v2's storage inside its mount's view. All of it lives below the folder {@value #ROOT}, which a KV v1 mount
 * refuses to write (so that a v1 mount's keys and the v2 layout can share one view during the upgrade).
 *
 * <h2>Layout (JSON documents, UTF-8)</h2>
 * <ul>
 *   <li>{@code .kv2/config}: {@code {"max_versions":0,"cas_required":false,"delete_version_after_seconds":0}}
 *       ({@code -1} = disabled); absent means all defaults.</li>
 *   <li>{@code .kv2/metadata/<key>}: one <em>key record</em> per secret, holding its metadata and every retained
 *       version with its data:
 *       <pre>{"format":1,"current_version":3,"oldest_version":0,"max_versions":0,"cas_required":false,
 * "delete_version_after_seconds":0,"custom_metadata":null|{"k":"v"},
 * "created_time":"2024-01-02T03:04:05.123456789Z","updated_time":"...",
 * "versions":{"3":{"created_time":"...","deletion_time":null|"...","destroyed":false,"data":{...}|null}}}</pre>
 *       Times are ISO-8601 instants ({@link Instant#toString()}); a destroyed version keeps its metadata and has
 *       {@code "data":null}. The key path is stored as the storage path itself, so a metadata LIST is one storage
 *       list of the folder.</li>
 * </ul>
 *
 * <h2>Why one document per key</h2>
 * Every operation on a key (write, patch, delete, undelete, destroy, metadata write, metadata delete) is then
 * exactly one storage put or delete, which the storage contract makes atomic: a crash leaves the old state or the
 * new one, never a version without metadata or metadata pointing at missing data, and nothing to clean up later
 * (Vault's split version/metadata entries need ordering and a cleanup pass). A write costs one get and one put.
 * The price: a record holds up to {@code max_versions} copies of the secret (10 by default), so its size is
 * bounded by that times the largest version, and a read decrypts the whole record.
 *
 * <p>Thread-safety: reads take no lock (a get sees a whole record); every read-modify-write of a key runs under
 * one of {@value #STRIPES} striped locks chosen by the key path, so concurrent writes to one key are serialized
 * and never lose a version.
 */
final class KvStore {

    /** The folder of the v2 layout inside the mount's view. */
    static final String ROOT = ".kv2/";
    static final String CONFIG = ROOT + "config";
    static final String METADATA = ROOT + "metadata/";
    private static final int FORMAT = 1;
    private static final int STRIPES = 256;

    private static final ObjectMapper JSON = newMapper();

    private final BarrierStorage view;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final ReentrantLock configLock = new ReentrantLock();
    private final AtomicReference<KvConfig> config = new AtomicReference<>();

    KvStore(BarrierStorage view) {
        this.view = view;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    private static ObjectMapper newMapper() {
        // Secrets may be as large as a request body (32 MiB) and nested as deep as the HTTP parser allows; the
        // record wraps them a few levels deeper, so lift Jackson's default limits rather than fail on read-back.
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(2_000).maxNumberLength(100_000).build())
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(2_000).build())
                .build();
        return new ObjectMapper(factory).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** Runs {@code action} holding the lock of {@code key}. */
    <T> T locked(String key, Supplier<T> action) {
        ReentrantLock lock = locks[Math.floorMod(key.hashCode(), STRIPES)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- config

    KvConfig config() {
        KvConfig c = config.get();
        if (c == null) {
            byte[] raw = view.get(CONFIG);
            c = raw == null ? KvConfig.DEFAULT : decodeConfig(raw);
            config.compareAndSet(null, c);
        }
        return c;
    }

    /** Read-modify-write of the mount config under its own lock. */
    void updateConfig(java.util.function.UnaryOperator<KvConfig> change) {
        configLock.lock();
        try {
            config.set(null);
            KvConfig next = change.apply(config());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("max_versions", next.maxVersions());
            doc.put("cas_required", next.casRequired());
            doc.put("delete_version_after_seconds", next.deleteVersionAfterSeconds());
            view.put(CONFIG, encode(doc));
            config.set(next);
        } finally {
            configLock.unlock();
        }
    }

    private static KvConfig decodeConfig(byte[] raw) {
        Map<String, Object> doc = decode(raw, CONFIG);
        return new KvConfig(num(doc.get("max_versions")), Boolean.TRUE.equals(doc.get("cas_required")),
                num(doc.get("delete_version_after_seconds")));
    }

    // ---------------------------------------------------------------- key records

    /** The record of {@code key}, or null if the key does not exist. */
    KeyRecord get(String key) {
        if (key.isEmpty() || key.endsWith("/")) {
            return null;
        }
        byte[] raw = view.get(METADATA + key);
        return raw == null ? null : decodeRecord(raw, key);
    }

    void put(String key, KeyRecord record) {
        view.put(METADATA + key, encodeRecord(record));
    }

    void delete(String key) {
        view.delete(METADATA + key);
    }

    /** The direct children of a folder of keys ({@code ""} for the root), folders ending in {@code /}. */
    List<String> list(String prefix) {
        return view.list(METADATA + prefix);
    }

    static byte[] encodeRecord(KeyRecord r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("current_version", r.currentVersion());
        doc.put("oldest_version", r.oldestVersion());
        doc.put("max_versions", r.maxVersions());
        doc.put("cas_required", r.casRequired());
        doc.put("delete_version_after_seconds", r.deleteVersionAfterSeconds());
        doc.put("custom_metadata", r.customMetadata());
        doc.put("created_time", instant(r.createdTime()));
        doc.put("updated_time", instant(r.updatedTime()));
        Map<String, Object> versions = new LinkedHashMap<>();
        r.versions().forEach((n, v) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("created_time", instant(v.createdTime()));
            e.put("deletion_time", instant(v.deletionTime()));
            e.put("destroyed", v.destroyed());
            e.put("data", v.data());
            versions.put(Long.toString(n), e);
        });
        doc.put("versions", versions);
        return encode(doc);
    }

    @SuppressWarnings("unchecked")
    static KeyRecord decodeRecord(byte[] raw, String key) {
        Map<String, Object> doc = decode(raw, METADATA + key);
        if (num(doc.get("format")) != FORMAT) {
            throw new StorageCorruptedException(METADATA + key, "unknown KV record format", null);
        }
        try {
            return toRecord(doc);
        } catch (RuntimeException e) {
            // No cause kept: a parser or cast message could quote secret data.
            throw new StorageCorruptedException(METADATA + key, "malformed KV record", null);
        }
    }

    @SuppressWarnings("unchecked")
    private static KeyRecord toRecord(Map<String, Object> doc) {
        TreeMap<Long, VersionEntry> versions = new TreeMap<>();
        Map<String, Object> rawVersions = (Map<String, Object>) doc.getOrDefault("versions", Map.of());
        rawVersions.forEach((n, v) -> {
            Map<String, Object> e = (Map<String, Object>) v;
            versions.put(Long.parseLong(n), new VersionEntry(time(e.get("created_time")),
                    time(e.get("deletion_time")), Boolean.TRUE.equals(e.get("destroyed")),
                    (Map<String, Object>) e.get("data")));
        });
        return new KeyRecord(num(doc.get("current_version")), num(doc.get("oldest_version")),
                num(doc.get("max_versions")), Boolean.TRUE.equals(doc.get("cas_required")),
                num(doc.get("delete_version_after_seconds")), (Map<String, String>) doc.get("custom_metadata"),
                time(doc.get("created_time")), time(doc.get("updated_time")), versions);
    }

    static byte[] encode(Object doc) {
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (IOException e) {
            // Never include the document: it holds secrets.
            throw new io.strongroom.base.StrongroomException("could not encode a KV document", e);
        }
    }

    static Map<String, Object> decode(byte[] raw, String where) {
        try {
            return JSON.readValue(raw, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException | RuntimeException e) {
            // No cause kept: Jackson's messages quote the input, which holds secrets.
            throw new StorageCorruptedException(where, "not a readable KV document", null);
        }
    }

    private static String instant(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Instant time(Object s) {
        return s == null ? null : Instant.parse((String) s);
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
