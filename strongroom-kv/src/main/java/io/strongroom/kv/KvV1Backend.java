package io.strongroom.kv;

import io.strongroom.barrier.BarrierStorage;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Backend;
import io.strongroom.logical.OperationUnsupportedException;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KV version 1: the secret at {@code <mount>/<key>} is the request's JSON object, stored as JSON at {@code <key>}
 * in the mount's view (vault-compat: dataplane spec 5.1). No versions, no metadata.
 *
 * <p>The folder {@value KvStore#ROOT} is reserved for the layout a version 2 upgrade writes into the same view,
 * so it is neither written, read nor listed here (Vault keeps v2 data under a random folder name instead).
 */
final class KvV1Backend implements Backend {

    private final BarrierStorage view;
    private final long defaultLeaseTtlSeconds;

    KvV1Backend(BarrierStorage view, long defaultLeaseTtlSeconds) {
        this.view = view;
        this.defaultLeaseTtlSeconds = defaultLeaseTtlSeconds;
    }

    @Override
    public String type() {
        return KvBackend.TYPE;
    }

    @Override
    public Response handle(Request request) {
        String key = request.relativePath();
        return switch (request.operation()) {
            case READ -> read(key);
            case LIST -> list(key);
            case CREATE, UPDATE -> write(key, request.data());
            case DELETE -> delete(key);
            case PATCH -> throw new OperationUnsupportedException();
        };
    }

    @Override
    public Optional<Boolean> exists(Request request) {
        String key = request.relativePath();
        return Optional.of(!key.isEmpty() && !reserved(key) && view.get(key) != null);
    }

    private Response read(String key) {
        if (key.isEmpty() || reserved(key)) {
            return null;
        }
        byte[] raw = view.get(key);
        if (raw == null) {
            return null;
        }
        Map<String, Object> data = KvStore.decode(raw, key);
        // vault-compat: lease_duration is the mount's default TTL, or the secret's own "ttl" (else "lease") when it
        // parses as a duration (dataplane spec 5.1; passthrough handleRead).
        long ttl = defaultLeaseTtlSeconds;
        Object ttlRaw = data.containsKey("ttl") ? data.get("ttl") : data.get("lease");
        if (ttlRaw != null) {
            Long parsed = Params.toLong(ttlRaw);
            if (parsed == null && ttlRaw instanceof String s) {
                parsed = Params.parseGoDurationSeconds(s.trim());
            }
            if (parsed != null) {
                ttl = parsed;
            }
        }
        return Response.of(data).withLease(ttl, false);
    }

    private Response list(String prefix) {
        if (reserved(prefix)) {
            return null;
        }
        List<String> keys = view.list(prefix);
        if (prefix.isEmpty()) {
            keys = keys.stream().filter(k -> !k.equals(KvStore.ROOT)).toList();
        }
        return Response.list(keys);
    }

    private Response write(String key, Map<String, Object> data) {
        if (key.isEmpty()) {
            throw new InvalidRequestException("missing path");
        }
        if (data.isEmpty()) {
            throw new InvalidRequestException("missing data fields");
        }
        if (reserved(key)) {
            throw new InvalidRequestException("the path " + KvStore.ROOT
                    + " is reserved for KV version 2 data on this mount");
        }
        view.put(key, KvStore.encode(data));
        return null;
    }

    private Response delete(String key) {
        if (!key.isEmpty() && !reserved(key)) {
            view.delete(key);
        }
        return null;
    }

    private static boolean reserved(String key) {
        return key.startsWith(KvStore.ROOT) || key.equals(KvStore.ROOT.substring(0, KvStore.ROOT.length() - 1));
    }
}
