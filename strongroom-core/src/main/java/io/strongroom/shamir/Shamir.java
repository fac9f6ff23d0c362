package io.strongroom.shamir;

import io.strongroom.base.InvalidRequestException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Shamir secret sharing over GF(2^8) ({@link GF256}), byte by byte: each secret byte is the constant term of its
 * own random polynomial of degree {@code threshold - 1}, and a share holds that polynomial's value at the share's
 * x-coordinate.
 *
 * <h2>Share format</h2>
 * // vault-compat: Vault's {@code shamir} package and vault-seal-spec 3.2 step 9. A share of an n-byte secret is
 * n + 1 bytes: the n y-values (one per secret byte, in order) followed by ONE byte, the x-coordinate. The
 * x-coordinates of one split are distinct, non-zero (x = 0 would be the secret itself) and chosen at random, so a
 * share's position in the output says nothing about its x. A 32-byte key gives 33-byte shares.
 *
 * <p>Vault returns the key itself, unsplit, when asked for one share with threshold one; this class refuses that
 * case (threshold must be at least 2) and the caller is expected to handle it.
 *
 * <p>Stateless and thread-safe.
 */
public final class Shamir {

    /** At most 255 shares: there are only 255 non-zero x-coordinates. */
    public static final int MAX_PARTS = 255;

    private Shamir() {
    }

    /**
     * Splits a secret into {@code parts} shares, any {@code threshold} of which recover it.
     *
     * @param secret at least one byte; not modified
     * @param parts 2..255
     * @param threshold 2..parts
     * @param random the source of coefficients and x-coordinates
     * @return {@code parts} shares, each {@code secret.length + 1} bytes
     * @throws InvalidRequestException on invalid arguments (messages follow Vault's)
     */
    public static List<byte[]> split(byte[] secret, int parts, int threshold, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        if (parts < threshold) {
            throw new InvalidRequestException("parts cannot be less than threshold");
        }
        if (parts > MAX_PARTS) {
            throw new InvalidRequestException("parts cannot exceed " + MAX_PARTS);
        }
        if (threshold < 2) {
            throw new InvalidRequestException("threshold must be at least 2");
        }
        if (secret == null || secret.length == 0) {
            throw new InvalidRequestException("cannot split an empty secret");
        }

        int[] xs = randomDistinctNonZero(parts, random);
        List<byte[]> shares = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            byte[] share = new byte[secret.length + 1];
            share[secret.length] = (byte) xs[i];
            shares.add(share);
        }

        int[] coefficients = new int[threshold];
        byte[] randomCoefficients = new byte[threshold - 1];
        try {
            for (int idx = 0; idx < secret.length; idx++) {
                coefficients[0] = secret[idx] & 0xFF;
                random.nextBytes(randomCoefficients);
                for (int k = 1; k < threshold; k++) {
                    coefficients[k] = randomCoefficients[k - 1] & 0xFF;
                }
                for (int i = 0; i < parts; i++) {
                    shares.get(i)[idx] = (byte) evaluate(coefficients, xs[i]);
                }
            }
        } finally {
            // The coefficients determine the secret; do not leave them in memory.
            Arrays.fill(coefficients, 0);
            Arrays.fill(randomCoefficients, (byte) 0);
        }
        return shares;
    }

    /**
     * Recovers a secret from shares made by {@link #split}. Given fewer shares than the threshold it returns a
     * value unrelated to the secret; it cannot detect that (Shamir shares carry no checksum).
     *
     * @param shares at least 2 shares of equal length (at least 2 bytes) with distinct x-coordinates; not modified
     * @return the secret, one byte shorter than each share
     * @throws InvalidRequestException on invalid shares (messages follow Vault's)
     */
    public static byte[] combine(List<byte[]> shares) {
        if (shares == null || shares.size() < 2) {
            throw new InvalidRequestException("less than two parts cannot be used to reconstruct the secret");
        }
        int length = -1;
        boolean[] seen = new boolean[256];
        int[] xs = new int[shares.size()];
        for (int i = 0; i < shares.size(); i++) {
            byte[] share = shares.get(i);
            if (share == null) {
                throw new InvalidRequestException("share must not be null");
            }
            if (length < 0) {
                length = share.length;
                if (length < 2) {
                    throw new InvalidRequestException("parts must be at least two bytes");
                }
            } else if (share.length != length) {
                throw new InvalidRequestException("all parts must be the same length");
            }
            int x = share[length - 1] & 0xFF;
            if (seen[x]) {
                throw new InvalidRequestException("duplicate part detected");
            }
            seen[x] = true;
            xs[i] = x;
        }

        // Lagrange interpolation at x = 0: secret = sum_i y_i * l_i with l_i = prod_{j != i} x_j / (x_j - x_i).
        // The basis l_i depends only on the x-coordinates, so compute it once for all bytes.
        int[] basis = new int[xs.length];
        for (int i = 0; i < xs.length; i++) {
            int l = 1;
            for (int j = 0; j < xs.length; j++) {
                if (j != i) {
                    l = GF256.mul(l, GF256.div(xs[j], GF256.add(xs[j], xs[i])));
                }
            }
            basis[i] = l;
        }

        byte[] secret = new byte[length - 1];
        for (int idx = 0; idx < secret.length; idx++) {
            int value = 0;
            for (int i = 0; i < xs.length; i++) {
                value ^= GF256.mul(shares.get(i)[idx] & 0xFF, basis[i]);
            }
            secret[idx] = (byte) value;
        }
        return secret;
    }

    /** Evaluates the polynomial with {@code coefficients[k]} for x^k at {@code x} (Horner's rule). */
    static int evaluate(int[] coefficients, int x) {
        int y = 0;
        for (int k = coefficients.length - 1; k >= 0; k--) {
            y = GF256.mul(y, x) ^ coefficients[k];
        }
        return y;
    }

    /** {@code n} distinct values from 1..255 in random order: the head of a Fisher-Yates shuffle. */
    private static int[] randomDistinctNonZero(int n, SecureRandom random) {
        int[] all = new int[MAX_PARTS];
        for (int i = 0; i < all.length; i++) {
            all[i] = i + 1;
        }
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(all.length - i);
            int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        return Arrays.copyOf(all, n);
    }
}
