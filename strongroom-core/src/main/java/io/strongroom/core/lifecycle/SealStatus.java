package io.strongroom.core.lifecycle;

/**
 * The {@code sys/seal-status} document (vault-compat: api/sys_seal.go field set; the HTTP layer writes the
 * snake_case names and leaves out {@code cluster_name}/{@code cluster_id} when null).
 *
 * @param type the barrier seal type: {@code awskms} or {@code shamir}
 * @param t threshold: of the recovery config under an auto seal, of the barrier config under shamir; 0 when
 *     not initialized
 * @param n shares, same source as t
 * @param progress shares submitted so far
 * @param nonce this unseal attempt's nonce, "" when none
 * @param recoverySeal true under an auto seal
 * @param recoverySealType {@code shamir} under an auto seal, null otherwise
 */
public record SealStatus(
        String type,
        boolean initialized,
        boolean sealed,
        int t,
        int n,
        int progress,
        String nonce,
        String version,
        String buildDate,
        boolean migration,
        String clusterName,
        String clusterId,
        boolean recoverySeal,
        String recoverySealType,
        String storageType) {}
