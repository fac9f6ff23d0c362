package io.strongroom.seal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A value wrapped by several seals at once (Seal HA), in Vault's multi-wrap format (vault-compat: vault-seal-spec
 * 3.10, Vault 1.15+):
 *
 * <pre>
 *   one slot:   the plain BlobInfo protobuf (what a single seal always wrote; generation reads as 0)
 *   two or more: "multiwrapvalue:1" (16 ASCII bytes) || uint32 big-endian length N || N bytes of
 *                message MultiWrapValue { uint64 generation = 1; repeated BlobInfo slots = 2; }
 * </pre>
 *
 * Readers try the header first, then a plain BlobInfo, so every store written with one seal reads unchanged.
 * Immutable.
 *
 * @param generation the seal generation (core/seal-gen-info) the value was wrapped under; 0 for a plain blob
 * @param slots one blob per seal that wrapped it, in the seals' priority order
 */
public record MultiWrapValue(long generation, List<BlobInfo> slots) {

    private static final byte[] HEADER = "multiwrapvalue:1".getBytes(StandardCharsets.US_ASCII);
    private static final int F_GENERATION = 1;
    private static final int F_SLOTS = 2;

    public MultiWrapValue {
        slots = List.copyOf(slots);
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("a wrapped value needs at least one slot");
        }
    }

    /** The key ids recorded in the slots, in slot order (a slot without key info gives ""). */
    public List<String> keyIds() {
        return slots.stream().map(b -> b.keyInfo() == null ? "" : b.keyInfo().keyId()).toList();
    }

    /** Whether {@code raw} starts with the multi-wrap header (else it is a plain BlobInfo). */
    public static boolean hasHeader(byte[] raw) {
        return raw.length >= HEADER.length + 4 && Arrays.equals(raw, 0, HEADER.length, HEADER, 0, HEADER.length);
    }

    /** The stored bytes: a plain BlobInfo for one slot, the header format otherwise. */
    public byte[] toByteArray() {
        if (slots.size() == 1) {
            return slots.get(0).toByteArray();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(body);
        try {
            if (generation != 0) {
                out.writeUInt64(F_GENERATION, generation);
            }
            for (BlobInfo b : slots) {
                out.writeByteArray(F_SLOTS, b.toByteArray());
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory stream
        }
        byte[] msg = body.toByteArray();
        return ByteBuffer.allocate(HEADER.length + 4 + msg.length).put(HEADER).putInt(msg.length).put(msg).array();
    }

    /**
     * Reads either form.
     *
     * @throws DecryptionFailedException when the bytes are neither a valid header value nor a BlobInfo
     */
    public static MultiWrapValue parseFrom(byte[] raw) {
        if (!hasHeader(raw)) {
            return new MultiWrapValue(0, List.of(BlobInfo.parseFrom(raw)));
        }
        int len = ByteBuffer.wrap(raw, HEADER.length, 4).getInt();
        int start = HEADER.length + 4;
        if (len < 0 || len > raw.length - start) {
            throw new DecryptionFailedException("malformed multi-wrap value: length " + len + " exceeds the "
                    + (raw.length - start) + " bytes that follow the header");
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(raw, start, len);
            long generation = 0;
            List<BlobInfo> slots = new ArrayList<>();
            int tag;
            while ((tag = in.readTag()) != 0) {
                int field = WireFormat.getTagFieldNumber(tag);
                int type = WireFormat.getTagWireType(tag);
                if (field == F_GENERATION && type == WireFormat.WIRETYPE_VARINT) {
                    generation = in.readUInt64();
                } else if (field == F_SLOTS && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    slots.add(BlobInfo.parseFrom(in.readByteArray()));
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
            if (slots.isEmpty()) {
                throw new DecryptionFailedException("malformed multi-wrap value: no slots");
            }
            return new MultiWrapValue(generation, slots);
        } catch (IOException e) {
            throw new DecryptionFailedException("malformed multi-wrap value: " + e.getMessage(), e);
        }
    }
}
