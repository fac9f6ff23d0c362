package io.strongroom.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.strongroom.core.lifecycle.HealthStatus;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.core.lifecycle.LeaderStatus;
import io.strongroom.core.lifecycle.SealStatus;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The JSON documents of the {@code sys/} endpoints, field for field as Vault writes them (vault-compat:
 * {@code api/sys_init.go}, {@code api/sys_seal.go}, {@code api/sys_health.go}, {@code api/sys_leader.go}).
 * Names are snake_case; a field marked {@code NON_NULL} is Go's {@code omitempty} and is left out when null.
 * The CLI reads the same records back, so they also fix what a client may rely on.
 */
public final class Wire {

    private Wire() {}

    /** {@code GET /v1/sys/init}. */
    public record InitStatus(@JsonProperty("initialized") boolean initialized) {}

    /**
     * {@code PUT /v1/sys/init} request. Every field is optional; null means "not given" (see {@link InitRequest}).
     * {@code stored_shares} is read and dropped: Vault forces it to 1 for auto seals and ignores it otherwise.
     */
    public record InitBody(
            @JsonProperty("secret_shares") Integer secretShares,
            @JsonProperty("secret_threshold") Integer secretThreshold,
            @JsonProperty("stored_shares") Integer storedShares,
            @JsonProperty("pgp_keys") List<String> pgpKeys,
            @JsonProperty("recovery_shares") Integer recoveryShares,
            @JsonProperty("recovery_threshold") Integer recoveryThreshold,
            @JsonProperty("recovery_pgp_keys") List<String> recoveryPgpKeys,
            @JsonProperty("root_token_pgp_key") String rootTokenPgpKey) {

        /** An empty body: every field absent. */
        static final InitBody EMPTY = new InitBody(null, null, null, null, null, null, null, null);

        /** True when a barrier-share parameter is given, the kind an auto seal refuses (non-zero or non-empty). */
        boolean hasBarrierShareParameters() {
            return (secretShares != null && secretShares != 0) || (secretThreshold != null && secretThreshold != 0)
                    || (pgpKeys != null && !pgpKeys.isEmpty());
        }

        InitRequest toRequest() {
            return new InitRequest(secretShares, secretThreshold, recoveryShares, recoveryThreshold, pgpKeys,
                    recoveryPgpKeys, rootTokenPgpKey);
        }
    }

    /**
     * {@code PUT /v1/sys/init} response. {@code keys}/{@code keys_base64} are always arrays (empty under an auto
     * seal, never null); {@code recovery_keys*} are left out when there are none (vault-compat: omitempty).
     * {@code warnings} (left out when empty) is Strongroom's: Vault's init answer has none, and its clients ignore
     * fields they do not know; it is the field name of Vault's other answers (the logical envelope, seal-status).
     */
    public record InitResponse(
            @JsonProperty("keys") List<String> keys,
            @JsonProperty("keys_base64") List<String> keysBase64,
            @JsonProperty("recovery_keys") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> recoveryKeys,
            @JsonProperty("recovery_keys_base64") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                    List<String> recoveryKeysBase64,
            @JsonProperty("root_token") String rootToken,
            @JsonProperty("warnings") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {

        public InitResponse {
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }

        /** Key shares and the root token are credentials: counts only. */
        @Override
        public String toString() {
            return "InitResponse[keys=" + keys.size() + ", recoveryKeys="
                    + (recoveryKeys == null ? 0 : recoveryKeys.size()) + ", rootToken=********]";
        }

        static InitResponse of(InitResult result, List<String> warnings) {
            return new InitResponse(hex(result.keys()), b64(result.keys()), hex(result.recoveryKeys()),
                    b64(result.recoveryKeys()), result.rootToken(),
                    java.util.stream.Stream.concat(warnings.stream(), result.warnings().stream()).toList());
        }

        private static List<String> hex(List<byte[]> shares) {
            return shares.stream().map(HexFormat.of()::formatHex).toList();
        }

        private static List<String> b64(List<byte[]> shares) {
            return shares.stream().map(Base64.getEncoder()::encodeToString).toList();
        }
    }

    /** {@code PUT /v1/sys/unseal} request: either {@code key} or {@code reset} is required. */
    public record UnsealBody(
            @JsonProperty("key") String key,
            @JsonProperty("reset") Boolean reset,
            @JsonProperty("migrate") Boolean migrate) {

        /** The key share is a credential. */
        @Override
        public String toString() {
            return "UnsealBody[key=" + (key == null ? "null" : "********") + ", reset=" + reset + ", migrate=" + migrate + "]";
        }
    }

    /** {@code GET /v1/sys/seal-status}, also the body of every {@code sys/unseal} answer. */
    public record SealStatusBody(
            @JsonProperty("type") String type,
            @JsonProperty("initialized") boolean initialized,
            @JsonProperty("sealed") boolean sealed,
            @JsonProperty("t") int t,
            @JsonProperty("n") int n,
            @JsonProperty("progress") int progress,
            @JsonProperty("nonce") String nonce,
            @JsonProperty("version") String version,
            @JsonProperty("build_date") String buildDate,
            @JsonProperty("migration") boolean migration,
            @JsonProperty("cluster_name") @JsonInclude(JsonInclude.Include.NON_EMPTY) String clusterName,
            @JsonProperty("cluster_id") @JsonInclude(JsonInclude.Include.NON_EMPTY) String clusterId,
            @JsonProperty("recovery_seal") boolean recoverySeal,
            @JsonProperty("recovery_seal_type") @JsonInclude(JsonInclude.Include.NON_EMPTY) String recoverySealType,
            @JsonProperty("storage_type") @JsonInclude(JsonInclude.Include.NON_EMPTY) String storageType) {

        static SealStatusBody of(SealStatus s) {
            return new SealStatusBody(s.type(), s.initialized(), s.sealed(), s.t(), s.n(), s.progress(),
                    s.nonce() == null ? "" : s.nonce(), s.version(), s.buildDate(), s.migration(), s.clusterName(),
                    s.clusterId(), s.recoverySeal(), s.recoverySealType(), s.storageType());
        }
    }

    /**
     * {@code GET /v1/sys/health}. {@code performance_standby} is always false and both replication modes are
     * {@code "disabled"}: Strongroom has neither (vault-compat: what Vault CE reports).
     */
    public record HealthBody(
            @JsonProperty("initialized") boolean initialized,
            @JsonProperty("sealed") boolean sealed,
            @JsonProperty("standby") boolean standby,
            @JsonProperty("performance_standby") boolean performanceStandby,
            @JsonProperty("replication_performance_mode") String replicationPerformanceMode,
            @JsonProperty("replication_dr_mode") String replicationDrMode,
            @JsonProperty("server_time_utc") long serverTimeUtc,
            @JsonProperty("version") String version,
            @JsonProperty("cluster_name") @JsonInclude(JsonInclude.Include.NON_EMPTY) String clusterName,
            @JsonProperty("cluster_id") @JsonInclude(JsonInclude.Include.NON_EMPTY) String clusterId) {

        static HealthBody of(HealthStatus h) {
            return new HealthBody(h.initialized(), h.sealed(), h.standby(), false, "disabled", "disabled",
                    h.serverTimeUtc(), h.version(), h.clusterName(), h.clusterId());
        }
    }

    /** {@code GET /v1/sys/leader}. The performance-standby and raft fields are constants: neither exists here. */
    public record LeaderBody(
            @JsonProperty("ha_enabled") boolean haEnabled,
            @JsonProperty("is_self") boolean isSelf,
            @JsonProperty("active_time") String activeTime,
            @JsonProperty("leader_address") String leaderAddress,
            @JsonProperty("leader_cluster_address") String leaderClusterAddress,
            @JsonProperty("performance_standby") boolean performanceStandby,
            @JsonProperty("performance_standby_last_remote_wal") long performanceStandbyLastRemoteWal,
            @JsonProperty("raft_committed_index") long raftCommittedIndex,
            @JsonProperty("raft_applied_index") long raftAppliedIndex) {

        static LeaderBody of(LeaderStatus l) {
            return new LeaderBody(l.haEnabled(), l.isSelf(), l.activeTime(), nz(l.leaderAddress()),
                    nz(l.leaderClusterAddress()), false, 0, 0, 0);
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }
    }

    /** Every error answer: {@code {"errors": ["..."]}}; an empty list for 404 and 405 (vault-compat). */
    public record ErrorBody(@JsonProperty("errors") List<String> errors) {
        public ErrorBody {
            errors = errors == null ? List.of() : List.copyOf(errors);
        }
    }
}
