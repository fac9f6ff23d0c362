package io.strongroom.core.lifecycle;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.shamir.Shamir;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The key shares submitted so far in one unseal (or recovery) attempt. Shares are secrets: they are copied in,
 * wiped on reset, and never shown; {@link #progress()} and {@link #nonce()} are readable without the caller's lock
 * so that status requests never wait on an unseal that is calling KMS.
 *
 * <p>Not thread-safe for changes: the lifecycle calls {@link #add} and {@link #reset} under its lock.
 */
final class UnsealProgress {

    private final List<byte[]> shares = new ArrayList<>();
    private volatile String nonce = "";
    private volatile int progress;

    int progress() {
        return progress;
    }

    String nonce() {
        return nonce;
    }

    /**
     * Adds a share; once {@code config}'s threshold is reached, combines the shares, resets, and returns the key
     * (the caller wipes it).
     *
     * @throws InvalidRequestException for a share of the wrong length or one given twice (vault-compat texts)
     */
    Optional<byte[]> add(byte[] share, SealConfig config) {
        int expected = config.secretThreshold() == 1 ? 32 : 33;
        if (share.length != expected) {
            throw new InvalidRequestException("invalid key: expected a " + expected + "-byte key share, got "
                    + share.length + " bytes");
        }
        for (byte[] s : shares) {
            if (Arrays.equals(s, share)) {
                throw new InvalidRequestException("given key has already been provided during this unseal operation");
            }
        }
        if (shares.isEmpty()) {
            nonce = UUID.randomUUID().toString();
        }
        shares.add(share.clone());
        progress = shares.size();
        if (shares.size() < config.secretThreshold()) {
            return Optional.empty();
        }
        // vault-compat: with a threshold of 1 the one share is the key itself
        byte[] key = config.secretThreshold() == 1 ? shares.get(0).clone() : Shamir.combine(shares);
        reset();
        return Optional.of(key);
    }

    /** Forgets and wipes every share. */
    void reset() {
        shares.forEach(s -> Arrays.fill(s, (byte) 0));
        shares.clear();
        progress = 0;
        nonce = "";
    }
}
