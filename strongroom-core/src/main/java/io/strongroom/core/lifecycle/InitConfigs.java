package io.strongroom.core.lifecycle;

import io.strongroom.base.InvalidRequestException;

/**
 * The two share configurations an init request asks for, checked: the barrier's (shamir shares, or 1-of-1 under an
 * auto seal) and, under an auto seal, the recovery key's.
 *
 * @param barrier written to {@code core/seal-config}
 * @param recovery written to {@code core/recovery-config}; null under shamir
 */
record InitConfigs(SealConfig barrier, SealConfig recovery) {

    /**
     * @throws InvalidRequestException for parameters of the other seal type, PGP keys, or bad share counts (Vault's
     *     texts)
     */
    static InitConfigs from(InitRequest req, String sealType, boolean auto) {
        if (!req.recoveryPgpKeys().isEmpty() || (req.rootTokenPgpKey() != null && !req.rootTokenPgpKey().isEmpty())
                || (!auto && !req.pgpKeys().isEmpty())) {
            throw new InvalidRequestException("PGP encryption of keys is not supported by Strongroom");
        }
        if (auto) {
            // vault-compat: http/sys_init.go refuses barrier share parameters under a seal with recovery keys
            if (nonZero(req.secretShares()) || nonZero(req.secretThreshold()) || !req.pgpKeys().isEmpty()) {
                throw new InvalidRequestException(
                        "parameters secret_shares,secret_threshold not applicable to seal type " + sealType);
            }
            SealConfig recovery = SealConfig.of("shamir", orZero(req.recoveryShares()), orZero(req.recoveryThreshold()), 0);
            recovery.validate("recovery", true);
            return new InitConfigs(SealConfig.of(sealType, 1, 1, 1), recovery);
        }
        if (nonZero(req.recoveryShares()) || nonZero(req.recoveryThreshold())) {
            throw new InvalidRequestException(
                    "parameters recovery_shares,recovery_threshold not applicable to seal type shamir");
        }
        SealConfig barrier = SealConfig.of("shamir", orZero(req.secretShares()), orZero(req.secretThreshold()), 1);
        barrier.validate("secret", false);
        return new InitConfigs(barrier, null);
    }

    private static boolean nonZero(Integer v) {
        return v != null && v != 0;
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }
}
