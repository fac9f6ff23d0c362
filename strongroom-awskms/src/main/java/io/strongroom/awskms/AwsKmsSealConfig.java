package io.strongroom.awskms;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The effective settings of an {@code awskms} seal after merging the {@code seal "awskms"} block with the
 * environment (Vault 1.15+ rule: a non-empty environment variable overrides the block; see
 * {@link AwsKmsConfigResolver}). Every value carries its source. Immutable; toString masks secrets.
 *
 * <p>Region here is only what the block or environment said; the fallbacks ({@code ~/.aws/config}, instance
 * metadata, {@code us-east-1}) are resolved when the client is built, and reported there.
 */
public record AwsKmsSealConfig(
        Setting kmsKeyId,
        Setting region,
        Setting endpoint,
        Setting accessKey,
        Setting secretKey,
        Setting sessionToken,
        Setting sharedCredsFilename,
        Setting sharedCredsProfile,
        Setting roleArn,
        Setting webIdentityTokenFile,
        Setting roleSessionName,
        boolean disabled) {

    /** Checks that every setting is present (unset ones as {@link Setting#unset()}). */
    public AwsKmsSealConfig {
        Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(sharedCredsFilename, "sharedCredsFilename");
        Objects.requireNonNull(sharedCredsProfile, "sharedCredsProfile");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(webIdentityTokenFile, "webIdentityTokenFile");
        Objects.requireNonNull(roleSessionName, "roleSessionName");
    }

    /** Every setting by its Vault name, in a stable order, for reports. Secrets stay masked in display(). */
    public Map<String, Setting> settings() {
        Map<String, Setting> m = new LinkedHashMap<>();
        m.put("kms_key_id", kmsKeyId);
        m.put("region", region);
        m.put("endpoint", endpoint);
        m.put("access_key", accessKey);
        m.put("secret_key", secretKey);
        m.put("session_token", sessionToken);
        m.put("shared_creds_filename", sharedCredsFilename);
        m.put("shared_creds_profile", sharedCredsProfile);
        m.put("role_arn", roleArn);
        m.put("web_identity_token_file", webIdentityTokenFile);
        m.put("role_session_name", roleSessionName);
        return m;
    }
}
