package io.strongroom.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.SealedException;
import io.strongroom.core.lifecycle.HealthStatus;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.core.lifecycle.Lifecycle;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seal lifecycle endpoints under {@code /v1/sys/}. Each method translates one request to one
 * {@link Lifecycle} call and its answer to a {@link Wire} document; errors are left to {@link ErrorMapper}.
 */
final class SysRoutes {

    /**
     * vault-compat: {@code BarrierKeyLength()}: AES keys of 16..32 bytes, plus one byte of Shamir overhead (the
     * x-coordinate). A hex string decoding to a length outside these bounds is tried as base64 instead.
     */
    static final int MIN_KEY_BYTES = 16;
    static final int MAX_KEY_BYTES = 33;

    private final Lifecycle lifecycle;
    private final Authenticator auth;
    private final io.strongroom.router.RequestPipeline pipeline;
    private final ObjectMapper json = Json.mapper();

    /**
     * @param pipeline authorizes {@code sys/seal} by the caller's policies (update and sudo), or null: then only
     *     a root token may seal (the seal-only server of tests)
     */
    SysRoutes(Lifecycle lifecycle, io.strongroom.router.RequestPipeline pipeline) {
        this.pipeline = pipeline;
        this.lifecycle = lifecycle;
        this.auth = new Authenticator(lifecycle);
    }

    /**
     * vault-compat: {@code vault/init.go Initialize}: under a seal with recovery keys, fewer than one recovery share
     * is refused with this text (400). Vault cannot tell an absent {@code recovery_shares} from 0; here only an
     * absent one is refused (an empty body among them), see {@link #ZERO_RECOVERY_SHARES_WARNING}.
     */
    static final String NO_RECOVERY_SHARES = "recovery configuration must specify a positive number of shares";

    /**
     * An explicit {@code "recovery_shares": 0} is accepted, as OpenBao 2.4+ accepts it, with this warning in the
     * answer and the log: nothing can authorize a recovery operation afterwards.
     */
    static final String ZERO_RECOVERY_SHARES_WARNING = "recovery_shares is 0: no recovery key was created, so"
            + " operations that need recovery key shares (unsealing after a manual sys/seal, among others) are not"
            + " possible; after a manual seal only a restart unseals this server";

    private static final Logger LOG = LoggerFactory.getLogger(SysRoutes.class);

    /** {@code GET|PUT|POST /v1/sys/init}: unauthenticated, as in Vault (there is no token before init). */
    ApiResponse init(ApiRequest request) throws IOException {
        if ("GET".equals(request.method())) {
            return ApiResponse.ok(new Wire.InitStatus(lifecycle.isInitialized()));
        }
        Wire.InitBody body = parse(request, Wire.InitBody.class);
        if (body == null) {
            // vault-compat: an empty body is an empty object (Go ignores io.EOF), not an error by itself
            body = Wire.InitBody.EMPTY;
        }
        boolean recoverySeal = lifecycle.sealStatus().recoverySeal();
        // Parameters of the wrong seal type are the core's to refuse, and Vault refuses them first; only then
        // does a missing recovery_shares matter. null here means absent (or JSON null), never 0.
        if (recoverySeal && body.recoveryShares() == null && !body.hasBarrierShareParameters()) {
            throw new InvalidRequestException(NO_RECOVERY_SHARES);
        }
        InitResult result = lifecycle.initialize(body.toRequest());
        List<String> warnings = List.of();
        if (recoverySeal && Integer.valueOf(0).equals(body.recoveryShares())) {
            LOG.warn("sys/init: {}", ZERO_RECOVERY_SHARES_WARNING);
            warnings = List.of(ZERO_RECOVERY_SHARES_WARNING);
        }
        return ApiResponse.ok(Wire.InitResponse.of(result, warnings));
    }

    /** {@code GET /v1/sys/seal-status}: unauthenticated. */
    ApiResponse sealStatus(ApiRequest request) {
        return ApiResponse.ok(Wire.SealStatusBody.of(lifecycle.sealStatus()));
    }

    /** {@code PUT|POST /v1/sys/unseal}: unauthenticated; the key share is the credential. */
    ApiResponse unseal(ApiRequest request) throws IOException {
        Wire.UnsealBody body = parse(request, Wire.UnsealBody.class);
        if (body == null) {
            body = new Wire.UnsealBody(null, null, null);
        }
        if (Boolean.TRUE.equals(body.reset())) {
            // vault-compat: reset on an unsealed server is a 400, not a no-op
            if (!lifecycle.isSealed()) {
                throw new InvalidRequestException("vault is unsealed");
            }
            return ApiResponse.ok(Wire.SealStatusBody.of(lifecycle.resetUnsealProgress()));
        }
        if (body.key() == null || body.key().isEmpty()) {
            // vault-compat: http/sys_seal.go text
            throw new InvalidRequestException(
                    "'key' must be specified in request body as JSON, or 'reset' set to true");
        }
        byte[] share = decodeKey(body.key());
        try {
            // issue 10: "migrate" marks the old seal's share of a seal migration; the lifecycle checks it is pending
            return ApiResponse.ok(Wire.SealStatusBody.of(lifecycle.submitKeyShare(share,
                    Boolean.TRUE.equals(body.migrate()))));
        } finally {
            Arrays.fill(share, (byte) 0);
        }
    }

    /** {@code PUT|POST /v1/sys/seal}: root token only; 204. */
    ApiResponse seal(ApiRequest request) {
        if (lifecycle.health().standby()) {
            // vault-compat: the text of Vault's SealWithRequest on a standby (Vault answers it with a 500; a 400
            // here, since the request, not the server, is at fault)
            throw new io.strongroom.base.InvalidRequestException(
                    "vault cannot seal when in standby mode; please restart instead");
        }
        if (pipeline != null) {
            pipeline.authorize(io.strongroom.logical.Operation.UPDATE, "sys/seal", request.token(),
                    request.remoteAddress());
        } else {
            auth.requireRoot(request);
        }
        lifecycle.seal();
        return ApiResponse.noContent();
    }

    /** {@code GET|HEAD /v1/sys/health}: unauthenticated; the status code carries the answer. */
    ApiResponse health(ApiRequest request) {
        HealthQuery query = HealthQuery.parse(request.query());
        HealthStatus health = lifecycle.health();
        return new ApiResponse(query.statusFor(health), Wire.HealthBody.of(health));
    }

    /** {@code GET /v1/sys/leader}: unauthenticated; 503 while sealed (the lifecycle throws). */
    ApiResponse leader(ApiRequest request) {
        return ApiResponse.ok(Wire.LeaderBody.of(lifecycle.leader()));
    }

    /**
     * Hex when the string is valid hex of a plausible share length, otherwise base64 (vault-compat:
     * {@code handleSysUnseal}).
     */
    static byte[] decodeKey(String key) {
        try {
            byte[] hex = HexFormat.of().parseHex(key);
            if (hex.length >= MIN_KEY_BYTES && hex.length <= MAX_KEY_BYTES) {
                return hex;
            }
        } catch (IllegalArgumentException notHex) {
            // fall through to base64, as Vault does
        }
        try {
            return Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidRequestException("'key' must be a valid hex or base64 string");
        }
    }

    private <T> T parse(ApiRequest request, Class<T> type) throws IOException {
        if (request.body().length == 0) {
            return null;
        }
        return json.readValue(request.body(), type);
    }
}
