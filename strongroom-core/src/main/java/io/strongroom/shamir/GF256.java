package io.strongroom.shamir;

/**
 * Arithmetic in GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11B). Elements are ints in
 * 0..255. Addition and subtraction are both XOR.
 *
 * <p>Why no log/exp tables: a table lookup indexed by a secret byte leaks that byte through the CPU cache, and
 * Shamir shares are computed from the secret. {@link #mul} instead runs the same eight rounds of shift-and-add
 * for every input, choosing "add" or "reduce" with all-ones/all-zeros masks instead of branches, so its timing
 * does not depend on the operands. {@link #inverse} is {@code a^254} by a fixed square-and-multiply chain (in
 * GF(2^8) {@code a^255 = 1} for {@code a != 0}), which is constant-time for the same reason. The JIT gives no hard
 * guarantee, hence "constant-time-ish".
 */
public final class GF256 {

    private GF256() {
    }

    /** a + b (and a - b): XOR. */
    public static int add(int a, int b) {
        return (a ^ b) & 0xFF;
    }

    /** a · b modulo 0x11B, branch-free. */
    public static int mul(int a, int b) {
        a &= 0xFF;
        b &= 0xFF;
        int product = 0;
        for (int i = 0; i < 8; i++) {
            // If the low bit of b is set, add a: -(bit) is 0xFFFFFFFF or 0.
            product ^= a & -(b & 1);
            b >>>= 1;
            // a := a·x; if that overflowed x^7 into x^8, reduce by subtracting (XOR) 0x11B, i.e. XOR 0x1B after
            // dropping bit 8.
            int carry = -((a >>> 7) & 1);
            a = ((a << 1) ^ (carry & 0x1B)) & 0xFF;
        }
        return product;
    }

    /** The multiplicative inverse a^-1, computed as a^254; inverse(0) is 0 (callers must not divide by zero). */
    public static int inverse(int a) {
        // a^254 = a^2 · a^4 · a^8 · a^16 · a^32 · a^64 · a^128: seven squarings, seven multiplications.
        int square = a & 0xFF;
        int result = 1;
        for (int i = 0; i < 7; i++) {
            square = mul(square, square);
            result = mul(result, square);
        }
        return result;
    }

    /**
     * a / b.
     *
     * @throws ArithmeticException if b is 0
     */
    public static int div(int a, int b) {
        if ((b & 0xFF) == 0) {
            throw new ArithmeticException("division by zero in GF(2^8)");
        }
        return mul(a, inverse(b));
    }
}
