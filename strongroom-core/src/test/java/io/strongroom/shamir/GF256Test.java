package io.strongroom.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GF256Test {

    /** Reference: carry-less multiply to 15 bits, then reduce by 0x11B from the top bit down. */
    private static int slowMul(int a, int b) {
        int p = 0;
        for (int i = 0; i < 8; i++) {
            if ((b & (1 << i)) != 0) {
                p ^= a << i;
            }
        }
        for (int bit = 14; bit >= 8; bit--) {
            if ((p & (1 << bit)) != 0) {
                p ^= 0x11B << (bit - 8);
            }
        }
        return p;
    }

    @Test
    void mul_aesSpecExamples() {
        // FIPS-197 section 4.2: {57} • {83} = {c1} and {57} • {13} = {fe}.
        assertThat(GF256.mul(0x57, 0x83)).isEqualTo(0xC1);
        assertThat(GF256.mul(0x57, 0x13)).isEqualTo(0xFE);
        // FIPS-197 4.2.1 xtime chain: {57}·{02} = {ae}, ·{04} = {47}, ·{08} = {8e}, ·{10} = {07}.
        assertThat(GF256.mul(0x57, 0x02)).isEqualTo(0xAE);
        assertThat(GF256.mul(0x57, 0x04)).isEqualTo(0x47);
        assertThat(GF256.mul(0x57, 0x08)).isEqualTo(0x8E);
        assertThat(GF256.mul(0x57, 0x10)).isEqualTo(0x07);
        // x^7 · x = x^8 ≡ x^4 + x^3 + x + 1.
        assertThat(GF256.mul(0x80, 0x02)).isEqualTo(0x1B);
    }

    @Test
    void mul_allPairs_matchReference_andCommute() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                int p = GF256.mul(a, b);
                assertThat(p).isEqualTo(slowMul(a, b)).isEqualTo(GF256.mul(b, a));
            }
        }
    }

    @Test
    void inverse_spotChecks() {
        assertThat(GF256.inverse(0x01)).isEqualTo(0x01);
        // FIPS-197 5.1.1: the S-box starts from the inverse, and {53}^-1 = {ca}.
        assertThat(GF256.inverse(0x53)).isEqualTo(0xCA);
        assertThat(GF256.inverse(0xCA)).isEqualTo(0x53);
        // x^-1 = x^7 + x^3 + x^2 + 1 = {8d}, since x · {8d} = {11a} ^ {11b} = 1.
        assertThat(GF256.inverse(0x02)).isEqualTo(0x8D);
        assertThat(GF256.inverse(0x03)).isEqualTo(0xF6);
        assertThat(GF256.inverse(0x00)).isEqualTo(0x00);
    }

    @Test
    void inverse_everyNonZeroElement_multipliesToOne() {
        for (int a = 1; a < 256; a++) {
            assertThat(GF256.mul(a, GF256.inverse(a))).as("a=%d", a).isEqualTo(1);
        }
    }

    @Test
    void div_undoesMul_andRejectsZero() {
        assertThat(GF256.div(GF256.mul(0x57, 0x83), 0x83)).isEqualTo(0x57);
        assertThatThrownBy(() -> GF256.div(1, 0)).isInstanceOf(ArithmeticException.class);
    }
}
