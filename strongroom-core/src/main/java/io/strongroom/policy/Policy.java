package io.strongroom.policy;

import io.strongroom.base.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A parsed ACL policy: its name, the text it was parsed from (what {@code vault policy read} shows, byte for
 * byte) and its path rules in source order. Immutable; policies are not secret.
 *
 * @param name the policy name, lower case
 * @param raw the HCL or JSON text as written
 * @param templated whether any path holds an identity template (stored as Vault's {@code Templated} flag)
 * @param rules the {@code path} stanzas in source order; one path may appear several times
 */
public record Policy(String name, String raw, boolean templated, List<PathRule> rules) {

    public Policy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(raw, "raw");
        rules = List.copyOf(rules);
    }

    /**
     * Parses a policy written in HCL 1 or JSON (vault-compat: dataplane spec 3.1, Vault's {@code ParseACLPolicy}).
     *
     * @param name the name to give it (not validated here)
     * @param text the policy text
     * @return the policy
     * @throws InvalidRequestException with Vault's text, {@code failed to parse policy: ...}, on any syntax error,
     *     unknown key, invalid capability, bad wildcard or bad wrapping TTL
     */
    public static Policy parse(String name, String text) {
        Objects.requireNonNull(text, "text");
        PolicyParser.Parsed p = PolicyParser.parse(text);
        return new Policy(name, text, p.templated(), p.rules());
    }

    /**
     * The policy text of an API write: vault-compat (Vault's {@code handlePoliciesSet}): when the whole value is
     * valid standard base64 it is decoded first, otherwise it is taken as written.
     */
    public static String decodeIfBase64(String value) {
        // Go's StdEncoding skips CR and LF inside the input; Java's basic decoder does not.
        String compact = value.replace("\r", "").replace("\n", "");
        if (compact.isEmpty() || compact.length() % 4 != 0) {
            return value;
        }
        try {
            return new String(Base64.getDecoder().decode(compact), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return value;
        }
    }
}
