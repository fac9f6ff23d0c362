package io.strongroom.seal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A sealed value, byte-compatible with go-kms-wrapping's protobuf {@code BlobInfo} (proto3, package
 * {@code github.com.hashicorp.go.kms.wrapping.v2.types}), so blobs written by Vault open here and the other way.
 *
 * <h2>Wire format</h2>
 * <pre>
 * message BlobInfo {
 *   bytes   ciphertext = 1;  // mechanism 1: AES-256-GCM output, ciphertext || 16-byte tag
 *                            // mechanism 0: the KMS CiphertextBlob itself
 *   bytes   iv         = 2;  // mechanism 1: the 12-byte GCM nonce
 *   KeyInfo key_info   = 5;
 *   // 3 hmac, 4 wrapped, 6 value_path, 7 plaintext, 8 client_data: not used by awskms; skipped on read
 * }
 * message KeyInfo {
 *   uint64 mechanism   = 1;  // 0 = KMS encrypts the value directly, 1 = local data key wrapped by KMS
 *   string key_id      = 3;  // the KMS key ARN that KMS reported for the Encrypt
 *   bytes  wrapped_key = 5;  // mechanism 1: the KMS CiphertextBlob of the 32-byte data key
 *   // 2, 4, 6..11: not used by awskms; skipped on read
 * }
 * </pre>
 *
 * <p>Writing follows proto3 as Go's marshaller does: fields in number order, default values (0, empty) left out.
 * Reading skips every unknown field (any number, any wire type) so newer writers stay readable, and a blob with no
 * {@code key_info} reads as mechanism 0 (what wrappers wrote before key info was stored).
 *
 * <p>The encoding itself is protobuf-java's {@link CodedOutputStream}/{@link CodedInputStream}. We do not generate
 * classes with protoc: two small messages do not justify a native compiler in the build, and generated
 * messages are mutable builders where this is an immutable value.
 *
 * <p>Immutable: arrays are copied in and out.
 */
public final class BlobInfo {

    private static final int F_CIPHERTEXT = 1;
    private static final int F_IV = 2;
    private static final int F_KEY_INFO = 5;

    private final byte[] ciphertext;
    private final byte[] iv;
    private final KeyInfo keyInfo;

    /**
     * @param ciphertext never null (empty allowed)
     * @param iv never null (empty for mechanism 0)
     * @param keyInfo null for a legacy blob without key info
     */
    public BlobInfo(byte[] ciphertext, byte[] iv, KeyInfo keyInfo) {
        this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
        this.iv = Objects.requireNonNull(iv, "iv").clone();
        this.keyInfo = keyInfo;
    }

    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    public byte[] iv() {
        return iv.clone();
    }

    /** The key info, or null when the blob has none (legacy: treat as mechanism 0). */
    public KeyInfo keyInfo() {
        return keyInfo;
    }

    /** The protobuf encoding. */
    public byte[] toByteArray() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ciphertext.length + iv.length + 256);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            if (ciphertext.length > 0) {
                out.writeByteArray(F_CIPHERTEXT, ciphertext);
            }
            if (iv.length > 0) {
                out.writeByteArray(F_IV, iv);
            }
            if (keyInfo != null) {
                // proto3 writes a present sub-message even when all its fields are default
                out.writeByteArray(F_KEY_INFO, keyInfo.toByteArray());
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: in-memory stream
        }
        return bytes.toByteArray();
    }

    /**
     * Parses the protobuf encoding.
     *
     * @throws DecryptionFailedException when the bytes are not a valid protobuf message (truncated, bad varint,
     *     bad length); the protobuf error is kept as the cause
     */
    public static BlobInfo parseFrom(byte[] encoded) {
        Objects.requireNonNull(encoded, "encoded");
        try {
            CodedInputStream in = CodedInputStream.newInstance(encoded);
            byte[] ciphertext = new byte[0];
            byte[] iv = new byte[0];
            KeyInfo keyInfo = null;
            int tag;
            while ((tag = in.readTag()) != 0) {
                int field = WireFormat.getTagFieldNumber(tag);
                boolean lengthDelimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
                if (field == F_CIPHERTEXT && lengthDelimited) {
                    ciphertext = in.readByteArray();
                } else if (field == F_IV && lengthDelimited) {
                    iv = in.readByteArray();
                } else if (field == F_KEY_INFO && lengthDelimited) {
                    keyInfo = KeyInfo.parseFrom(in.readByteArray());
                } else if (!in.skipField(tag)) {
                    break; // an end-group tag at top level: protobuf-java stops the same way
                }
            }
            return new BlobInfo(ciphertext, iv, keyInfo);
        } catch (InvalidProtocolBufferException e) {
            throw new DecryptionFailedException("malformed seal blob: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DecryptionFailedException("malformed seal blob", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobInfo b
                && Arrays.equals(ciphertext, b.ciphertext)
                && Arrays.equals(iv, b.iv)
                && Objects.equals(keyInfo, b.keyInfo);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(ciphertext) + Arrays.hashCode(iv)) + Objects.hashCode(keyInfo);
    }

    /** Sizes and the key id only: a blob's bytes are not secret, but they are noise in logs. */
    @Override
    public String toString() {
        return "BlobInfo[ciphertext=" + ciphertext.length + " bytes, iv=" + iv.length + " bytes, keyInfo=" + keyInfo + "]";
    }
}
