package io.strongroom.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.InvalidRequestException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShamirTest {

    private final SecureRandom random = new SecureRandom();

    private byte[] randomSecret(int n) {
        byte[] s = new byte[n];
        random.nextBytes(s);
        return s;
    }

    /** All k-element subsets of {0..n-1}. */
    private static List<int[]> subsets(int n, int k) {
        List<int[]> out = new ArrayList<>();
        collect(n, k, 0, new int[k], 0, out);
        return out;
    }

    private static void collect(int n, int k, int start, int[] cur, int depth, List<int[]> out) {
        if (depth == k) {
            out.add(cur.clone());
            return;
        }
        for (int i = start; i < n; i++) {
            cur[depth] = i;
            collect(n, k, i + 1, cur, depth + 1, out);
        }
    }

    private static List<byte[]> pick(List<byte[]> shares, int[] idx) {
        List<byte[]> out = new ArrayList<>();
        for (int i : idx) {
            out.add(shares.get(i));
        }
        return out;
    }

    @Test
    void fixedVector_byHand_threshold2() {
        // Secret byte 0x2A, polynomial f(x) = 0x2A + 0x07·x (threshold 2).
        //   f(1) = 0x2A ^ 0x07                    = 0x2D
        //   f(2) = 0x2A ^ (0x07·2 = 0x0E)          = 0x24
        //   f(3) = 0x2A ^ (0x07·3 = 0x0E^0x07=0x09) = 0x23
        int[] f = {0x2A, 0x07};
        assertThat(Shamir.evaluate(f, 1)).isEqualTo(0x2D);
        assertThat(Shamir.evaluate(f, 2)).isEqualTo(0x24);
        assertThat(Shamir.evaluate(f, 3)).isEqualTo(0x23);
        // Shares are y followed by x. Interpolating at 0 from x=1 and x=2 by hand:
        //   l1 = 2/(2^1) = 2/3, l2 = 1/(1^2) = 1/3; secret = 0x2D·l1 ^ 0x24·l2, which combine computes as 0x2A.
        byte[] s1 = {0x2D, 0x01};
        byte[] s2 = {0x24, 0x02};
        byte[] s3 = {0x23, 0x03};
        assertThat(Shamir.combine(List.of(s1, s2))).containsExactly(0x2A);
        assertThat(Shamir.combine(List.of(s3, s1))).containsExactly(0x2A);
        assertThat(Shamir.combine(List.of(s1, s2, s3))).containsExactly(0x2A);
    }

    @Test
    void fixedVector_byHand_reductionByAesPolynomial() {
        // Secret 0x00, f(x) = 0x80·x. At x=2: 0x80·2 = 0x100, reduced by 0x11B -> 0x1B.
        // At x=3: 0x80·3 = 0x1B ^ 0x80 = 0x9B. Both shares recover 0x00.
        int[] f = {0x00, 0x80};
        assertThat(Shamir.evaluate(f, 2)).isEqualTo(0x1B);
        assertThat(Shamir.evaluate(f, 3)).isEqualTo(0x9B);
        assertThat(Shamir.combine(List.of(new byte[] {0x1B, 2}, new byte[] {(byte) 0x9B, 3}))).containsExactly(0);
    }

    @Test
    void fixedVector_byHand_threshold3() {
        // f(x) = 0x01 + 0x01·x + 0x01·x^2.  f(1) = 1^1^1 = 0x01.  f(2) = 1^2^4 = 0x07.  f(3) = 1^3^(3·3=5) = 0x07.
        int[] f = {0x01, 0x01, 0x01};
        assertThat(Shamir.evaluate(f, 1)).isEqualTo(0x01);
        assertThat(Shamir.evaluate(f, 2)).isEqualTo(0x07);
        assertThat(Shamir.evaluate(f, 3)).isEqualTo(0x07);
        assertThat(Shamir.combine(List.of(new byte[] {1, 1}, new byte[] {7, 2}, new byte[] {7, 3})))
                .containsExactly(0x01);
    }

    @Test
    void split_32ByteKey_gives33ByteShares_withDistinctNonZeroXLast() {
        // vault-compat: vault-seal-spec 3.2 step 9, x-coordinate is the last byte.
        List<byte[]> shares = Shamir.split(randomSecret(32), 5, 3, random);
        assertThat(shares).hasSize(5).allSatisfy(s -> assertThat(s).hasSize(33));
        Set<Integer> xs = new HashSet<>();
        for (byte[] s : shares) {
            int x = s[32] & 0xFF;
            assertThat(x).isNotZero();
            xs.add(x);
        }
        assertThat(xs).hasSize(5);
    }

    @Test
    void split_xCoordinatesAreRandom() {
        Set<Set<Integer>> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            Set<Integer> xs = new HashSet<>();
            for (byte[] s : Shamir.split(new byte[] {1}, 5, 2, random)) {
                xs.add(s[1] & 0xFF);
            }
            seen.add(xs);
        }
        assertThat(seen).hasSizeGreaterThan(1);
    }

    @ParameterizedTest(name = "parts={0} threshold={1} length={2}")
    @CsvSource({"2,2,32", "3,2,1", "5,3,32", "6,4,16", "8,8,32", "10,5,7"})
    void combine_everyThresholdSubset_recovers_andFewerDoNot(int parts, int threshold, int length) {
        for (int round = 0; round < 3; round++) {
            byte[] secret = randomSecret(length);
            List<byte[]> shares = Shamir.split(secret, parts, threshold, random);
            for (int[] idx : subsets(parts, threshold)) {
                assertThat(Shamir.combine(pick(shares, idx))).isEqualTo(secret);
            }
            assertThat(Shamir.combine(shares)).as("more than threshold").isEqualTo(secret);
            if (threshold - 1 >= 2 && length >= 16) {
                // With t-1 shares the result is uniformly random: equal to the secret with probability 2^-(8n).
                for (int[] idx : subsets(parts, threshold - 1)) {
                    assertThat(Shamir.combine(pick(shares, idx))).isNotEqualTo(secret);
                }
            }
        }
    }

    @Test
    void split_255Parts_recovers() {
        byte[] secret = randomSecret(32);
        List<byte[]> shares = Shamir.split(secret, 255, 3, random);
        assertThat(Shamir.combine(List.of(shares.get(254), shares.get(0), shares.get(100)))).isEqualTo(secret);
    }

    @Test
    void split_doesNotModifySecret() {
        byte[] secret = randomSecret(32);
        byte[] copy = secret.clone();
        Shamir.split(secret, 3, 2, random);
        assertThat(secret).isEqualTo(copy);
    }

    @Test
    void split_invalidArguments_rejected() {
        byte[] s = {1, 2, 3};
        assertThatThrownBy(() -> Shamir.split(s, 1, 1, random)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("threshold must be at least 2");
        assertThatThrownBy(() -> Shamir.split(s, 256, 3, random)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("parts cannot exceed 255");
        assertThatThrownBy(() -> Shamir.split(s, 3, 4, random)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("parts cannot be less than threshold");
        assertThatThrownBy(() -> Shamir.split(s, 5, 1, random)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Shamir.split(new byte[0], 3, 2, random)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("cannot split an empty secret");
        assertThatThrownBy(() -> Shamir.split(null, 3, 2, random)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void combine_invalidShares_rejected() {
        List<byte[]> shares = Shamir.split(new byte[] {9, 9}, 3, 2, random);
        assertThatThrownBy(() -> Shamir.combine(List.of(shares.get(0)))).isInstanceOf(InvalidRequestException.class)
                .hasMessage("less than two parts cannot be used to reconstruct the secret");
        assertThatThrownBy(() -> Shamir.combine(List.of(shares.get(0), shares.get(0))))
                .isInstanceOf(InvalidRequestException.class).hasMessage("duplicate part detected");
        assertThatThrownBy(() -> Shamir.combine(List.of(shares.get(0), new byte[] {1, 2})))
                .isInstanceOf(InvalidRequestException.class).hasMessage("all parts must be the same length");
        assertThatThrownBy(() -> Shamir.combine(List.of(new byte[] {1}, new byte[] {2})))
                .isInstanceOf(InvalidRequestException.class).hasMessage("parts must be at least two bytes");
        assertThatThrownBy(() -> Shamir.combine(null)).isInstanceOf(InvalidRequestException.class);
    }
}
