package io.strongroom.awskms;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Assembles the awskms seal from a {@code seal "awskms"} block and the environment, in two steps a server may
 * separate: {@link #connect} resolves the settings and builds the KMS client (credential chain, region, endpoint;
 * no KMS call), {@link #checkKey} checks the key with {@code DescribeKey} and yields the {@link AwsKmsKeyWrapper}.
 * While KMS is unreachable a server retries only the second step, with the one client. {@link #open} does both.
 * Owns the client: close it to release the HTTP connections. Thread-safe.
 */
public final class AwsKmsSeal implements AutoCloseable {

    private final AwsKmsSealConfig config;
    private final BuiltClient client;
    private final KmsPort port;
    private volatile AwsKmsKeyWrapper wrapper;

    private AwsKmsSeal(AwsKmsSealConfig config, BuiltClient client, KmsCallObserver observer) {
        this.config = config;
        this.client = client;
        // a phrase that reads after "AWS KMS at"; the region is named separately by every message
        String endpoint = client.endpoint().isSet() ? client.endpoint().value() : "the regional endpoint";
        // default retry policy and time bounds (KmsTimeouts.DEFAULT: 5 s per attempt, 15 s per operation)
        this.port = new SdkKmsPort(client.client(), client.region().value(), endpoint, observer);
    }

    /**
     * Resolves the settings and builds the client; makes no KMS call.
     *
     * @throws io.strongroom.base.ConfigException for bad settings, naming the key
     */
    public static AwsKmsSeal connect(AwsKmsSealConfig config, Map<String, String> env) {
        return connect(config, env, KmsCallObserver.NOOP);
    }

    /**
     * As {@link #connect(AwsKmsSealConfig, Map)}; {@code observer} is told about every KMS operation (metrics).
     */
    public static AwsKmsSeal connect(AwsKmsSealConfig config, Map<String, String> env, KmsCallObserver observer) {
        return new AwsKmsSeal(config, KmsClientFactory.build(config, env), Objects.requireNonNull(observer));
    }

    /**
     * {@link #connect} and {@link #checkKey} at once; the client is closed if the check fails.
     *
     * @param block the {@code seal "awskms"} body (empty when activated by {@code VAULT_SEAL_TYPE} alone)
     * @param env the environment, passed in (never read from the process here)
     * @throws io.strongroom.base.ConfigException for bad settings, naming the key
     * @throws io.strongroom.seal.SealAccessException when the key cannot be described (permission, not found,
     *     disabled, unreachable, no credentials), with what to do
     */
    public static AwsKmsSeal open(Map<String, Object> block, Map<String, String> env, SecureRandom random) {
        AwsKmsSeal seal = connect(AwsKmsConfigResolver.resolve(block, env), env);
        try {
            seal.checkKey(random);
            return seal;
        } catch (RuntimeException e) {
            seal.close();
            throw e;
        }
    }

    /**
     * Checks the configured key with {@code DescribeKey} (it must exist, be usable by these credentials and be
     * enabled) and returns the wrapper; once that succeeded, returns the same wrapper without calling KMS again.
     *
     * @throws io.strongroom.seal.SealAccessException with the reason and what to do
     */
    public AwsKmsKeyWrapper checkKey(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        AwsKmsKeyWrapper w = wrapper;
        if (w == null) {
            synchronized (this) {
                w = wrapper;
                if (w == null) {
                    Map<String, String> meta = new LinkedHashMap<>();
                    meta.put("region", client.region().value());
                    if (client.endpoint().isSet()) {
                        meta.put("endpoint", client.endpoint().value());
                    }
                    w = AwsKmsKeyWrapper.create(port, config.kmsKeyId().value(), random, meta);
                    wrapper = w;
                }
            }
        }
        return w;
    }

    /** The wrapper, or null until {@link #checkKey} succeeded. */
    public AwsKmsKeyWrapper wrapper() {
        return wrapper;
    }

    /** @return the KMS client with the region, endpoint and credential source it was built with */
    public BuiltClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "AwsKmsSeal[" + (wrapper == null ? config.kmsKeyId().value() + " (not checked yet)" : wrapper.keyId())
                + ", " + client + "]";
    }
}
