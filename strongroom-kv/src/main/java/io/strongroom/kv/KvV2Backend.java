package io.strongroom.kv;

import io.strongroom.logical.Backend;
import io.strongroom.logical.Operation;
import io.strongroom.logical.OperationUnsupportedException;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * KV version 2: versioned secrets under {@code config}, {@code data/}, {@code metadata/}, {@code delete/},
 * {@code undelete/}, {@code destroy/} and {@code subkeys/} (vault-compat: dataplane spec 5.2, 5.3). Storage:
 * {@link KvStore}.
 *
 * <p>Any other path is answered as Vault's KV plugin does, with a 404 that carries a warning pointing at the
 * {@code vault kv} command, not with {@code unsupported path}; an existing path asked for an operation it lacks is
 * {@link OperationUnsupportedException} (405).
 */
final class KvV2Backend implements Backend {

    static final String ROOT_WARNING = "Non-listing operations on the root of a K/V v2 mount are not supported.";
    private static final Set<String> ROOTS = Set.of("data", "metadata", "delete", "undelete", "destroy");

    private final KvStore store;
    private final DataHandlers data;
    private final VersionHandlers versions;
    private final MetadataHandlers metadata;

    KvV2Backend(KvStore store, Clock clock) {
        this.store = store;
        this.data = new DataHandlers(store, clock);
        this.versions = new VersionHandlers(store, clock);
        this.metadata = new MetadataHandlers(store, clock);
    }

    @Override
    public String type() {
        return KvBackend.TYPE;
    }

    @Override
    public Response handle(Request request) {
        String path = request.relativePath();
        Operation op = request.operation();
        Map<String, Object> body = request.data();
        if (path.equals("config")) {
            return switch (op) {
                case READ -> metadata.readConfig();
                case CREATE, UPDATE -> metadata.writeConfig(body);
                default -> throw new OperationUnsupportedException();
            };
        }
        int slash = path.indexOf('/');
        if (slash < 0) {
            return ROOTS.contains(path) ? notFoundWarning(ROOT_WARNING) : invalidPath(op);
        }
        String key = path.substring(slash + 1);
        switch (path.substring(0, slash)) {
            case "data":
                if (key.isEmpty() || key.endsWith("/")) {
                    return invalidPath(op);
                }
                return switch (op) {
                    case READ -> data.read(key, body);
                    case CREATE, UPDATE -> data.write(key, body);
                    case PATCH -> data.patch(key, body);
                    case DELETE -> data.delete(key);
                    case LIST -> invalidPath(op);
                };
            case "metadata":
                return switch (op) {
                    case READ -> metadata.read(key);
                    case LIST -> metadata.list(key);
                    case CREATE, UPDATE -> metadata.write(key, body);
                    case PATCH -> metadata.patch(key, body);
                    case DELETE -> metadata.delete(key);
                };
            case "delete":
                requireWrite(op);
                return versions.delete(key, body);
            case "undelete":
                requireWrite(op);
                return versions.undelete(key, body);
            case "destroy":
                requireWrite(op);
                return versions.destroy(key, body);
            case "subkeys":
                if (op != Operation.READ) {
                    throw new OperationUnsupportedException();
                }
                return data.subkeys(key, body);
            default:
                return invalidPath(op);
        }
    }

    /** vault-compat: {@code data/} and {@code metadata/} paths have an existence check (dataplane spec 3.4). */
    @Override
    public Optional<Boolean> exists(Request request) {
        String path = request.relativePath();
        for (String prefix : List.of("data/", "metadata/")) {
            if (path.startsWith(prefix)) {
                return Optional.of(store.get(path.substring(prefix.length())) != null);
            }
        }
        return Optional.empty();
    }

    private static void requireWrite(Operation op) {
        if (op != Operation.CREATE && op != Operation.UPDATE) {
            throw new OperationUnsupportedException();
        }
    }

    /** vault-compat: KV backend.go pathInvalid: a 404 whose warning names the {@code vault kv} verb to use. */
    private static Response invalidPath(Operation op) {
        String verb = switch (op) {
            case CREATE, UPDATE -> "put";
            case PATCH -> "patch";
            case READ -> "get";
            case LIST -> "list";
            case DELETE -> "delete";
        };
        return notFoundWarning("Invalid path for a versioned K/V secrets engine. See the API docs for the "
                + "appropriate API endpoints to use. If using the Vault CLI, use 'vault kv " + verb
                + "' for this operation.");
    }

    private static Response notFoundWarning(String warning) {
        return Response.warnings(List.of(warning)).withStatus(404);
    }
}
