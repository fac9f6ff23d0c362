package io.strongroom.server.config;

import io.strongroom.awskms.AwsKmsConfigResolver;
import io.strongroom.awskms.AwsKmsSealConfig;
import io.strongroom.base.ConfigException;

import java.util.Map;
import java.util.Optional;

/**
 * Decides which seal the server runs with, from the config's seal stanzas and the environment (a map: never
 * {@code System.getenv} here, so tests need not touch the process environment).
 *
 * <ol>
 *   <li>an enabled {@code seal "awskms"} stanza: awskms, from that stanza merged with the environment;</li>
 *   <li>no enabled awskms stanza but {@code VAULT_SEAL_TYPE=awskms}: awskms from an empty stanza, i.e. from the
 *       environment alone. An enabled {@code seal "shamir"} stanza is overridden too (vault-compat: setSeal
 *       replaces the type of a seal that is not disabled); a config whose only seal is disabled is a migration
 *       back to Shamir and is left alone;</li>
 *   <li>otherwise Shamir.</li>
 * </ol>
 */
public final class SealSelection {

    /**
     * @param type   {@code awskms} or {@code shamir}
     * @param awskms the resolved awskms settings when type is awskms
     * @param block  the stanza it came from, empty when activated by the environment alone or implicit Shamir
     * @param reason one line for the start-up log
     */
    public record EffectiveSeal(String type, Optional<AwsKmsSealConfig> awskms, Optional<SealBlock> block,
                                String reason) {
    }

    private SealSelection() {
    }

    /**
     * @throws ConfigException when the awskms settings are invalid; the message starts with the stanza's
     *                         {@code FILE:LINE:COL} when there is one
     */
    public static EffectiveSeal effective(ServerConfig config, Map<String, String> env) {
        Optional<SealBlock> enabled = config.seals().stream().filter(s -> !s.disabled()).findFirst();
        if (enabled.isPresent() && enabled.get().type().equals("awskms")) {
            SealBlock b = enabled.get();
            return new EffectiveSeal("awskms", Optional.of(resolveAwsKms(b, env)), enabled,
                    "seal \"awskms\" stanza at " + b.pos());
        }
        boolean onlyDisabled = !config.seals().isEmpty() && enabled.isEmpty();
        if (AwsKmsConfigResolver.activatedByEnv(env) && !onlyDisabled) {
            try {
                return new EffectiveSeal("awskms", Optional.of(AwsKmsConfigResolver.resolve(Map.of(), env)),
                        Optional.empty(), "VAULT_SEAL_TYPE=awskms"
                        + enabled.map(s -> " (overrides seal \"shamir\" at " + s.pos() + ")").orElse(""));
            } catch (ConfigException e) {
                throw new ConfigException("VAULT_SEAL_TYPE=awskms: " + e.getMessage(), e);
            }
        }
        return new EffectiveSeal("shamir", Optional.empty(), enabled,
                enabled.map(s -> "seal \"shamir\" stanza at " + s.pos())
                        .orElse(onlyDisabled ? "implicit shamir: the only seal stanza is disabled (migration)"
                                : "no seal stanza: shamir"));
    }

    /**
     * Issue 10: the configuration's disabled seal block (the old seal of a migration), if any. At most one exists
     * ({@code ServerConfigLoader} refuses a second).
     */
    public static Optional<SealBlock> disabled(ServerConfig config) {
        return config.seals().stream().filter(SealBlock::disabled).findFirst();
    }

    /**
     * A seal block's name (issue 10): its {@code name} attribute, else the type, and for a disabled block
     * {@code <type>-disabled} (vault-compat: Vault 1.15+ names an unnamed disabled seal so).
     */
    public static String sealName(SealBlock block) {
        Object name = block.body().get("name");
        if (name instanceof String s && !s.isBlank()) {
            return s;
        }
        return block.disabled() ? block.type() + "-disabled" : block.type();
    }

    /**
     * Resolves one awskms stanza (also a disabled one, for migration), prefixing resolver errors with the
     * stanza's position so the operator knows which file and block to fix.
     */
    public static AwsKmsSealConfig resolveAwsKms(SealBlock block, Map<String, String> env) {
        if (!block.type().equals("awskms")) {
            throw new IllegalArgumentException("not an awskms seal: " + block.type());
        }
        try {
            return AwsKmsConfigResolver.resolve(block.body(), env);
        } catch (ConfigException e) {
            throw new ConfigException(block.pos().error(e.getMessage()), e);
        }
    }
}
