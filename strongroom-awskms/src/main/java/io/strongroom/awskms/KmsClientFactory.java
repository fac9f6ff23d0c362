package io.strongroom.awskms;

import io.strongroom.base.ConfigException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.defaultsmode.DefaultsMode;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the seal's {@link KmsClient} from an {@link AwsKmsSealConfig} and an environment map: region (with its
 * source), endpoint, and the credential chain in Vault's order (see {@link CredentialChainFactory}).
 *
 * <p><b>Process state.</b> This class never reads {@code System.getenv}: every environment setting comes from the map
 * (the server passes {@code System.getenv()}, tests pass their own). Settings the SDK would take from the process
 * are set explicitly on the builders: region, credentials, defaults mode (so {@code AWS_DEFAULTS_MODE=auto} cannot
 * trigger an instance-metadata lookup), FIPS and dual-stack (from the map), and an empty default profile file (so
 * the process user's {@code ~/.aws/config} cannot change retry or endpoint settings). Instance metadata and
 * container credentials are implemented here for the same reason ({@link ImdsClient}). What remains read from the
 * process by the SDK: {@code AWS_ENDPOINT_URL}/{@code AWS_ENDPOINT_URL_KMS} (and the {@code aws.endpointUrl*}
 * properties) when no {@code endpoint} is configured, and proxy system properties in the URL-connection client.
 *
 * <p><b>Timeouts and retries.</b> Connect 5 s, socket read 5 s; per attempt 5 s and per call 15 s
 * ({@link KmsTimeouts#DEFAULT}, where the reasons are). SDK retries are off because {@code SdkKmsPort} owns retries;
 * it also sends tighter per-request bounds so that retries cannot stretch an operation past its total. The
 * client-level bounds are a backstop for any call made without them (the STS client shares these settings). Credential failures are cached by the chain for 30 s, so a KMS call during that
 * period fails at once instead of paying the metadata timeout again.
 */
final class KmsClientFactory {

    private static final Logger LOG = LoggerFactory.getLogger(KmsClientFactory.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration SOCKET_TIMEOUT = KmsTimeouts.DEFAULT.attempt();
    static final Duration ATTEMPT_TIMEOUT = KmsTimeouts.DEFAULT.attempt();
    static final Duration CALL_TIMEOUT = KmsTimeouts.DEFAULT.total();

    private KmsClientFactory() {}

    /** Builds with the system clock and a 30 s failure cache. */
    public static BuiltClient build(AwsKmsSealConfig config, Map<String, String> env) {
        return build(config, env, Clock.systemUTC(), CredentialChain.DEFAULT_FAILURE_TTL);
    }

    /**
     * Builds the client and resolves credentials once, so the report says where they come from and a failure
     * shows up (logged, and cached for {@code failureTtl}) at startup instead of at the first KMS call. A failed
     * resolution does not fail the build: the KMS call will fail with the same message and {@code SdkKmsPort}
     * maps it. With a metadata service that never answers, this first resolution costs about two metadata
     * timeouts (measured: ~2.0 s with the default 1 s); later calls within {@code failureTtl} fail at once.
     *
     * @throws ConfigException for a malformed {@code endpoint}, metadata setting or half-configured credentials
     */
    public static BuiltClient build(AwsKmsSealConfig config, Map<String, String> env, Clock clock,
                                    Duration failureTtl) {
        Objects.requireNonNull(config, "config");
        Map<String, String> e = Map.copyOf(Objects.requireNonNull(env, "env").entrySet().stream()
                .filter(x -> x.getKey() != null && x.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        URI endpoint = config.endpoint().isSet() ? httpUri(config.endpoint().value(), "endpoint",
                config.endpoint().source()) : null;

        ImdsClient imds = null;
        String imdsSkip = null;
        if ("true".equalsIgnoreCase(trim(e.get("AWS_EC2_METADATA_DISABLED")))) {
            imdsSkip = "disabled (AWS_EC2_METADATA_DISABLED=true)";
        } else {
            String ep = trim(e.get("AWS_EC2_METADATA_SERVICE_ENDPOINT"));
            imds = new ImdsClient(
                    ep == null ? URI.create(ImdsClient.DEFAULT_ENDPOINT)
                            : httpUri(ep, "AWS_EC2_METADATA_SERVICE_ENDPOINT", "env AWS_EC2_METADATA_SERVICE_ENDPOINT"),
                    "true".equalsIgnoreCase(trim(e.get("AWS_EC2_METADATA_V1_DISABLED"))),
                    metadataTimeout(trim(e.get("AWS_METADATA_SERVICE_TIMEOUT"))),
                    clock);
        }

        SharedConfigFiles files = SharedConfigFiles.resolve(config, e);
        Setting region = RegionResolver.resolve(config, files, imds, imdsSkip);
        Setting endpointSetting = endpoint == null ? Setting.unset()
                : new Setting(endpoint.toString(), config.endpoint().source(), false);

        URI stsEndpoint = trim(e.get("AWS_ENDPOINT_URL_STS")) == null ? null
                : httpUri(trim(e.get("AWS_ENDPOINT_URL_STS")), "AWS_ENDPOINT_URL_STS", "env AWS_ENDPOINT_URL_STS");
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
        Region sdkRegion = Region.of(region.value());
        CredentialChain chain;
        KmsClient kms;
        try {
            chain = CredentialChainFactory.build(new CredentialChainFactory.Inputs(config, e, files, imds, imdsSkip,
                    base -> {
                        var b = common(StsClient.builder(), http, sdkRegion, base, e);
                        if (stsEndpoint != null) {
                            b.endpointOverride(stsEndpoint);
                        }
                        return b.build();
                    }, clock, failureTtl));
            var kb = common(KmsClient.builder(), http, sdkRegion, chain, e);
            if (endpoint != null) {
                kb.endpointOverride(endpoint);
            }
            kms = kb.build();
        } catch (RuntimeException ex) {
            http.close();
            throw ex;
        }

        String source;
        try {
            chain.resolveCredentials();
            source = chain.currentSource();
        } catch (RuntimeException ex) {
            source = "none yet: " + ex.getMessage();
        }
        BuiltClient built = new BuiltClient(kms, region, endpointSetting, source, chain, http);
        LOG.info("awskms client: {}", built.describe().replace("\n", "; "));
        return built;
    }

    /** Settings shared by the KMS and STS clients. */
    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B common(
            B b, SdkHttpClient http, Region region, AwsCredentialsProvider creds, Map<String, String> env) {
        ProfileFile noProfileFile = ProfileFile.builder().content("").type(ProfileFile.Type.CONFIGURATION).build();
        b.httpClient(http)
                .region(region)
                .credentialsProvider(creds)
                .defaultsMode(DefaultsMode.LEGACY)
                .fipsEnabled("true".equalsIgnoreCase(trim(env.get("AWS_USE_FIPS_ENDPOINT"))))
                .dualstackEnabled("true".equalsIgnoreCase(trim(env.get("AWS_USE_DUALSTACK_ENDPOINT"))))
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT)
                        .defaultProfileFile(noProfileFile)
                        .defaultProfileName("default"));
        return b;
    }

    /** Parses an http(s) URL setting; anything else is a {@link ConfigException} naming the setting and source. */
    static URI httpUri(String value, String name, String source) {
        String v = value.trim();
        try {
            URI u = new URI(v);
            String scheme = u.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || u.getHost() == null) {
                throw new ConfigException(name + " (" + source + ") must be an http:// or https:// URL with a host, "
                        + "got \"" + v + "\"");
            }
            return u;
        } catch (URISyntaxException ex) {
            throw new ConfigException(name + " (" + source + ") is not a valid URL: " + ex.getMessage(), ex);
        }
    }

    /** {@code AWS_METADATA_SERVICE_TIMEOUT}: seconds, integer or decimal, as in the SDK; default 1 s. */
    private static Duration metadataTimeout(String v) {
        if (v == null) {
            return ImdsClient.DEFAULT_TIMEOUT;
        }
        try {
            long ms = new BigDecimal(v).movePointRight(3).longValueExact();
            if (ms <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(ms);
        } catch (NumberFormatException | ArithmeticException ex) {
            throw new ConfigException("AWS_METADATA_SERVICE_TIMEOUT (env AWS_METADATA_SERVICE_TIMEOUT) must be a "
                    + "positive number of seconds such as 1 or 0.5, got \"" + v + "\"");
        }
    }

    private static String trim(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
