package io.strongroom.awskms;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Assembles the awskms seal from a {@code seal "awskms"} block and the environment: resolve the settings, build
 * the KMS client (credential chain, region, endpoint), wrap it in {@link SdkKmsPort} (retries, error mapping),
 * and check the key with {@code DescribeKey} ({@link AwsKmsKeyWrapper#create}). The one entry point a server or
 * a Java program needs. Owns the client: close it to release the HTTP connections.
 */
public final class AwsKmsSeal implements AutoCloseable {

    private final AwsKmsSealConfig config;
    private final BuiltClient client;
    private final AwsKmsKeyWrapper wrapper;

    private AwsKmsSeal(AwsKmsSealConfig config, BuiltClient client, AwsKmsKeyWrapper wrapper) {
        this.config = config;
        this.client = client;
        this.wrapper = wrapper;
    }

    /**
     * @param block the {@code seal "awskms"} body (empty when activated by {@code VAULT_SEAL_TYPE} alone)
     * @param env the environment, passed in (never read from the process here)
     * @throws io.strongroom.core.ConfigException for bad settings, naming the key
     * @throws io.strongroom.seal.SealAccessException when the key cannot be described (permission, not found,
     *     disabled, unreachable, no credentials), with what to do
     */
    public static AwsKmsSeal open(Map<String, Object> block, Map<String, String> env, SecureRandom random) {
        AwsKmsSealConfig config = AwsKmsConfigResolver.resolve(block, env);
        return open(config, env, random);
    }

    /** As {@link #open(Map, Map, SecureRandom)} for settings already resolved. */
    public static AwsKmsSeal open(AwsKmsSealConfig config, Map<String, String> env, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        BuiltClient client = KmsClientFactory.build(config, env);
        try {
            KmsPort port = port(client);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("region", client.region().value());
            if (client.endpoint().isSet()) {
                meta.put("endpoint", client.endpoint().value());
            }
            AwsKmsKeyWrapper wrapper = AwsKmsKeyWrapper.create(port, config.kmsKeyId().value(), random, meta);
            return new AwsKmsSeal(config, client, wrapper);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The KMS port over a built client, with the default retry policy. */
    static KmsPort port(BuiltClient client) {
        String endpoint = client.endpoint().isSet()
                ? "endpoint " + client.endpoint().value()
                : "the regional KMS endpoint of " + client.region().value();
        return new SdkKmsPort(client.client(), client.region().value(), endpoint);
    }

    public AwsKmsKeyWrapper wrapper() {
        return wrapper;
    }

    public AwsKmsSealConfig config() {
        return config;
    }

    public BuiltClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "AwsKmsSeal[" + wrapper.keyId() + ", " + client + "]";
    }
}
