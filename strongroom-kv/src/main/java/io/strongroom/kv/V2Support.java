package io.strongroom.kv;

import io.strongroom.base.InvalidRequestException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Rules shared by the KV v2 handlers: check-and-set, version deletion deadlines, and the version metadata view. */
final class V2Support {

    static final String CAS_MISMATCH = "check-and-set parameter did not match the current version";
    static final String CAS_REQUIRED = "check-and-set parameter required for this call";
    static final String CAS_UNPARSABLE = "error parsing check-and-set parameter";
    static final String CAS_FALSE_WARNING =
            "\"cas_required\" set to false, but is mandated by backend config. This value will be ignored.";

    private V2Support() {
    }

    /**
     * vault-compat: check-and-set (dataplane spec 5.3). {@code options.cas}, when present, must equal the key's
     * current version (0: the key must not have any version yet); when absent, the mount's or the key's
     * {@code cas_required} refuses the write.
     */
    static void checkCas(Map<String, Object> options, KvConfig config, KeyRecord record) {
        if (options != null && options.containsKey("cas")) {
            long cas = weakInt(options.get("cas"));
            // Vault compares uint64(cas): a negative cas never matches.
            if (cas < 0 || cas != record.currentVersion()) {
                throw new InvalidRequestException(CAS_MISMATCH);
            }
        } else if (config.casRequired() || record.casRequired()) {
            throw new InvalidRequestException(CAS_REQUIRED);
        }
    }

    /** Go's weak decoding of a value into an int (mapstructure.WeakDecode). */
    private static long weakInt(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof BigDecimal || v instanceof Double || v instanceof Float) {
            return new BigDecimal(v.toString()).longValue();
        }
        if (v instanceof BigInteger bi) {
            if (bi.bitLength() >= 64) {
                throw new InvalidRequestException(CAS_UNPARSABLE);
            }
            return bi.longValue();
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            if (s.isEmpty()) {
                return 0;
            }
            Long parsed = Params.toLong(s);
            if (parsed != null) {
                return parsed;
            }
        }
        throw new InvalidRequestException(CAS_UNPARSABLE);
    }

    /**
     * vault-compat: the deletion deadline of a version written (or undeleted) at {@code now}: {@code now} plus the
     * smaller non-zero {@code delete_version_after} of the mount and the key, none when both are unset or the mount
     * disables it (dataplane spec 5.3).
     */
    static Instant deletionTime(Instant now, KvConfig config, KeyRecord record) {
        if (config.deleteVersionAfterDisabled()) {
            return null;
        }
        long mount = config.deleteVersionAfterSeconds();
        long key = record.deleteVersionAfterSeconds();
        if (mount == 0 && key == 0) {
            return null;
        }
        long min = key;
        if ((mount != 0 && mount < min) || min == 0) {
            min = mount;
        }
        return now.plusSeconds(min);
    }

    /** The metadata of one version as data reads and writes show it (keys sorted, as Go's encoder does). */
    static Map<String, Object> versionMetadata(long version, VersionEntry v, Map<String, String> customMetadata) {
        Map<String, Object> m = new TreeMap<>();
        m.put("created_time", GoFormat.time(v.createdTime()));
        m.put("custom_metadata", customMetadata == null ? null : new TreeMap<>(customMetadata));
        m.put("deletion_time", GoFormat.time(v.deletionTime()));
        m.put("destroyed", v.destroyed());
        m.put("version", version);
        return m;
    }

    /** {@code {"data": <data or null>, "metadata": {...}}}, the body of a data or subkeys read. */
    static Map<String, Object> readBody(String dataField, Object data, long version, VersionEntry v,
            Map<String, String> customMetadata) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(dataField, data);
        body.put("metadata", versionMetadata(version, v, customMetadata));
        return body;
    }

    /** A key that has never been written: metadata stamped on the first version. */
    static KeyRecord newKey() {
        return new KeyRecord(0, 0, 0, false, 0, null, null, null, new TreeMap<>());
    }
}
