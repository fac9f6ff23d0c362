package io.strongroom.seal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The {@code key_info} sub-message of a {@link BlobInfo}: which mechanism sealed the value, under which key, and
 * (for the envelope mechanism) the wrapped data key. Wire format in {@link BlobInfo}'s Javadoc. Immutable.
 */
public final class KeyInfo {

    /** KMS encrypted the value itself (legacy; at most 4 KiB). */
    public static final long MECHANISM_KMS_DIRECT = 0;
    /** A local AES-256-GCM data key encrypted the value; KMS wrapped the data key. What Strongroom writes. */
    public static final long MECHANISM_ENVELOPE_AES_GCM = 1;

    private static final int F_MECHANISM = 1;
    private static final int F_KEY_ID = 3;
    private static final int F_WRAPPED_KEY = 5;

    private final long mechanism;
    private final String keyId;
    private final byte[] wrappedKey;

    public KeyInfo(long mechanism, String keyId, byte[] wrappedKey) {
        this.mechanism = mechanism;
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.wrappedKey = Objects.requireNonNull(wrappedKey, "wrappedKey").clone();
    }

    public long mechanism() {
        return mechanism;
    }

    public String keyId() {
        return keyId;
    }

    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    byte[] toByteArray() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(wrappedKey.length + keyId.length() + 16);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            if (mechanism != 0) {
                out.writeUInt64(F_MECHANISM, mechanism);
            }
            if (!keyId.isEmpty()) {
                out.writeString(F_KEY_ID, keyId);
            }
            if (wrappedKey.length > 0) {
                out.writeByteArray(F_WRAPPED_KEY, wrappedKey);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static KeyInfo parseFrom(byte[] encoded) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(encoded);
        long mechanism = 0;
        String keyId = "";
        byte[] wrappedKey = new byte[0];
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wireType = WireFormat.getTagWireType(tag);
            if (field == F_MECHANISM && wireType == WireFormat.WIRETYPE_VARINT) {
                mechanism = in.readUInt64();
            } else if (field == F_KEY_ID && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                keyId = in.readStringRequireUtf8();
            } else if (field == F_WRAPPED_KEY && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                wrappedKey = in.readByteArray();
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        return new KeyInfo(mechanism, keyId, wrappedKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyInfo k
                && mechanism == k.mechanism
                && keyId.equals(k.keyId)
                && Arrays.equals(wrappedKey, k.wrappedKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mechanism, keyId, Arrays.hashCode(wrappedKey));
    }

    @Override
    public String toString() {
        return "KeyInfo[mechanism=" + mechanism + ", keyId=" + keyId + ", wrappedKey=" + wrappedKey.length + " bytes]";
    }
}
