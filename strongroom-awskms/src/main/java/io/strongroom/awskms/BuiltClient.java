package io.strongroom.awskms;

import java.util.Objects;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A KMS client built by {@link KmsClientFactory}, with the effective settings and where each came from.
 *
 * @param client the SDK client (no SDK retries: {@code SdkKmsPort} owns retries)
 * @param region the effective region and its source
 * @param endpoint the endpoint override and its source, or unset for the SDK's regional endpoint
 * @param credentialSource which credential source yielded at build time ("environment (AWS_ACCESS_KEY_ID)",
 *     "profile 'dev' in /root/.aws/credentials" ...), or "none yet: ..." with the reason if none did
 * @param credentials the credential chain the client signs with; also usable directly to resolve credentials
 * @param httpClient the HTTP client shared by the KMS and STS clients; closed with this object
 */
public record BuiltClient(KmsClient client, Setting region, Setting endpoint, String credentialSource,
                          CredentialChain credentials, SdkHttpClient httpClient) implements AutoCloseable {

    /** Checks that nothing is null. */
    public BuiltClient {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentialSource, "credentialSource");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(httpClient, "httpClient");
    }

    /**
     * The effective settings, one per line, with sources; never secrets (only where credentials come from).
     * The credential line shows the current source, which may differ from {@link #credentialSource()} once a
     * failed startup resolution has been retried successfully.
     */
    public String describe() {
        return "region = " + region + "\n"
                + "endpoint = " + (endpoint.isSet() ? endpoint.toString() : "(SDK default for the region)") + "\n"
                + "credentials = " + effectiveCredentialSource() + "\n"
                + "credential chain = " + String.join(" -> ", credentials.describeSteps());
    }

    /** Where credentials come from now: the source that last yielded, or the one found at build time. */
    public String effectiveCredentialSource() {
        String now = credentials.currentSource();
        return now != null ? now : credentialSource;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            try {
                credentials.close();
            } finally {
                httpClient.close();
            }
        }
    }

    @Override
    public String toString() {
        return "BuiltClient[region=" + region + ", endpoint=" + endpoint + ", credentials="
                + effectiveCredentialSource() + "]";
    }
}
