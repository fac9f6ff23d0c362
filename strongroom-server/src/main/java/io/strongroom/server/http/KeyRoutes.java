package io.strongroom.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.core.lifecycle.KeyAdmin;
import io.strongroom.core.lifecycle.KeyAdmin.GenerateRootStatus;
import io.strongroom.core.lifecycle.KeyAdmin.RekeyRequest;
import io.strongroom.core.lifecycle.KeyAdmin.RekeyResult;
import io.strongroom.core.lifecycle.KeyAdmin.RekeyStatus;
import io.strongroom.core.lifecycle.KeyAdmin.Target;
import io.strongroom.core.lifecycle.KeyAdmin.VerifyStatus;
import io.strongroom.core.lifecycle.KmsHealthCheck;
import io.strongroom.core.lifecycle.SealBackendStatus;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key-share endpoints of issue 9, unauthenticated as in Vault (the shares are the credential), with Vault's
 * JSON at the top level (not in {@code data}), vault-compat: {@code http/sys_generate_root.go},
 * {@code http/sys_rekey.go}, {@code http/sys_seal.go} (seal-backend-status):
 *
 * <ul>
 *   <li>{@code /v1/sys/generate-root/attempt} GET (status), PUT/POST (start; {@code otp} optional, generated and
 *       returned once when absent), DELETE (cancel); {@code /v1/sys/generate-root/update} PUT/POST {@code key, nonce}.
 *   <li>{@code /v1/sys/rekey/...} (the root key; under an auto seal authorized by recovery shares) and
 *       {@code /v1/sys/rekey-recovery-key/...}: {@code init} GET/PUT/POST/DELETE, {@code update} PUT/POST,
 *       {@code verify} GET/PUT/POST/DELETE.
 *   <li>{@code /v1/sys/seal-backend-status} GET: the seal health check's result.
 * </ul>
 */
final class KeyRoutes {

    private final KeyAdmin keys;
    private final KmsHealthCheck health; // null: shamir
    private final String sealType;
    private final ObjectMapper json = Json.mapper();

    private final java.util.function.Supplier<SealBackendStatus> backends; // issue 10; null in fakes

    KeyRoutes(KeyAdmin keys, KmsHealthCheck health, String sealType) {
        this(keys, health, sealType, null);
    }

    /** @param backends every seal's status (Seal HA), or null to report {@code health} alone */
    KeyRoutes(KeyAdmin keys, KmsHealthCheck health, String sealType,
            java.util.function.Supplier<SealBackendStatus> backends) {
        this.keys = keys;
        this.health = health;
        this.sealType = sealType;
        this.backends = backends;
    }

    /** Adds every route of this group through {@code put(path, methods, endpoint)}. */
    void register(Registrar r) {
        r.add("/v1/sys/generate-root/attempt", List.of("GET", "PUT", "POST", "DELETE"), this::generateRootAttempt);
        r.add("/v1/sys/generate-root/update", List.of("PUT", "POST"), this::generateRootUpdate);
        for (Target t : Target.values()) {
            String base = t == Target.BARRIER ? "/v1/sys/rekey" : "/v1/sys/rekey-recovery-key";
            r.add(base + "/init", List.of("GET", "PUT", "POST", "DELETE"), req -> rekeyInit(t, req));
            r.add(base + "/update", List.of("PUT", "POST"), req -> rekeyUpdate(t, req));
            r.add(base + "/verify", List.of("GET", "PUT", "POST", "DELETE"), req -> rekeyVerify(t, req));
        }
        r.add("/v1/sys/seal-backend-status", List.of("GET"), this::sealBackendStatus);
    }

    /** How routes are added to the handler's table. */
    interface Registrar {
        void add(String path, List<String> methods, Endpoint endpoint);
    }

    /** One route's work. */
    interface Endpoint {
        ApiResponse handle(ApiRequest request) throws IOException;
    }

    // ---- generate-root ----

    private ApiResponse generateRootAttempt(ApiRequest req) throws IOException {
        return switch (req.method()) {
            case "GET" -> ApiResponse.ok(rootBody(keys.generateRootStatus()));
            case "DELETE" -> {
                keys.cancelGenerateRoot();
                yield ApiResponse.noContent();
            }
            default -> {
                Map<String, Object> body = body(req);
                yield ApiResponse.ok(rootBody(keys.startGenerateRoot(string(body, "otp"), string(body, "pgp_key"))));
            }
        };
    }

    private ApiResponse generateRootUpdate(ApiRequest req) throws IOException {
        Map<String, Object> body = body(req);
        return withShare(body, share -> ApiResponse.ok(rootBody(keys.updateGenerateRoot(share,
                string(body, "nonce")))));
    }

    private static Map<String, Object> rootBody(GenerateRootStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started", s.started());
        m.put("nonce", s.nonce());
        m.put("progress", s.progress());
        m.put("required", s.required());
        m.put("complete", s.complete());
        // vault-compat: both names carry the encoded token (encoded_root_token is the older one)
        m.put("encoded_token", s.encodedToken());
        m.put("encoded_root_token", s.encodedToken());
        m.put("pgp_fingerprint", "");
        m.put("otp", s.otp());
        m.put("otp_length", s.otpLength());
        return m;
    }

    // ---- rekey ----

    private ApiResponse rekeyInit(Target t, ApiRequest req) throws IOException {
        return switch (req.method()) {
            case "GET" -> ApiResponse.ok(rekeyBody(keys.rekeyStatus(t)));
            case "DELETE" -> {
                keys.cancelRekey(t);
                yield ApiResponse.noContent();
            }
            default -> {
                Map<String, Object> b = body(req);
                RekeyRequest r = new RekeyRequest(integer(b, "secret_shares"), integer(b, "secret_threshold"),
                        strings(b, "pgp_keys"), bool(b, "backup"), bool(b, "require_verification"),
                        b.containsKey("stored_shares") ? integer(b, "stored_shares") : null);
                yield ApiResponse.ok(rekeyBody(keys.startRekey(t, r)));
            }
        };
    }

    private ApiResponse rekeyUpdate(Target t, ApiRequest req) throws IOException {
        Map<String, Object> body = body(req);
        RekeyResult r = withShare(body, share -> keys.updateRekey(t, share, string(body, "nonce")));
        if (!r.complete()) {
            return ApiResponse.ok(rekeyBody(r.status()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nonce", r.nonce());
        m.put("complete", true);
        List<String> hex = new ArrayList<>();
        List<String> b64 = new ArrayList<>();
        for (byte[] k : r.keys()) {
            hex.add(HexFormat.of().formatHex(k));
            b64.add(Base64.getEncoder().encodeToString(k));
        }
        m.put("keys", hex);
        m.put("keys_base64", b64);
        m.put("pgp_fingerprints", null);
        m.put("backup", r.backup());
        m.put("verification_required", r.verificationRequired());
        m.put("verification_nonce", r.verificationNonce());
        return ApiResponse.ok(m);
    }

    private ApiResponse rekeyVerify(Target t, ApiRequest req) throws IOException {
        return switch (req.method()) {
            case "GET" -> ApiResponse.ok(verifyBody(keys.rekeyVerifyStatus(t)));
            case "DELETE" -> ApiResponse.ok(verifyBody(keys.cancelRekeyVerify(t)));
            default -> {
                Map<String, Object> body = body(req);
                VerifyStatus s = withShare(body, share -> keys.updateRekeyVerify(t, share, string(body, "nonce")));
                if (s.started()) {
                    yield ApiResponse.ok(verifyBody(s));
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("nonce", s.nonce());
                m.put("complete", true);
                yield ApiResponse.ok(m);
            }
        };
    }

    private static Map<String, Object> rekeyBody(RekeyStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nonce", s.nonce());
        m.put("started", s.started());
        m.put("t", s.t());
        m.put("n", s.n());
        m.put("progress", s.progress());
        m.put("required", s.required());
        m.put("pgp_fingerprints", null);
        m.put("backup", s.backup());
        m.put("verification_required", s.verificationRequired());
        return m;
    }

    private static Map<String, Object> verifyBody(VerifyStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nonce", s.nonce());
        m.put("started", s.started());
        m.put("t", s.t());
        m.put("n", s.n());
        m.put("progress", s.progress());
        return m;
    }

    // ---- seal-backend-status ----

    /**
     * vault-compat: Vault's shape ({@code healthy}, {@code unhealthy_since}, {@code backends}); {@code last_success}
     * (RFC 3339) and {@code unreachable_time_ms} are ours: the time since the last successful probe.
     */
    private ApiResponse sealBackendStatus(ApiRequest req) {
        SealBackendStatus all = backends == null ? null : backends.get();
        if (all != null && !all.backends().isEmpty()) {
            return ApiResponse.ok(sealBackendStatus(all));
        }
        Map<String, Object> backend = new LinkedHashMap<>();
        Map<String, Object> m = new LinkedHashMap<>();
        if (health == null) {
            backend.put("name", sealType);
            backend.put("healthy", true);
            backend.put("unhealthy_since", "");
            m.put("healthy", true);
            m.put("unhealthy_since", "");
        } else {
            KmsHealthCheck.Status s = health.status();
            String since = s.unhealthySince() == null ? "" : DateTimeFormatter.ISO_INSTANT.format(s.unhealthySince());
            backend.put("name", s.sealType());
            backend.put("healthy", s.healthy());
            backend.put("unhealthy_since", since);
            backend.put("last_success", DateTimeFormatter.ISO_INSTANT.format(s.lastSuccess()));
            m.put("healthy", s.healthy());
            m.put("unhealthy_since", since);
            m.put("last_success", DateTimeFormatter.ISO_INSTANT.format(s.lastSuccess()));
            m.put("unreachable_time_ms", s.unreachableMillis());
        }
        backend.put("configured", true);
        backend.put("disabled", false);
        m.put("backends", List.of(backend));
        return ApiResponse.ok(m);
    }

    /**
     * vault-compat: Vault's {@code SealBackendStatusResponse} (vault-seal-spec 6.4): {@code healthy} (every seal),
     * {@code unhealthy_since} (RFC 3339, omitted while healthy), {@code fully_wrapped}, and per seal {@code name},
     * {@code healthy}, {@code unhealthy_since}, {@code configured}, {@code disabled}. Ours besides: {@code type},
     * {@code last_success}, and at the top {@code last_success} / {@code unreachable_time_ms} of the first-priority
     * seal (the single-seal answer of issue 9).
     */
    private Map<String, Object> sealBackendStatus(SealBackendStatus all) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("healthy", all.healthy());
        if (all.unhealthySince() != null) {
            m.put("unhealthy_since", DateTimeFormatter.ISO_INSTANT.format(all.unhealthySince()));
        }
        m.put("fully_wrapped", all.fullyWrapped());
        if (health != null) {
            KmsHealthCheck.Status s = health.status();
            m.put("last_success", DateTimeFormatter.ISO_INSTANT.format(s.lastSuccess()));
            m.put("unreachable_time_ms", s.unreachableMillis());
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (SealBackendStatus.Backend b : all.backends()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", b.name());
            one.put("type", b.type());
            one.put("healthy", b.healthy());
            if (b.unhealthySince() != null) {
                one.put("unhealthy_since", DateTimeFormatter.ISO_INSTANT.format(b.unhealthySince()));
            }
            if (b.lastSuccess() != null) {
                one.put("last_success", DateTimeFormatter.ISO_INSTANT.format(b.lastSuccess()));
            }
            one.put("configured", b.configured());
            one.put("disabled", b.disabled());
            list.add(one);
        }
        m.put("backends", list);
        return m;
    }

    // ---- bodies ----

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(ApiRequest req) throws IOException {
        if (req.body().length == 0) {
            return Map.of();
        }
        Object parsed = json.readValue(req.body(), Object.class);
        if (!(parsed instanceof Map)) {
            throw new InvalidRequestException("the request body must be a JSON object");
        }
        return (Map<String, Object>) parsed;
    }

    /** Runs {@code use} with the request's key share, which is zeroed afterwards whatever happens. */
    private static <T> T withShare(Map<String, Object> body, java.util.function.Function<byte[], T> use) {
        byte[] share = share(body);
        try {
            return use.apply(share);
        } finally {
            Arrays.fill(share, (byte) 0);
        }
    }

    private static byte[] share(Map<String, Object> body) {
        String key = string(body, "key");
        if (key == null || key.isEmpty()) {
            // vault-compat: http/sys_rekey.go, sys_generate_root.go
            throw new InvalidRequestException("'key' must be specified in request body as JSON");
        }
        return SysRoutes.decodeKey(key);
    }

    private static String string(Map<String, Object> body, String name) {
        Object v = body.get(name);
        return v == null ? null : v.toString();
    }

    private static int integer(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("'" + name + "' must be an integer");
        }
    }

    private static boolean bool(Map<String, Object> body, String name) {
        Object v = body.get(name);
        return v instanceof Boolean b ? b : v != null && Boolean.parseBoolean(v.toString());
    }

    private static List<String> strings(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(v.toString());
    }
}
