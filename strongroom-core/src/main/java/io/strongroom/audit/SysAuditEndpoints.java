package io.strongroom.audit;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Operation;
import io.strongroom.logical.OperationUnsupportedException;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.router.SysPaths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code sys/audit}, {@code sys/audit/:path} and {@code sys/audit-hash/:path} (vault-compat: dataplane spec 6.1;
 * {@code sys/audit} and {@code sys/audit/*} need sudo, which the sys mount's sudo paths say).
 */
public final class SysAuditEndpoints implements SysPaths {

    private final AuditBroker broker;

    public SysAuditEndpoints(AuditBroker broker) {
        this.broker = broker;
    }

    @Override
    public boolean handles(String rel) {
        return rel.equals("audit") || rel.startsWith("audit/") || rel.startsWith("audit-hash/");
    }

    @Override
    public Response handle(Request req) {
        String rel = req.relativePath();
        if (rel.startsWith("audit-hash/")) {
            if (!req.operation().isWrite()) {
                throw new OperationUnsupportedException();
            }
            Object input = req.data().get("input");
            if (!(input instanceof String s) || s.isEmpty()) {
                throw new InvalidRequestException("the \"input\" parameter is empty");
            }
            return Response.of(Map.of("hash", broker.hash(rel.substring("audit-hash/".length()), s)));
        }
        if (rel.equals("audit") || rel.equals("audit/")) {
            if (req.operation() != Operation.READ) {
                throw new OperationUnsupportedException();
            }
            return Response.of(broker.list());
        }
        String path = rel.substring("audit/".length());
        return switch (req.operation()) {
            case CREATE, UPDATE -> {
                Map<String, Object> d = req.data();
                if (!(d.get("type") instanceof String type) || type.isEmpty()) {
                    throw new InvalidRequestException("audit type must be specified");
                }
                String description = d.get("description") instanceof String s ? s : "";
                boolean local = Boolean.TRUE.equals(d.get("local")) || "true".equals(d.get("local"));
                broker.enable(path, type, description, options(d.get("options")), local);
                yield null;
            }
            case DELETE -> {
                broker.disable(path);
                yield null;
            }
            default -> throw new OperationUnsupportedException();
        };
    }

    private static Map<String, String> options(Object v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new InvalidRequestException("\"options\" must be an object");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object val = e.getValue();
            if (val != null && !(val instanceof String) && !(val instanceof Number) && !(val instanceof Boolean)) {
                throw new InvalidRequestException("\"options." + e.getKey() + "\" must be a string");
            }
            out.put(String.valueOf(e.getKey()), val == null ? "" : String.valueOf(val));
        }
        return out;
    }
}
