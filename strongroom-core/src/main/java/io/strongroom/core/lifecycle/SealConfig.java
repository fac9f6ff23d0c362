package io.strongroom.core.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.strongroom.base.InvalidRequestException;
import java.util.List;

/**
 * The plaintext JSON stored at {@code core/seal-config} (barrier seal) and {@code core/recovery-config}
 * (recovery key of an auto seal).
 *
 * <pre>
 * {"type":"awskms","secret_shares":1,"secret_threshold":1,"pgp_keys":null,"nonce":"","backup":false,"stored_shares":1}
 * {"type":"shamir","secret_shares":5,"secret_threshold":3,"pgp_keys":null,"nonce":"","backup":false,"stored_shares":0}
 * </pre>
 *
 * vault-compat: Vault's SealConfig JSON keys (vault-seal-spec 3.1); unknown keys are ignored on read so a store
 * written by a newer Vault still opens.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SealConfig(
        @JsonProperty("type") String type,
        @JsonProperty("secret_shares") int secretShares,
        @JsonProperty("secret_threshold") int secretThreshold,
        @JsonProperty("pgp_keys") List<String> pgpKeys,
        @JsonProperty("nonce") String nonce,
        @JsonProperty("backup") boolean backup,
        @JsonProperty("stored_shares") int storedShares) {

    public static SealConfig of(String type, int shares, int threshold, int storedShares) {
        return new SealConfig(type, shares, threshold, null, "", false, storedShares);
    }

    /**
     * Vault's share rules. {@code allowZero} is for the recovery config (OpenBao allows 0 recovery shares:
     * then no recovery key exists and only a restart unseals after a manual seal).
     *
     * @param what "secret" or "recovery", for the message
     */
    public void validate(String what, boolean allowZero) {
        if (allowZero && secretShares == 0 && secretThreshold == 0) {
            return;
        }
        if (secretShares < 1) {
            throw new InvalidRequestException("invalid seal configuration: " + what + " shares must be at least one");
        }
        if (secretThreshold < 1) {
            throw new InvalidRequestException("invalid seal configuration: " + what + " threshold must be at least one");
        }
        if (secretShares > 255 || secretThreshold > 255) {
            throw new InvalidRequestException("invalid seal configuration: " + what + " shares and threshold must be at most 255");
        }
        if (secretThreshold > secretShares) {
            throw new InvalidRequestException("invalid seal configuration: " + what + " threshold cannot be larger than " + what + " shares");
        }
        if (secretShares > 1 && secretThreshold < 2) {
            throw new InvalidRequestException("invalid seal configuration: " + what + " threshold must be greater than one for multiple shares");
        }
    }
}
