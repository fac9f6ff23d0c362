package io.strongroom.core.lifecycle;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.shamir.Shamir;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One quorum being gathered for an operation that key shares authorize (root generation, rekey, rekey
 * verification): a nonce fixed when the operation starts, the threshold, and the shares so far. Shares are secrets:
 * copied in, wiped when combined or cancelled, never shown.
 *
 * <p>Not thread-safe: {@link KeyAdmin} calls it under its lock.
 */
final class ShareAttempt {

    private final String nonce;
    private final int threshold;
    private final String operation; // "rekey", "generation": Vault's wording in its errors
    private final List<byte[]> shares = new ArrayList<>();

    ShareAttempt(String nonce, int threshold, String operation) {
        this.nonce = nonce;
        this.threshold = threshold;
        this.operation = operation;
    }

    String nonce() {
        return nonce;
    }

    int threshold() {
        return threshold;
    }

    int progress() {
        return shares.size();
    }

    /**
     * Adds a share; at the threshold returns the combined key (the caller wipes it) and empties the attempt, so a
     * wrong quorum starts again from zero under the same nonce (vault-compat: Vault clears the progress first).
     *
     * @throws InvalidRequestException for a wrong nonce, a share of the wrong length or one given twice; the shares
     *     gathered so far stay
     */
    Optional<byte[]> add(byte[] share, String givenNonce) {
        if (givenNonce == null || givenNonce.isEmpty()) {
            throw new InvalidRequestException("missing nonce"); // vault-compat: http/sys_rekey.go, sys_generate_root.go
        }
        if (!nonce.equals(givenNonce)) {
            // vault-compat: vault/rekey.go and generate_root.go
            throw new InvalidRequestException("incorrect nonce supplied; nonce for this " + operation
                    + " operation is " + nonce);
        }
        int expected = threshold == 1 ? 32 : 33;
        if (share.length != expected) {
            throw new InvalidRequestException("invalid key: expected a " + expected + "-byte key share, got "
                    + share.length + " bytes");
        }
        for (byte[] s : shares) {
            if (Arrays.equals(s, share)) {
                // vault-compat: vault/rekey.go, generate_root.go
                throw new InvalidRequestException("given key has already been provided during this " + operation
                        + " operation");
            }
        }
        shares.add(share.clone());
        if (shares.size() < threshold) {
            return Optional.empty();
        }
        // vault-compat: with a threshold of 1 the one share is the key itself
        byte[] key = threshold == 1 ? shares.get(0).clone() : Shamir.combine(shares);
        clear();
        return Optional.of(key);
    }

    /** Wipes and forgets every share. */
    void clear() {
        shares.forEach(s -> Arrays.fill(s, (byte) 0));
        shares.clear();
    }
}
