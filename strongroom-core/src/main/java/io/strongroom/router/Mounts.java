package io.strongroom.router;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.barrier.BarrierStorage;
import io.strongroom.barrier.BarrierView;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.StrongroomException;
import io.strongroom.logical.Backend;
import io.strongroom.seal.SealWrapPaths;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The mount table and the live backends behind it: which engine serves which path prefix.
 *
 * <p>Persisted behind the barrier at {@link #TABLE} as a JSON array of {@link MountEntry} (only the mounts an
 * operator enabled; the built-in {@code sys/} and {@code auth/token/} are added in code). Every change is one write
 * of the whole table, so a crash leaves either the old or the new table. Disabling a mount removes its row first and
 * its data after: a crash in between leaves unreachable data under a UUID nobody will reuse, never a mount without
 * its data.
 *
 * <p>Thread-safe: changes are serialized; {@link #route} reads an immutable snapshot swapped atomically, so
 * requests never wait on a mount change.
 */
public final class Mounts {

    /** Barrier path of the mount table (vault-compat: dataplane spec 4.3). */
    public static final String TABLE = "core/mounts";

    /** Prefixes no secrets engine may take. */
    private static final List<String> RESERVED = List.of("sys/", "auth/", "cubbyhole/", "identity/", "audit/");

    /** Builds a backend of one type for one mount, over the mount's own view. */
    @FunctionalInterface
    public interface BackendFactory {
        Backend create(MountEntry entry, BarrierStorage view);
    }

    /** A live mount: its row and the backend serving it. */
    public record Mounted(MountEntry entry, Backend backend) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BarrierStorage barrier;
    private final Map<String, BackendFactory> factories;
    private final List<Mounted> builtins;
    private final SecureRandom random;
    private final SealWrapPaths sealWrap;
    private final Object lock = new Object();
    private volatile TreeMap<String, Mounted> routes = new TreeMap<>();
    private List<MountEntry> table = List.of(); // guarded by lock

    /**
     * @param factories backend factories by type ({@code kv} ...)
     * @param builtins mounts that always exist and are not stored ({@code sys/}, {@code auth/token/})
     */
    public Mounts(BarrierStorage barrier, Map<String, BackendFactory> factories, List<Mounted> builtins,
            SecureRandom random) {
        this(barrier, factories, builtins, random, SealWrapPaths.NONE);
    }

    /**
     * @param sealWrap told the storage prefix of every {@code seal_wrap} mount before its backend is built (so even
     *     its first write is wrapped) and after it is disabled
     */
    public Mounts(BarrierStorage barrier, Map<String, BackendFactory> factories, List<Mounted> builtins,
            SecureRandom random, SealWrapPaths sealWrap) {
        this.sealWrap = java.util.Objects.requireNonNull(sealWrap, "sealWrap");
        this.barrier = barrier;
        this.factories = Map.copyOf(factories);
        this.builtins = List.copyOf(builtins);
        this.random = random;
    }

    /** Reads the table and builds every backend; called at unseal. */
    public void load() {
        synchronized (lock) {
            byte[] raw = barrier.get(TABLE);
            List<MountEntry> loaded;
            try {
                loaded = raw == null ? List.of() : JSON.readValue(raw, new TypeReference<List<MountEntry>>() {});
            } catch (IOException e) {
                throw new StrongroomException("the mount table at " + TABLE + " is not valid JSON", e);
            }
            publish(loaded);
        }
    }

    /** Forgets every backend; called at seal. */
    public void clear() {
        synchronized (lock) {
            table.stream().filter(MountEntry::sealWrap).forEach(e -> sealWrap.removePrefix(e.viewPrefix()));
            table = List.of();
            routes = new TreeMap<>();
        }
    }

    /**
     * The mount serving {@code path}: the longest mount point that is a prefix of it (a path equal to a mount point
     * without its slash, {@code secret}, is served by {@code secret/}).
     */
    public Optional<Mounted> route(String path) {
        TreeMap<String, Mounted> r = routes;
        String p = path.endsWith("/") ? path : path + "/";
        Map.Entry<String, Mounted> e = r.floorEntry(p);
        while (e != null) {
            if (p.startsWith(e.getKey())) {
                return Optional.of(e.getValue());
            }
            e = r.lowerEntry(e.getKey());
        }
        return Optional.empty();
    }

    /** Every mount, stored and built-in, sorted by path. */
    public List<MountEntry> list() {
        return routes.values().stream().map(Mounted::entry).toList();
    }

    /** The mount at exactly {@code path} (normalized). */
    public Optional<MountEntry> get(String path) {
        return Optional.ofNullable(routes.get(normalize(path))).map(Mounted::entry);
    }

    /**
     * Enables a secrets engine.
     *
     * @throws InvalidRequestException for an unknown type, a reserved path or bad options
     * @throws MountConflictException when the path overlaps an existing mount (409)
     */
    public MountEntry enable(String path, String type, String description, Map<String, String> options,
            long defaultTtl, long maxTtl) {
        return enable(path, type, description, options, defaultTtl, maxTtl, false);
    }

    /**
     * Enables a secrets engine.
     *
     * @param sealWrap every entry of the mount is seal-wrapped (vault-compat: {@code seal_wrap}, fixed at mount time)
     * @throws InvalidRequestException for an unknown type, a reserved path or bad options
     * @throws MountConflictException when the path overlaps an existing mount (409)
     */
    public MountEntry enable(String path, String type, String description, Map<String, String> options,
            long defaultTtl, long maxTtl, boolean sealWrap) {
        String p = normalize(path);
        if (p.equals("/")) {
            throw new InvalidRequestException("missing mount path");
        }
        for (String reserved : RESERVED) {
            if (p.startsWith(reserved) || reserved.startsWith(p)) {
                throw new InvalidRequestException("cannot mount \"" + p + "\": \"" + reserved + "\" is reserved");
            }
        }
        if (!factories.containsKey(type)) {
            throw new InvalidRequestException("plugin not found in the catalog: " + type);
        }
        if (defaultTtl > 0 && maxTtl > 0 && defaultTtl > maxTtl) {
            throw new InvalidRequestException("given default lease TTL greater than given max lease TTL");
        }
        synchronized (lock) {
            for (Mounted m : routes.values()) {
                String existing = m.entry().path();
                if (existing.startsWith(p) || p.startsWith(existing)) {
                    throw new MountConflictException("path is already in use at " + existing);
                }
            }
            MountEntry entry = new MountEntry(p, type, description, UUID.randomUUID().toString(),
                    type + "_" + HexFormat.of().formatHex(randomBytes(4)), options, defaultTtl, maxTtl, false, false,
                    sealWrap);
            List<MountEntry> next = new ArrayList<>(table);
            next.add(entry);
            registerSealWrap(entry);
            Backend backend = build(entry); // before the write: a type that cannot start is never stored
            persist(next);
            table = List.copyOf(next);
            TreeMap<String, Mounted> r = new TreeMap<>(routes);
            r.put(p, new Mounted(entry, backend));
            routes = r;
            return entry;
        }
    }

    /** Disables a mount and deletes its data; nothing mounted there is not an error (vault-compat). */
    public void disable(String path) {
        String p = normalize(path);
        synchronized (lock) {
            Optional<MountEntry> entry = table.stream().filter(e -> e.path().equals(p)).findFirst();
            if (entry.isEmpty()) {
                if (builtins.stream().anyMatch(b -> b.entry().path().equals(p))) {
                    throw new InvalidRequestException("cannot unmount \"" + p + "\"");
                }
                return;
            }
            List<MountEntry> next = new ArrayList<>(table);
            next.remove(entry.get());
            persist(next);
            table = List.copyOf(next);
            TreeMap<String, Mounted> r = new TreeMap<>(routes);
            r.remove(p);
            routes = r;
            deleteAll(new BarrierView(barrier, entry.get().viewPrefix()), "");
            if (entry.get().sealWrap()) {
                sealWrap.removePrefix(entry.get().viewPrefix());
            }
        }
    }

    /**
     * Replaces a mount's row (tune): the backend is rebuilt over the same view.
     *
     * @throws InvalidRequestException when nothing is mounted there
     */
    public MountEntry replace(MountEntry updated) {
        synchronized (lock) {
            List<MountEntry> next = new ArrayList<>();
            boolean found = false;
            for (MountEntry e : table) {
                if (e.path().equals(updated.path())) {
                    next.add(updated);
                    found = true;
                } else {
                    next.add(e);
                }
            }
            if (!found) {
                throw new InvalidRequestException("cannot tune \"" + updated.path() + "\": no mount there");
            }
            // The row first, then the backend: building may convert data in place (KV v1 to v2), and a crash
            // after the conversion must not leave a row that still names the old format.
            persist(next);
            table = List.copyOf(next);
            Backend backend = build(updated);
            TreeMap<String, Mounted> r = new TreeMap<>(routes);
            r.put(updated.path(), new Mounted(updated, backend));
            routes = r;
            return updated;
        }
    }

    /** The storage view of a mount (for engine upgrades that rewrite data in place). */
    public BarrierStorage view(MountEntry entry) {
        return new BarrierView(barrier, entry.viewPrefix());
    }

    /** vault-compat: leading {@code /} removed, trailing {@code /} added (dataplane spec 4.2). */
    public static String normalize(String path) {
        String p = path == null ? "" : path.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.endsWith("/") ? p : p + "/";
    }

    private void publish(List<MountEntry> entries) {
        TreeMap<String, Mounted> r = new TreeMap<>();
        for (Mounted b : builtins) {
            r.put(b.entry().path(), b);
        }
        for (MountEntry e : entries) {
            registerSealWrap(e);
            r.put(e.path(), new Mounted(e, build(e)));
        }
        table = List.copyOf(entries);
        routes = r;
    }

    private void registerSealWrap(MountEntry entry) {
        if (entry.sealWrap()) {
            sealWrap.addPrefix(entry.viewPrefix());
        }
    }

    private Backend build(MountEntry entry) {
        BackendFactory f = factories.get(entry.type());
        if (f == null) {
            throw new StrongroomException("no engine of type \"" + entry.type() + "\" for the mount at " + entry.path());
        }
        return f.create(entry, new BarrierView(barrier, entry.viewPrefix()));
    }

    private void persist(List<MountEntry> entries) {
        try {
            barrier.put(TABLE, JSON.writeValueAsBytes(entries));
        } catch (IOException e) {
            throw new StrongroomException("cannot encode the mount table", e);
        }
    }

    private static void deleteAll(BarrierStorage view, String prefix) {
        for (String child : view.list(prefix)) {
            if (child.endsWith("/")) {
                deleteAll(view, prefix + child);
            } else {
                view.delete(prefix + child);
            }
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Unmodifiable for callers that want the raw rows. */
    List<MountEntry> storedEntries() {
        synchronized (lock) {
            return Collections.unmodifiableList(table);
        }
    }
}
