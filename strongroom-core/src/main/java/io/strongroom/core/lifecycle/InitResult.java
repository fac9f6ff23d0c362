package io.strongroom.core.lifecycle;

import java.util.List;

/**
 * What {@code sys/init} returns once: key shares and the root token. Secret: toString shows counts only.
 *
 * @param keys barrier key shares (shamir); empty under an auto seal
 * @param recoveryKeys recovery key shares (auto seal); empty under shamir
 * @param rootToken the initial root token
 * @param warnings what the operator should know (the auto-unseal after init failed and is pending ...); no secrets
 */
public record InitResult(List<byte[]> keys, List<byte[]> recoveryKeys, String rootToken, List<String> warnings) {

    public InitResult {
        keys = List.copyOf(keys);
        recoveryKeys = List.copyOf(recoveryKeys);
        warnings = List.copyOf(warnings);
    }

    public InitResult(List<byte[]> keys, List<byte[]> recoveryKeys, String rootToken) {
        this(keys, recoveryKeys, rootToken, List.of());
    }

    @Override
    public String toString() {
        return "InitResult[keys=" + keys.size() + ", recoveryKeys=" + recoveryKeys.size() + ", rootToken=********]";
    }
}
