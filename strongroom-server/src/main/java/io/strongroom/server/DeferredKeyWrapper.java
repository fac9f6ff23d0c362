package io.strongroom.server;

import io.strongroom.seal.BlobInfo;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.seal.SealAccessException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A seal whose construction (for awskms: {@code DescribeKey}) may fail for a while because KMS is unreachable.
 * The server starts anyway, sealed, and each use tries to build the real wrapper again; once built it is kept.
 * Only transient failures (unreachable, throttled) are deferred this way: a configuration mistake (access
 * denied, no such key, disabled key) fails the start at once, which is the server's job to decide.
 */
final class DeferredKeyWrapper implements KeyWrapper {

    private final String type;
    private final String configuredKeyId;
    private final Supplier<KeyWrapper> factory;
    private volatile KeyWrapper delegate;

    DeferredKeyWrapper(String type, String configuredKeyId, Supplier<KeyWrapper> factory) {
        this.type = Objects.requireNonNull(type);
        this.configuredKeyId = Objects.requireNonNull(configuredKeyId);
        this.factory = Objects.requireNonNull(factory);
    }

    /** The real wrapper, built now if it was not yet. */
    KeyWrapper get() {
        KeyWrapper d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    d = factory.get();
                    delegate = d;
                }
            }
        }
        return d;
    }

    /** Tries to build the wrapper; a transient failure is returned, not thrown. */
    SealAccessException tryBuild() {
        try {
            get();
            return null;
        } catch (SealAccessException e) {
            if (!e.reason().isTransient()) {
                throw e;
            }
            return e;
        }
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String keyId() {
        KeyWrapper d = delegate;
        return d == null ? configuredKeyId : d.keyId();
    }

    @Override
    public BlobInfo encrypt(byte[] plaintext, byte[] aad) {
        return get().encrypt(plaintext, aad);
    }

    @Override
    public byte[] decrypt(BlobInfo blob, byte[] aad) {
        return get().decrypt(blob, aad);
    }

    @Override
    public Map<String, String> metadata() {
        KeyWrapper d = delegate;
        return d == null ? Map.of("key_id", configuredKeyId) : d.metadata();
    }

    @Override
    public String toString() {
        return "DeferredKeyWrapper[" + (delegate == null ? "pending " + configuredKeyId : delegate) + "]";
    }
}
