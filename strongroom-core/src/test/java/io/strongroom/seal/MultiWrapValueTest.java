package io.strongroom.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** vault-compat: the multi-wrap format of vault-seal-spec 3.10. */
class MultiWrapValueTest {

    private static final byte[] PLAIN = "root key".getBytes(StandardCharsets.UTF_8);
    private final TestKms east = new TestKms("arn:east");
    private final TestKms west = new TestKms("arn:west");

    @Test
    void twoSlots_roundTrip_keepsGenerationAndSlots() {
        MultiWrapValue v = new MultiWrapValue(7, List.of(east.encrypt(PLAIN, null), west.encrypt(PLAIN, null)));
        MultiWrapValue back = MultiWrapValue.parseFrom(v.toByteArray());
        assertThat(back.generation()).isEqualTo(7);
        assertThat(back.keyIds()).containsExactly("arn:east", "arn:west");
        assertThat(west.decrypt(back.slots().get(1), null)).isEqualTo(PLAIN);
        assertThat(east.decrypt(back.slots().get(0), null)).isEqualTo(PLAIN);
    }

    @Test
    void oneSlot_isThePlainBlobInfo_byteIdentical_readsAsGenerationZero() {
        BlobInfo blob = east.encrypt(PLAIN, null);
        byte[] stored = new MultiWrapValue(5, List.of(blob)).toByteArray();
        assertThat(stored).isEqualTo(blob.toByteArray());
        MultiWrapValue back = MultiWrapValue.parseFrom(stored);
        assertThat(back.generation()).isZero();
        assertThat(back.slots()).hasSize(1);
        assertThat(east.decrypt(back.slots().get(0), null)).isEqualTo(PLAIN);
    }

    @Test
    void twoSlots_bytes_startWithHeaderThenBigEndianLengthOfTheRest() {
        byte[] stored = new MultiWrapValue(3, List.of(east.encrypt(PLAIN, null), west.encrypt(PLAIN, null)))
                .toByteArray();
        assertThat(new String(stored, 0, 16, StandardCharsets.US_ASCII)).isEqualTo("multiwrapvalue:1");
        assertThat(ByteBuffer.wrap(stored, 16, 4).getInt()).isEqualTo(stored.length - 20);
        // field 1 (generation) varint first: tag 0x08, value 3
        assertThat(stored[20]).isEqualTo((byte) 0x08);
        assertThat(stored[21]).isEqualTo((byte) 3);
        assertThat(MultiWrapValue.hasHeader(stored)).isTrue();
    }

    @Test
    void parse_lengthBeyondTheBytes_failsAsDecryptionFailed() {
        byte[] stored = new MultiWrapValue(1, List.of(east.encrypt(PLAIN, null), west.encrypt(PLAIN, null)))
                .toByteArray();
        ByteBuffer.wrap(stored).putInt(16, stored.length);
        assertThatThrownBy(() -> MultiWrapValue.parseFrom(stored)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void parse_negativeLength_failsAsDecryptionFailed() {
        byte[] stored = new MultiWrapValue(1, List.of(east.encrypt(PLAIN, null), west.encrypt(PLAIN, null)))
                .toByteArray();
        ByteBuffer.wrap(stored).putInt(16, -1);
        assertThatThrownBy(() -> MultiWrapValue.parseFrom(stored)).isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void parse_headerWithoutSlots_failsAsDecryptionFailed() {
        byte[] stored = ByteBuffer.allocate(22).put("multiwrapvalue:1".getBytes(StandardCharsets.US_ASCII))
                .putInt(2).put((byte) 0x08).put((byte) 1).array();
        assertThatThrownBy(() -> MultiWrapValue.parseFrom(stored)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("no slots");
    }

    @Test
    void parse_truncatedBody_failsAsDecryptionFailed() {
        byte[] stored = new MultiWrapValue(1, List.of(east.encrypt(PLAIN, null), west.encrypt(PLAIN, null)))
                .toByteArray();
        byte[] cut = Arrays.copyOf(stored, stored.length - 10);
        ByteBuffer.wrap(cut).putInt(16, cut.length - 20); // a consistent length over a cut-off slot
        assertThatThrownBy(() -> MultiWrapValue.parseFrom(cut)).isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void parse_garbageWithoutHeader_failsAsDecryptionFailed() {
        assertThatThrownBy(() -> MultiWrapValue.parseFrom(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void parse_unknownFields_areSkipped() {
        byte[] blob = east.encrypt(PLAIN, null).toByteArray();
        ByteBuffer body = ByteBuffer.allocate(4 + 3 + blob.length);
        body.put((byte) 0x08).put((byte) 2); // generation 2
        body.put((byte) 0x18).put((byte) 9); // field 3 varint: unknown
        body.put((byte) 0x12).put((byte) blob.length).put(blob);
        byte[] msg = Arrays.copyOf(body.array(), body.position());
        byte[] stored = ByteBuffer.allocate(20 + msg.length).put("multiwrapvalue:1".getBytes(StandardCharsets.US_ASCII))
                .putInt(msg.length).put(msg).array();
        MultiWrapValue v = MultiWrapValue.parseFrom(stored);
        assertThat(v.generation()).isEqualTo(2);
        assertThat(east.decrypt(v.slots().get(0), null)).isEqualTo(PLAIN);
    }

    @Test
    void constructor_noSlot_isRefused() {
        assertThatThrownBy(() -> new MultiWrapValue(1, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
