package io.strongroom.awskms;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.profiles.Profile;

/**
 * The effective region, Vault's order (spec 1.5): the seal config ({@code region}, {@code AWS_REGION},
 * {@code AWS_DEFAULT_REGION}, as merged by the config resolver) → {@code region} of the selected profile in the AWS
 * config file → instance metadata {@code placement/region} → {@code us-east-1}.
 *
 * <p>The result is logged with its source: a silent {@code us-east-1} is the classic "key does not exist" failure
 * (pain point 6), and an environment {@code AWS_REGION} overriding the block surprised users (pain point 5).
 */
final class RegionResolver {

    private static final Logger LOG = LoggerFactory.getLogger(RegionResolver.class);
    static final String DEFAULT_REGION = "us-east-1";
    static final String DEFAULT_SOURCE = "default (us-east-1)";

    private RegionResolver() {}

    /**
     * @param imds the metadata client, or null when metadata is disabled
     * @param imdsSkipReason why {@code imds} is null, for the log
     */
    static Setting resolve(AwsKmsSealConfig config, SharedConfigFiles files, ImdsClient imds, String imdsSkipReason) {
        Setting r = resolveQuietly(config, files, imds, imdsSkipReason);
        if (DEFAULT_SOURCE.equals(r.source())) {
            LOG.warn("awskms region: {} ({}); set region in the seal \"awskms\" block or AWS_REGION if the key "
                    + "lives elsewhere", r.value(), r.source());
        } else {
            LOG.info("awskms region: {} ({})", r.value(), r.source());
        }
        return r;
    }

    private static Setting resolveQuietly(AwsKmsSealConfig config, SharedConfigFiles files, ImdsClient imds,
                                          String imdsSkipReason) {
        if (config.region().isSet()) {
            return new Setting(config.region().value().trim(), config.region().source(), false);
        }
        try {
            Optional<String> fromFile = files.configProfile().flatMap(p -> nonBlank(p, "region"));
            if (fromFile.isPresent()) {
                return new Setting(fromFile.get(), "profile '" + files.profile() + "' in " + files.configFile(), false);
            }
        } catch (RuntimeException e) {
            LOG.warn("awskms region: cannot read AWS config file {}: {}", files.configFile(), e.getMessage());
        }
        if (imds == null) {
            LOG.debug("awskms region: instance metadata skipped: {}", imdsSkipReason);
        } else {
            try {
                String region = imds.open().get("/latest/meta-data/placement/region").trim();
                if (!region.isEmpty()) {
                    return new Setting(region, "instance metadata " + imds.endpoint(), false);
                }
            } catch (ImdsClient.ImdsException e) {
                LOG.info("awskms region: instance metadata {} gave no region: {}", imds.endpoint(), e.getMessage());
            }
        }
        return new Setting(DEFAULT_REGION, DEFAULT_SOURCE, false);
    }

    private static Optional<String> nonBlank(Profile p, String key) {
        return p.property(key).map(String::trim).filter(s -> !s.isEmpty());
    }
}
