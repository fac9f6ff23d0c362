package io.strongroom.core.lifecycle;

import java.util.List;

/**
 * What {@code sys/init} returns once: key shares and the root token. Secret: toString shows counts only.
 *
 * @param keys barrier key shares (shamir); empty under an auto seal
 * @param recoveryKeys recovery key shares (auto seal); empty under shamir
 * @param rootToken the initial root token
 */
public record InitResult(List<byte[]> keys, List<byte[]> recoveryKeys, String rootToken) {

    public InitResult {
        keys = List.copyOf(keys);
        recoveryKeys = List.copyOf(recoveryKeys);
    }

    @Override
    public String toString() {
        return "InitResult[keys=" + keys.size() + ", recoveryKeys=" + recoveryKeys.size() + ", rootToken=********]";
    }
}
