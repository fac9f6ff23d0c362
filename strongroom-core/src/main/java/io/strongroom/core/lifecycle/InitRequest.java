package io.strongroom.core.lifecycle;

import java.util.List;

/**
 * The body of {@code PUT /v1/sys/init}. A null Integer means "not given", which matters: Vault refuses
 * {@code secret_shares} under an auto seal only when it is given and non-zero.
 *
 * @param secretShares barrier key shares (shamir)
 * @param secretThreshold barrier key threshold (shamir)
 * @param recoveryShares recovery key shares (auto seal; Vault CLI default 5)
 * @param recoveryThreshold recovery key threshold (auto seal; Vault CLI default 3)
 * @param pgpKeys PGP keys for the barrier shares: not supported, refused when non-empty
 * @param recoveryPgpKeys PGP keys for the recovery shares: not supported, refused when non-empty
 * @param rootTokenPgpKey not supported, refused when non-empty
 */
public record InitRequest(
        Integer secretShares,
        Integer secretThreshold,
        Integer recoveryShares,
        Integer recoveryThreshold,
        List<String> pgpKeys,
        List<String> recoveryPgpKeys,
        String rootTokenPgpKey) {

    public InitRequest {
        pgpKeys = pgpKeys == null ? List.of() : List.copyOf(pgpKeys);
        recoveryPgpKeys = recoveryPgpKeys == null ? List.of() : List.copyOf(recoveryPgpKeys);
    }
}
