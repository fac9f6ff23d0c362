package io.strongroom.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Volatile storage in a sorted concurrent map, for tests and {@code storage "inmem"}. Values are copied on the
 * way in and out, so callers cannot alter stored bytes; a put replaces the map entry atomically.
 */
public final class InmemStorage implements Storage {

    private final ConcurrentSkipListMap<String, byte[]> entries = new ConcurrentSkipListMap<>();

    @Override
    public byte[] get(String key) {
        byte[] value = entries.get(StorageKeys.requireValidKey(key));
        return value == null ? null : value.clone();
    }

    @Override
    public void put(String key, byte[] value) {
        StorageKeys.requireValidKey(key);
        Objects.requireNonNull(value, "value");
        entries.put(key, value.clone());
    }

    @Override
    public void delete(String key) {
        entries.remove(StorageKeys.requireValidKey(key));
    }

    @Override
    public List<String> list(String prefix) {
        String folder = StorageKeys.normalizePrefix(prefix);
        // Keys under the folder form one contiguous run of the sorted map, starting at the folder itself.
        ConcurrentNavigableMap<String, byte[]> range = entries.tailMap(folder, true);
        List<String> children = new ArrayList<>();
        String last = null;
        for (Map.Entry<String, byte[]> e : range.entrySet()) {
            if (!e.getKey().startsWith(folder)) {
                break;
            }
            String rest = e.getKey().substring(folder.length());
            int slash = rest.indexOf('/');
            String child = slash < 0 ? rest : rest.substring(0, slash + 1);
            if (!child.equals(last)) {
                children.add(child);
                last = child;
            }
        }
        // The map order already groups keys, but "a/" (folder) and "a-b" (value) interleave differently from a
        // plain sort of the child names, so sort and de-duplicate the (small) result once more.
        return children.stream().distinct().sorted().toList();
    }

    @Override
    public String type() {
        return "inmem";
    }
}
