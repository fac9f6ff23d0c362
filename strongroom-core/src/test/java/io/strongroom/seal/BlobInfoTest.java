package io.strongroom.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * vault-compat: the protobuf encoding of go-kms-wrapping's BlobInfo. The vectors are worked out by hand from the
 * protobuf wire rules (tag = field << 3 | wire type), not taken from another implementation.
 */
class BlobInfoTest {

    private static final HexFormat HEX = HexFormat.of();

    // BlobInfo{ciphertext=0102, iv=03, key_info{mechanism=1, key_id="k", wrapped_key=04}}
    //   0a 02 01 02        field 1 (ciphertext), length-delimited, 2 bytes
    //   12 01 03           field 2 (iv), 1 byte
    //   2a 08              field 5 (key_info), 8 bytes:
    //     08 01            field 1 (mechanism), varint 1
    //     1a 01 6b         field 3 (key_id), "k"
    //     2a 01 04         field 5 (wrapped_key), 1 byte
    private static final String VECTOR = "0a020102" + "120103" + "2a08" + "0801" + "1a016b" + "2a0104";

    @Test
    void toByteArray_matchesHandEncodedProtobuf() {
        BlobInfo blob = new BlobInfo(new byte[] {1, 2}, new byte[] {3}, new KeyInfo(1, "k", new byte[] {4}));
        assertThat(HEX.formatHex(blob.toByteArray())).isEqualTo(VECTOR);
    }

    @Test
    void parseFrom_handEncodedProtobuf_givesFields() {
        BlobInfo blob = BlobInfo.parseFrom(HEX.parseHex(VECTOR));
        assertThat(blob.ciphertext()).containsExactly(1, 2);
        assertThat(blob.iv()).containsExactly(3);
        assertThat(blob.keyInfo()).isEqualTo(new KeyInfo(1, "k", new byte[] {4}));
    }

    @Test
    void parseFrom_unknownFieldsOfEveryWireType_areSkipped() {
        // BlobInfo field 4 (wrapped, bool varint) = 1; field 6 (value_path, string) = "p";
        // KeyInfo field 6 (flags, varint) = 300 (ac 02); field 9 (fixed64) and field 10 (fixed32) unknown too.
        String withUnknown = "2001" + "0a020102" + "320170" + "120103"
                + "2a19" + "0801" + "30ac02" + "49" + "0102030405060708" + "55" + "01020304" + "1a016b" + "2a0104";
        BlobInfo blob = BlobInfo.parseFrom(HEX.parseHex(withUnknown));
        assertThat(blob).isEqualTo(BlobInfo.parseFrom(HEX.parseHex(VECTOR)));
    }

    @Test
    void parseFrom_noKeyInfo_isNullMeaningMechanismZero() {
        BlobInfo blob = BlobInfo.parseFrom(HEX.parseHex("0a020102"));
        assertThat(blob.keyInfo()).isNull();
        assertThat(blob.iv()).isEmpty();
    }

    @Test
    void toByteArray_defaultsOmitted_likeProto3() {
        BlobInfo blob = new BlobInfo(new byte[0], new byte[0], new KeyInfo(0, "", new byte[0]));
        assertThat(HEX.formatHex(blob.toByteArray())).isEqualTo("2a00");
    }

    @Test
    void parseFrom_truncated_failsAsDecryptionFailed() {
        byte[] full = HEX.parseHex(VECTOR);
        assertThatThrownBy(() -> BlobInfo.parseFrom(java.util.Arrays.copyOf(full, 3)))
                .isInstanceOf(DecryptionFailedException.class).hasMessageContaining("malformed seal blob");
        assertThatThrownBy(() -> BlobInfo.parseFrom(java.util.Arrays.copyOf(full, full.length - 1)))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void parseFrom_invalidUtf8KeyId_fails() {
        assertThatThrownBy(() -> BlobInfo.parseFrom(HEX.parseHex("2a031a01ff")))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void value_isImmutable() {
        byte[] ct = {1, 2};
        BlobInfo blob = new BlobInfo(ct, new byte[0], null);
        ct[0] = 9;
        blob.ciphertext()[1] = 9;
        assertThat(blob.ciphertext()).containsExactly(1, 2);
    }
}
