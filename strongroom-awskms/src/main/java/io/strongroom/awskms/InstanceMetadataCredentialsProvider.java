package io.strongroom.awskms;

import java.time.Clock;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * EC2 instance-profile credentials from the instance metadata service, over {@link ImdsClient} (IMDSv2 first, v1
 * fallback, short timeouts). See {@link ImdsClient} for why the SDK's {@code InstanceProfileCredentialsProvider}
 * is not used.
 */
final class InstanceMetadataCredentialsProvider extends RefreshingCredentialsProvider {

    private static final String CREDS_PATH = "/latest/meta-data/iam/security-credentials/";
    private final ImdsClient imds;
    private volatile String lastVersion = "IMDS";

    InstanceMetadataCredentialsProvider(ImdsClient imds, Clock clock) {
        super(clock);
        this.imds = Objects.requireNonNull(imds, "imds");
    }

    @Override
    protected String fetchJson() {
        try {
            ImdsClient.Session s = imds.open();
            String roles = s.get(CREDS_PATH).trim();
            if (roles.isEmpty()) {
                throw SdkClientException.create("no instance profile role attached (empty " + CREDS_PATH + ")");
            }
            String role = roles.lines().findFirst().orElseThrow().trim();
            String json = s.get(CREDS_PATH + role);
            lastVersion = s.version();
            return json;
        } catch (ImdsClient.ImdsException e) {
            throw SdkClientException.create(e.getMessage());
        }
    }

    /** For reports: {@code instance metadata (IMDSv2, http://169.254.169.254)}; the version of the last fetch. */
    String sourceDescription() {
        return "instance metadata (" + lastVersion + ", " + imds.endpoint() + ")";
    }

    @Override
    public String toString() {
        return "InstanceMetadataCredentialsProvider[" + imds.endpoint() + "]";
    }
}
