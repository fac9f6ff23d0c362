package io.strongroom.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.barrier.BarrierStorage;
import io.strongroom.barrier.BarrierView;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.StorageCorruptedException;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.router.RequestPipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enabled audit devices: the audit table ({@code core/audit} behind the barrier), each device's salt
 * ({@code audit/<uuid>/salt}), and the fail-closed fan-out of every entry (vault-compat: dataplane spec 6). Loaded
 * after unseal, cleared (devices closed) before seal.
 */
public final class AuditBroker implements RequestPipeline.Audit {

    private static final Logger LOG = LoggerFactory.getLogger(AuditBroker.class);
    public static final String TABLE = "core/audit";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row of the audit table as stored. */
    public record Entry(String path, String type, String description, Map<String, String> options, boolean local,
            String uuid) {}

    private record Enabled(Entry entry, Device device, Hasher hasher, EntryFormatter formatter) {}

    private final BarrierStorage barrier;
    private volatile Map<String, Enabled> table = Map.of();

    public AuditBroker(BarrierStorage barrier) {
        this.barrier = barrier;
    }

    /** Reads the table and opens every device; a device that cannot be opened is logged and left out. */
    public synchronized void load() {
        clear();
        byte[] raw = barrier.get(TABLE);
        List<Entry> entries;
        try {
            entries = raw == null ? List.of() : JSON.readValue(raw, new TypeReference<List<Entry>>() {});
        } catch (IOException e) {
            throw new StorageCorruptedException(TABLE, "audit table unreadable", e);
        }
        Map<String, Enabled> next = new LinkedHashMap<>();
        for (Entry e : entries) {
            try {
                next.put(e.path(), open(e));
            } catch (RuntimeException ex) {
                LOG.error("audit device {} could not be opened: {}", e.path(), ex.getMessage());
            }
        }
        table = Map.copyOf(next);
    }

    /** Closes every device and forgets them (before seal). */
    public synchronized void clear() {
        for (Enabled e : table.values()) {
            e.device().close();
        }
        table = Map.of();
    }

    /** SIGHUP: every file device closes and opens its file again. */
    public void reopen() {
        for (Enabled e : table.values()) {
            try {
                e.device().reopen();
            } catch (IOException ex) {
                LOG.error("audit device {} could not be reopened: {}", e.entry().path(), ex.getMessage());
            }
        }
    }

    /**
     * @throws InvalidRequestException when the path is in use, the type unknown or the options bad
     */
    public synchronized void enable(String path, String type, String description, Map<String, String> options,
            boolean local) {
        String p = normalize(path);
        if (table.containsKey(p)) {
            throw new InvalidRequestException("path already in use");
        }
        Entry entry = new Entry(p, type, description == null ? "" : description, Map.copyOf(options), local,
                UUID.randomUUID().toString());
        Enabled enabled = open(entry);
        Map<String, Enabled> next = new LinkedHashMap<>(table);
        next.put(p, enabled);
        try {
            persist(next);
        } catch (RuntimeException e) {
            enabled.device().close();
            view(entry).delete("salt");
            throw e;
        }
        table = Map.copyOf(next);
        LOG.info("enabled audit device {} (type {})", p, type);
    }

    /** Removes the device and its salt; nothing there is fine. */
    public synchronized void disable(String path) {
        String p = normalize(path);
        Enabled e = table.get(p);
        if (e == null) {
            return;
        }
        Map<String, Enabled> next = new LinkedHashMap<>(table);
        next.remove(p);
        persist(next);
        table = Map.copyOf(next);
        e.device().close();
        view(e.entry()).delete("salt");
        LOG.info("disabled audit device {}", p);
    }

    /** The {@code sys/audit} listing, by path. */
    public Map<String, Object> list() {
        Map<String, Object> out = new TreeMap<>();
        for (Enabled e : table.values()) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("path", e.entry().path());
            info.put("type", e.entry().type());
            info.put("description", e.entry().description());
            info.put("options", e.entry().options());
            info.put("local", e.entry().local());
            out.put(e.entry().path(), info);
        }
        return out;
    }

    /**
     * {@code sys/audit-hash/:path}.
     *
     * @throws InvalidRequestException for an unknown device
     */
    public String hash(String path, String input) {
        Enabled e = table.get(normalize(path));
        if (e == null) {
            throw new InvalidRequestException("unknown audit backend \"" + path + "\"");
        }
        return e.hasher().hash(input);
    }

    public boolean isEmpty() {
        return table.isEmpty();
    }

    private final java.util.concurrent.atomic.AtomicLong requestFailures = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong responseFailures = new java.util.concurrent.atomic.AtomicLong();

    /** Request entries that no device could write (each refused its request), since start. */
    public long requestFailures() {
        return requestFailures.get();
    }

    /** Response entries that no device could write, since start. */
    public long responseFailures() {
        return responseFailures.get();
    }

    @Override
    public void request(Request request, String token, String mountType, RuntimeException refusal) {
        log("request", f -> f.format(false, request, token, mountType, null, refusal));
    }

    @Override
    public void response(Request request, String token, String mountType, Response response,
            RuntimeException error) {
        log("response", f -> f.format(true, request, token, mountType, response, error));
    }

    private void log(String what, java.util.function.Function<EntryFormatter, String> entry) {
        Map<String, Enabled> devices = table;
        if (devices.isEmpty()) {
            return;
        }
        int written = 0;
        for (Enabled e : devices.values()) {
            try {
                e.device().write(entry.apply(e.formatter()));
                written++;
            } catch (IOException | RuntimeException ex) {
                LOG.error("audit device {} could not write the {} entry: {}: {}", e.entry().path(), what,
                        ex.getClass().getSimpleName(), ex.getMessage());
            }
        }
        if (written == 0) {
            (what.equals("request") ? requestFailures : responseFailures).incrementAndGet();
            String message = "no audit backend succeeded in logging the " + what;
            LOG.error("{}: the request is refused (500)", message);
            throw new AuditFailedException(message);
        }
    }

    private Enabled open(Entry e) {
        if (!e.type().equals("file") && !e.type().equals("socket")) {
            throw new InvalidRequestException("unknown backend type: \"" + e.type() + "\"");
        }
        new EntryFormatter(new Hasher("options check"), e.options()); // bad options refused before anything is stored
        Device device = e.type().equals("file") ? FileDevice.open(e.options()) : SocketDevice.open(e.options());
        try {
            Hasher hasher = new Hasher(salt(e));
            return new Enabled(e, device, hasher, new EntryFormatter(hasher, e.options()));
        } catch (RuntimeException ex) {
            device.close();
            throw ex;
        }
    }

    private String salt(Entry e) {
        BarrierView view = view(e);
        byte[] salt = view.get("salt");
        if (salt == null) {
            salt = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
            view.put("salt", salt);
        }
        return new String(salt, StandardCharsets.UTF_8);
    }

    private BarrierView view(Entry e) {
        return new BarrierView(barrier, "audit/" + e.uuid() + "/");
    }

    private void persist(Map<String, Enabled> next) {
        try {
            barrier.put(TABLE, JSON.writeValueAsBytes(next.values().stream().map(Enabled::entry).toList()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("audit table not serializable", ex);
        }
    }

    static String normalize(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.endsWith("/") ? p : p + "/";
    }
}
