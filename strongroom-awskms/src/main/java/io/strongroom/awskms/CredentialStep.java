package io.strongroom.awskms;

import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * One source in the credential chain.
 *
 * @param label how failures name the source: {@code shared credentials file /root/.aws/credentials}
 * @param description how a winning source is reported: {@code profile 'dev' in /root/.aws/credentials}
 * @param provider the provider, or null when the source is not configured
 * @param skipReason why the source is not configured ({@code not configured}, {@code role_arn not set}); null if it is
 * @param terminal if true, a failure of this source stops the chain: later sources are not tried (web identity and
 *     assume-role must not fall back to the instance role, vault-compat pain points 3 and 4)
 */
record CredentialStep(String label, String description, AwsCredentialsProvider provider, String skipReason,
                      boolean terminal) {

    CredentialStep {
        Objects.requireNonNull(label, "label");
        if ((provider == null) == (skipReason == null)) {
            throw new IllegalArgumentException("exactly one of provider and skipReason");
        }
    }

    static CredentialStep skipped(String label, String reason) {
        return new CredentialStep(label, label, null, reason, false);
    }

    static CredentialStep of(String label, String description, AwsCredentialsProvider provider, boolean terminal) {
        return new CredentialStep(label, description, provider, null, terminal);
    }
}
