package io.strongroom.kv;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON Merge Patch (RFC 7386) over plain Java JSON values ({@code Map}, {@code List}, scalars, {@code null}). */
final class MergePatch {

    private MergePatch() {
    }

    /**
     * Applies {@code patch} to {@code target} without modifying either: an object patch merges key by key, a
     * {@code null} member removes the key, nested objects merge recursively, anything else replaces the target.
     */
    @SuppressWarnings("unchecked")
    static Object apply(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> patchMap)) {
            return patch;
        }
        Map<String, Object> result = target instanceof Map<?, ?> t
                ? new LinkedHashMap<>((Map<String, Object>) t) : new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : patchMap.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (e.getValue() == null) {
                result.remove(key);
            } else {
                result.put(key, apply(result.get(key), e.getValue()));
            }
        }
        return result;
    }
}
