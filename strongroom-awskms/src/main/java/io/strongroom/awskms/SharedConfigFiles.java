package io.strongroom.awskms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Where the shared AWS credentials and config files are and which profile applies, computed from the seal config
 * and the env map only (never from the process environment):
 *
 * <ul>
 *   <li>credentials file: {@code shared_creds_filename}, else {@code AWS_SHARED_CREDENTIALS_FILE}, else
 *       {@code $HOME/.aws/credentials} (awsutil passes the configured name to the SDK, which falls back to the
 *       variable);</li>
 *   <li>config file: {@code AWS_CONFIG_FILE}, else {@code $HOME/.aws/config};</li>
 *   <li>profile: {@code AWS_PROFILE}, else {@code shared_creds_profile}, else {@code default} (spec 1.2/1.4:
 *       awsutil lets {@code AWS_PROFILE} override the configured value).</li>
 * </ul>
 * Without {@code HOME} in the map and without explicit names, the files are simply absent.
 */
record SharedConfigFiles(Path credentialsFile, Path configFile, String profile, String profileSource) {

    static SharedConfigFiles resolve(AwsKmsSealConfig config, Map<String, String> env) {
        String home = env.get("HOME");
        Path awsDir = isSet(home) ? Path.of(home, ".aws") : null;
        Path creds;
        if (config.sharedCredsFilename().isSet()) {
            creds = Path.of(config.sharedCredsFilename().value());
        } else if (isSet(env.get("AWS_SHARED_CREDENTIALS_FILE"))) {
            creds = Path.of(env.get("AWS_SHARED_CREDENTIALS_FILE"));
        } else {
            creds = awsDir == null ? null : awsDir.resolve("credentials");
        }
        Path conf = isSet(env.get("AWS_CONFIG_FILE")) ? Path.of(env.get("AWS_CONFIG_FILE"))
                : awsDir == null ? null : awsDir.resolve("config");
        String profile;
        String source;
        if (isSet(env.get("AWS_PROFILE"))) {
            profile = env.get("AWS_PROFILE");
            source = "env AWS_PROFILE";
        } else if (config.sharedCredsProfile().isSet()) {
            profile = config.sharedCredsProfile().value();
            source = config.sharedCredsProfile().source();
        } else {
            profile = "default";
            source = Setting.SOURCE_DEFAULT;
        }
        return new SharedConfigFiles(creds, conf, profile, source);
    }

    /** The credentials file parsed, if it exists. Parse errors propagate (IllegalArgumentException etc.). */
    Optional<ProfileFile> credentials() {
        return load(credentialsFile, ProfileFile.Type.CREDENTIALS);
    }

    /** The config file parsed, if it exists. */
    Optional<ProfileFile> config() {
        return load(configFile, ProfileFile.Type.CONFIGURATION);
    }

    /** The selected profile in the config file ({@code [profile NAME]}, or {@code [default]}). */
    Optional<Profile> configProfile() {
        return config().flatMap(f -> f.profile(profile));
    }

    private static Optional<ProfileFile> load(Path p, ProfileFile.Type type) {
        if (p == null || !Files.isRegularFile(p)) {
            return Optional.empty();
        }
        return Optional.of(ProfileFile.builder().content(p).type(type).build());
    }

    private static boolean isSet(String v) {
        return v != null && !v.isBlank();
    }
}
