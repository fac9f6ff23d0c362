package io.strongroom.awskms;

import io.strongroom.base.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;

/**
 * Builds the {@link CredentialChain} in Vault's order (spec 1.4, awsutil with SDK v1):
 * <ol>
 *   <li>static {@code access_key}/{@code secret_key}/{@code session_token} (the config resolver already merged
 *       {@code AWS_ACCESS_KEY_ID} etc. over the block, so "environment credentials" arrive here, reported as such);</li>
 *   <li>the shared credentials file (and the config file) with the selected profile ({@link SharedConfigFiles});</li>
 *   <li>{@code role_arn} (or {@code AWS_ROLE_ARN}): with a web identity token file AssumeRoleWithWebIdentity, without
 *       one AssumeRole using the remote credentials (container / instance metadata) as source. Either is
 *       <em>terminal</em>: its failure does not fall back to the instance role (pain points 3, 4);</li>
 *   <li>container credentials when {@code AWS_CONTAINER_CREDENTIALS_*} is set;</li>
 *   <li>otherwise instance metadata, unless disabled.</li>
 * </ol>
 * Where the SDK still reads process state: {@link ProfileCredentialsProvider} with a profile that itself refers to
 * {@code role_arn}/{@code source_profile}, {@code credential_process} or SSO builds its own SDK clients, which read
 * their usual environment variables and system properties.
 */
final class CredentialChainFactory {

    private CredentialChainFactory() {}

    /** Context for building the chain; the STS client builder is supplied by {@link KmsClientFactory}. */
    record Inputs(AwsKmsSealConfig config, Map<String, String> env, SharedConfigFiles files, ImdsClient imds,
                  String imdsSkipReason, Function<AwsCredentialsProvider, StsClient> stsClients, Clock clock,
                  Duration failureTtl) {}

    static CredentialChain build(Inputs in) {
        List<CredentialStep> steps = new ArrayList<>();
        List<AutoCloseable> resources = new ArrayList<>();
        steps.add(staticStep(in.config()));
        steps.add(sharedFileStep(in.files()));

        List<CredentialStep> remote = remoteSteps(in);
        steps.add(roleStep(in, remote, resources));
        steps.addAll(remote);
        return new CredentialChain(steps, in.clock(), in.failureTtl(), resources);
    }

    private static CredentialStep staticStep(AwsKmsSealConfig c) {
        Setting ak = c.accessKey();
        Setting sk = c.secretKey();
        if (ak.isSet() != sk.isSet()) {
            Setting set = ak.isSet() ? ak : sk;
            throw new ConfigException((ak.isSet() ? "access_key" : "secret_key") + " is set (" + set.source()
                    + ") but " + (ak.isSet() ? "secret_key" : "access_key") + " is not: set both or neither");
        }
        if (!ak.isSet()) {
            return CredentialStep.skipped("static keys", "not configured");
        }
        AwsCredentialsProvider p = StaticCredentialsProvider.create(c.sessionToken().isSet()
                ? AwsSessionCredentials.create(ak.value(), sk.value(), c.sessionToken().value())
                : AwsBasicCredentials.create(ak.value(), sk.value()));
        String src = ak.source();
        String description = src.startsWith("env ")
                ? "environment (" + src.substring(4).trim() + ")"
                : "static (seal \"awskms\" access_key)";
        return CredentialStep.of("static keys", description, p, false);
    }

    private static CredentialStep sharedFileStep(SharedConfigFiles f) {
        String label = "shared credentials file " + (f.credentialsFile() == null ? "(no HOME)" : f.credentialsFile());
        Optional<ProfileFile> creds;
        Optional<ProfileFile> conf;
        try {
            creds = f.credentials();
            conf = f.config();
        } catch (RuntimeException e) {
            return CredentialStep.skipped(label, "cannot parse: " + e.getMessage());
        }
        if (creds.isEmpty() && conf.isEmpty()) {
            return CredentialStep.skipped(label, "file not found");
        }
        Path foundIn = null;
        if (creds.flatMap(p -> p.profile(f.profile())).isPresent()) {
            foundIn = f.credentialsFile();
        } else if (conf.flatMap(p -> p.profile(f.profile())).isPresent()) {
            foundIn = f.configFile();
        }
        if (foundIn == null) {
            return CredentialStep.skipped(label, "profile \"" + f.profile() + "\" not found"
                    + (conf.isPresent() ? " (nor in " + f.configFile() + ")" : ""));
        }
        ProfileFile.Aggregator agg = ProfileFile.aggregator();
        creds.ifPresent(agg::addFile);
        conf.ifPresent(agg::addFile);
        ProfileCredentialsProvider p = ProfileCredentialsProvider.builder()
                .profileFile(agg.build()).profileName(f.profile()).build();
        return CredentialStep.of(label, "profile '" + f.profile() + "' in " + foundIn, p, false);
    }

    private static CredentialStep roleStep(Inputs in, List<CredentialStep> remote, List<AutoCloseable> resources) {
        Setting roleArn = orEnv(in.config().roleArn(), in.env(), "AWS_ROLE_ARN");
        Setting tokenFile = orEnv(in.config().webIdentityTokenFile(), in.env(), "AWS_WEB_IDENTITY_TOKEN_FILE");
        Setting sessionName = orEnv(in.config().roleSessionName(), in.env(), "AWS_ROLE_SESSION_NAME");
        if (!roleArn.isSet()) {
            if (tokenFile.isSet() || sessionName.isSet()) {
                Setting s = tokenFile.isSet() ? tokenFile : sessionName;
                throw new ConfigException((tokenFile.isSet() ? "web_identity_token_file" : "role_session_name")
                        + " is set (" + s.source() + ") but role_arn is not");
            }
            return CredentialStep.skipped("web identity", "role_arn not set");
        }
        String arn = roleArn.value();
        String session = sessionName.isSet() ? sessionName.value() : "strongroom-" + in.clock().millis();
        if (tokenFile.isSet()) {
            Path file = Path.of(tokenFile.value());
            StsClient sts = in.stsClients().apply(AnonymousCredentialsProvider.create());
            resources.add(sts);
            AwsCredentialsProvider p = StsAssumeRoleWithWebIdentityCredentialsProvider.builder()
                    .stsClient(sts)
                    // read on every refresh: Kubernetes rotates projected service-account tokens
                    .refreshRequest(() -> AssumeRoleWithWebIdentityRequest.builder()
                            .roleArn(arn).roleSessionName(session).webIdentityToken(readToken(file)).build())
                    .build();
            return CredentialStep.of("web identity (role " + arn + ")",
                    "web identity (role " + arn + ", token file " + file + ")", p, true);
        }
        // Vault's awsutil assumes the role with the SDK's default credentials; static and shared-file credentials
        // would already have won above, so the source here is what remains: container or instance metadata.
        CredentialChain source = new CredentialChain(remote, in.clock(), Duration.ZERO, List.of());
        StsClient sts = in.stsClients().apply(source);
        resources.add(sts);
        AwsCredentialsProvider p = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(AssumeRoleRequest.builder().roleArn(arn).roleSessionName(session).build())
                .build();
        return CredentialStep.of("assume role " + arn, "assume role " + arn + " (source: container or instance "
                + "metadata credentials)", p, true);
    }

    private static List<CredentialStep> remoteSteps(Inputs in) {
        List<CredentialStep> out = new ArrayList<>();
        boolean container = ContainerCredentialsSource.configured(in.env());
        if (container) {
            ContainerCredentialsSource c = ContainerCredentialsSource.fromEnv(in.env(), in.clock());
            out.add(CredentialStep.of("container credentials " + c.displayUri(),
                    "container credentials (" + c.displayUri() + ")", c, false));
        } else {
            out.add(CredentialStep.skipped("container credentials", "AWS_CONTAINER_CREDENTIALS_* not set"));
        }
        if (in.imds() == null) {
            out.add(CredentialStep.skipped("instance metadata", in.imdsSkipReason()));
        } else if (container) {
            // as in the SDK v1 "remote" provider: container credentials replace the instance role
            out.add(CredentialStep.skipped("instance metadata", "not tried (container credentials configured)"));
        } else {
            out.add(CredentialStep.of("instance metadata " + in.imds().endpoint(), "instance metadata (IMDS "
                    + in.imds().endpoint() + ")", new InstanceMetadataCredentialsProvider(in.imds(), in.clock()), false));
        }
        return out;
    }

    private static String readToken(Path file) {
        try {
            String t = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (t.isEmpty()) {
                throw SdkClientException.create("web_identity_token_file " + file + " is empty");
            }
            return t;
        } catch (IOException e) {
            throw SdkClientException.create("cannot read web_identity_token_file " + file + ": " + e);
        }
    }

    private static Setting orEnv(Setting s, Map<String, String> env, String var) {
        if (s.isSet()) {
            return s;
        }
        String v = env.get(var);
        return v == null || v.isBlank() ? s : new Setting(v.trim(), "env " + var, false);
    }
}
