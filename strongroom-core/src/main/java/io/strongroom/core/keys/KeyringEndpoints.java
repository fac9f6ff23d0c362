package io.strongroom.core.keys;

import io.strongroom.barrier.KeyringAdmin;
import io.strongroom.barrier.RotationConfig;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.core.lifecycle.KeyAdmin;
import io.strongroom.logical.GoDurations;
import io.strongroom.logical.OperationUnsupportedException;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.logical.UnsupportedPathException;
import io.strongroom.router.SysPaths;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The token-authenticated key endpoints below {@code sys/} (vault-compat: vault-seal-spec 4.4 and 3.11):
 *
 * <ul>
 *   <li>{@code POST sys/rotate} (and OpenBao's {@code sys/rotate/keyring}), sudo: a new keyring term, 204;
 *   <li>{@code GET sys/key-status}: {@code {"term","install_time","encryptions"}};
 *   <li>{@code GET|POST sys/rotate/config} (and {@code sys/rotate/keyring/config}), sudo:
 *       {@code {"max_operations","interval","enabled"}};
 *   <li>{@code POST sys/rotate/root} (OpenBao), sudo: a new root key, KMS-wrapped; the keyring re-encrypted. 204.
 * </ul>
 * The ACL and sudo checks are the pipeline's; this group only serves.
 */
public final class KeyringEndpoints implements SysPaths {

    /** vault-compat: Vault's minimum for {@code max_operations} (vault-seal-spec 4.4). */
    public static final long MIN_OPERATIONS = 1_000_000L;
    /** vault-compat: a non-zero {@code interval} must be at least 24 hours. */
    public static final long MIN_INTERVAL_SECONDS = 24 * 3600;

    private final KeyringAdmin keyring;
    private final Supplier<KeyAdmin> keys;

    /**
     * @param keys the lifecycle's key operations, looked up per request (the lifecycle is built after the data
     *     plane that serves these paths)
     */
    public KeyringEndpoints(KeyringAdmin keyring, Supplier<KeyAdmin> keys) {
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public boolean handles(String rel) {
        return rel.equals("rotate") || rel.equals("rotate/keyring") || rel.equals("key-status")
                || rel.equals("rotate/config") || rel.equals("rotate/keyring/config") || rel.equals("rotate/root");
    }

    @Override
    public Response handle(Request req) {
        String rel = req.relativePath();
        switch (rel) {
            case "rotate", "rotate/keyring" -> {
                requireWrite(req);
                keyring.rotate();
                return null;
            }
            case "key-status" -> {
                if (req.operation() != io.strongroom.logical.Operation.READ) {
                    throw new OperationUnsupportedException();
                }
                KeyringAdmin.KeyStatus s = keyring.keyStatus();
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("term", s.term());
                d.put("install_time", DateTimeFormatter.ISO_INSTANT.format(s.installTime()));
                d.put("encryptions", s.encryptions());
                return Response.of(d);
            }
            case "rotate/config", "rotate/keyring/config" -> {
                return switch (req.operation()) {
                    case READ -> Response.of(configData(keyring.rotationConfig()));
                    case CREATE, UPDATE -> {
                        keyring.updateRotationConfig(merge(keyring.rotationConfig(), req.data()));
                        yield null;
                    }
                    default -> throw new OperationUnsupportedException();
                };
            }
            case "rotate/root" -> {
                requireWrite(req);
                KeyAdmin admin = keys.get();
                if (admin == null) {
                    throw new UnsupportedPathException();
                }
                admin.rotateRootKey();
                return null;
            }
            default -> throw new UnsupportedPathException();
        }
    }

    private static void requireWrite(Request req) {
        if (!req.operation().isWrite()) {
            throw new OperationUnsupportedException();
        }
    }

    static Map<String, Object> configData(RotationConfig c) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("max_operations", c.maxOperations());
        d.put("interval", GoDurations.format(c.intervalNanos() / 1_000_000_000L));
        d.put("enabled", !c.disabled());
        return d;
    }

    /** Applies the fields present in a write to the current config, with Vault's bounds. */
    static RotationConfig merge(RotationConfig current, Map<String, Object> data) {
        long maxOps = current.maxOperations();
        long intervalNanos = current.intervalNanos();
        boolean disabled = current.disabled();
        Object ops = data.get("max_operations");
        if (ops != null) {
            try {
                maxOps = ops instanceof Number n ? n.longValue() : Long.parseLong(ops.toString());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("max_operations must be an integer");
            }
            // vault-compat: vault/logical_system.go bounds
            if (maxOps < MIN_OPERATIONS || maxOps > RotationConfig.MAX_OPERATIONS) {
                throw new InvalidRequestException("max_operations must be in the range ["
                        + MIN_OPERATIONS + "," + RotationConfig.MAX_OPERATIONS + "]");
            }
        }
        Object interval = data.get("interval");
        if (interval != null) {
            long seconds = GoDurations.parseSeconds(interval);
            if (seconds != 0 && seconds < MIN_INTERVAL_SECONDS) {
                throw new InvalidRequestException("interval must be 0 or at least 24h");
            }
            intervalNanos = seconds * 1_000_000_000L;
        }
        Object enabled = data.get("enabled");
        if (enabled != null) {
            if (enabled instanceof Boolean b) {
                disabled = !b;
            } else if ("true".equalsIgnoreCase(enabled.toString()) || "false".equalsIgnoreCase(enabled.toString())) {
                disabled = !Boolean.parseBoolean(enabled.toString());
            } else {
                throw new InvalidRequestException("enabled must be a boolean");
            }
        }
        return new RotationConfig(disabled, maxOps, intervalNanos);
    }
}
