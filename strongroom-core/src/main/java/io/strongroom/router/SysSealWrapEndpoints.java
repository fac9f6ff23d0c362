package io.strongroom.router;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.logical.UnsupportedPathException;
import io.strongroom.seal.Rewrapper;
import io.strongroom.seal.SealWrapStorage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sys/sealwrap/rewrap} (vault-compat: Vault Enterprise, vault-seal-spec 5) and {@code sys/seal/key-usage}
 * (Strongroom's key inventory: how many stored entries still need each KMS key).
 *
 * <pre>
 * GET  sys/sealwrap/rewrap  -> {"entries":{"processed":n,"succeeded":n,"failed":n},"is_running":b,"fully_wrapped":b}
 * POST sys/sealwrap/rewrap  -> 204 started, 200 (with the status) when one was already running
 * GET  sys/seal/key-usage[?verify=true]
 *      -> {"current_key_id":"arn","keys":{"arn":{"entries":n,"current":b}},"total_entries":n
 *          [,"verified":true,"scan_mismatches":n]}
 * </pre>
 * Both are sudo paths. Under a seal without KMS (shamir) there is nothing to wrap: both answer 400.
 */
public final class SysSealWrapEndpoints implements SysPaths {

    static final String REWRAP = "sealwrap/rewrap";
    static final String KEY_USAGE = "seal/key-usage";

    private final SealWrapStorage store;
    private final Rewrapper rewrapper;

    /** @param store the seal-wrap layer and its rewrapper, both null when the seal has no KMS key */
    public SysSealWrapEndpoints(SealWrapStorage store, Rewrapper rewrapper) {
        this.store = store;
        this.rewrapper = rewrapper;
    }

    @Override
    public boolean handles(String relativePath) {
        return relativePath.equals(REWRAP) || relativePath.equals(KEY_USAGE);
    }

    @Override
    public Response handle(Request request) {
        if (store == null || rewrapper == null) {
            throw new InvalidRequestException("seal wrapping and the key inventory need a KMS seal (this server "
                    + "runs the shamir seal)");
        }
        boolean read = request.operation() == Operation.READ;
        boolean write = request.operation() == Operation.UPDATE || request.operation() == Operation.CREATE;
        if (request.relativePath().equals(KEY_USAGE) && read) {
            return keyUsage(isTrue(request.data().get("verify")));
        }
        if (request.relativePath().equals(REWRAP) && read) {
            return rewrapStatus();
        }
        if (request.relativePath().equals(REWRAP) && write) {
            // vault-compat: 204 when this request started it, 200 when a rewrap was already running
            return rewrapper.start() ? null : rewrapStatus();
        }
        throw new UnsupportedPathException();
    }

    private Response rewrapStatus() {
        Rewrapper.Status s = rewrapper.status();
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("processed", s.processed());
        entries.put("succeeded", s.succeeded());
        entries.put("failed", s.failed());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("entries", entries);
        data.put("is_running", s.running());
        data.put("fully_wrapped", s.fullyWrapped());
        return Response.of(data);
    }

    private Response keyUsage(boolean verify) {
        SealWrapStorage.KeyUsage u = store.keyUsage(verify);
        Map<String, Object> keys = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>(u.entriesByKey());
        // the current keys are always listed, even before their first entry
        u.currentKeyIds().forEach(k -> counts.putIfAbsent(k, 0));
        counts.forEach((key, n) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("entries", n);
            row.put("current", u.currentKeyIds().contains(key));
            keys.put(key, row);
        });
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("current_key_id", u.currentKeyId());
        if (u.currentKeyIds().size() > 1) {
            data.put("current_key_ids", u.currentKeyIds()); // Seal HA: every enabled seal's key
        }
        data.put("keys", keys);
        data.put("total_entries", u.totalEntries());
        if (verify) {
            data.put("verified", true);
            data.put("scan_mismatches", u.scanMismatches());
        }
        return Response.of(data);
    }

    private static boolean isTrue(Object v) {
        return v instanceof Boolean b ? b : v != null && (v.toString().equals("true") || v.toString().equals("1"));
    }
}
