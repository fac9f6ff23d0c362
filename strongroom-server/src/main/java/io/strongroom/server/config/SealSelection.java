package io.strongroom.server.config;

import io.strongroom.awskms.AwsKmsConfigResolver;
import io.strongroom.awskms.AwsKmsSealConfig;
import io.strongroom.base.ConfigException;

import java.util.List;
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
        List<HaSeal> ha = haSeals(config, env);
        if (!ha.isEmpty()) {
            HaSeal first = ha.get(0);
            return new EffectiveSeal("awskms", Optional.of(first.awskms()), Optional.of(first.block()),
                    "Seal HA (enable_multiseal): " + ha.size() + " seals " + ha.stream()
                            .map(h -> h.name() + " (priority " + h.priority() + ", " + h.block().pos() + ")").toList());
        }
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

    // ---- Seal HA (issue 10) ----

    /** vault-compat: Vault 1.15's beta switch for Seal HA, read as {@code enable_multiseal = true}. */
    public static final String HA_BETA_ENV = "VAULT_ENABLE_SEAL_HA_BETA";

    /**
     * Variables that choose the key, its region or its endpoint. With Seal HA an un-suffixed one applies to the
     * first-priority seal only (vault-compat: the second and third seals take the {@code _<name>} suffix), so one
     * variable never gives two seals the same key; the others need {@code VAR_<name>} or their stanza.
     */
    static final List<String> KEY_SELECTING_ENV = List.of("AWSKMS_WRAPPER_KEY_ID", "VAULT_AWSKMS_SEAL_KEY_ID",
            "AWS_KMS_ENDPOINT", "AWSKMS_ENDPOINT", "AWS_REGION", "AWS_DEFAULT_REGION", "VAULT_SEAL_TYPE");
    /**
     * Credential variables. An un-suffixed one is the process's AWS identity and applies to every seal (ours: one
     * IAM identity usually holds grants on both keys; the same credentials never make two seals use one key);
     * {@code VAR_<name>} overrides it for that seal.
     */
    static final List<String> CREDENTIAL_ENV = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_SHARED_CREDENTIALS_FILE", "AWS_PROFILE", "AWS_ROLE_ARN",
            "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_SESSION_NAME", "AWS_CONFIG_FILE");

    /**
     * One seal of a Seal HA configuration.
     *
     * @param name its unique name
     * @param priority lower is tried first
     * @param awskms its settings, resolved with its own environment ({@link #envFor})
     * @param block the stanza
     * @param env the environment as this seal sees it (for the KMS client's credential chain)
     */
    public record HaSeal(String name, int priority, AwsKmsSealConfig awskms, SealBlock block,
                         Map<String, String> env) {
        @Override
        public String toString() {
            return "HaSeal[" + name + ", priority " + priority + ", at " + block.pos() + "]";
        }
    }

    /** Whether Seal HA is switched on: {@code enable_multiseal = true} or {@code VAULT_ENABLE_SEAL_HA_BETA=true}. */
    public static boolean multisealEnabled(ServerConfig config, Map<String, String> env) {
        return config.enableMultiseal() || "true".equalsIgnoreCase(String.valueOf(env.get(HA_BETA_ENV)).trim());
    }

    /**
     * The seals of a Seal HA configuration, priority order; empty when at most one seal is enabled (the usual case,
     * and a migration's one enabled plus one disabled seal).
     *
     * @throws ConfigException for several enabled seals without {@code enable_multiseal} (vault-compat: Vault CE's
     *     "more than one enabled seal found"), a missing or duplicate {@code name}, a missing or duplicate
     *     {@code priority}, a shamir seal among them, more than {@value io.strongroom.seal.SealGenInfo#MAX_SEALS},
     *     invalid awskms settings, or two seals resolving to the same KMS key; each names {@code FILE:LINE:COL}
     */
    public static List<HaSeal> haSeals(ServerConfig config, Map<String, String> env) {
        List<SealBlock> enabled = config.seals().stream().filter(s -> !s.disabled()).toList();
        if (enabled.size() < 2) {
            return List.of();
        }
        SealBlock first = enabled.get(0);
        SealBlock second = enabled.get(1);
        if (!multisealEnabled(config, env)) {
            throw new ConfigException(second.pos().error("more than one enabled seal found (the first is "
                    + first.type() + " at " + first.pos() + "); set enable_multiseal = true for Seal HA (several KMS "
                    + "keys at once), or mark the old seal disabled = \"true\" to migrate"));
        }
        SealBlock oldSeal = config.seals().stream().filter(SealBlock::disabled).findFirst().orElse(null);
        if (oldSeal != null) {
            // the two features change the stored keys in different ways; one at a time keeps each one's checks sound
            throw new ConfigException(oldSeal.pos().error("a disabled seal (a seal migration) and several enabled "
                    + "seals (Seal HA) at once are not supported: finish the migration with one enabled seal, then "
                    + "add the others"));
        }
        if (enabled.size() > io.strongroom.seal.SealGenInfo.MAX_SEALS) {
            throw new ConfigException(enabled.get(io.strongroom.seal.SealGenInfo.MAX_SEALS).pos().error(
                    "Seal HA allows at most " + io.strongroom.seal.SealGenInfo.MAX_SEALS + " enabled seals"));
        }
        Map<String, SealBlock> byName = new java.util.LinkedHashMap<>();
        Map<Integer, SealBlock> byPriority = new java.util.HashMap<>();
        List<HaSeal> out = new java.util.ArrayList<>();
        for (SealBlock b : enabled) {
            if (!b.type().equals("awskms")) {
                throw new ConfigException(b.pos().error("seal \"" + b.type() + "\" cannot be part of Seal HA; "
                        + "every enabled seal must be an auto seal (awskms)"));
            }
            Object name = b.body().get("name");
            if (!(name instanceof String n) || n.isEmpty()) {
                throw new ConfigException(b.pos().error("Seal HA: every seal needs a unique \"name\" "
                        + "(e.g. name = \"us-east-1\")"));
            }
            SealBlock dup = byName.put(n, b);
            if (dup != null) {
                throw new ConfigException(b.pos().error("Seal HA: duplicate seal name \"" + n + "\" (also at "
                        + dup.pos() + ")"));
            }
            Object priority = b.body().get("priority");
            if (priority == null) {
                throw new ConfigException(b.pos().error("Seal HA: seal \"" + n + "\" needs a \"priority\" "
                        + "(1 is tried first) when several seals are enabled"));
            }
            Map<String, String> own = envFor(n, b == first, env);
            AwsKmsSealConfig resolved = resolveAwsKms(b, own);
            int p = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(String.valueOf(priority).trim())); // checked by the resolver
            SealBlock samePriority = byPriority.put(p, b);
            if (samePriority != null) {
                throw new ConfigException(b.pos().error("Seal HA: seals \"" + n + "\" and the one at "
                        + samePriority.pos() + " have the same priority " + p + "; give each its own"));
            }
            out.add(new HaSeal(n, p, resolved, b, own));
        }
        out.sort(java.util.Comparator.comparingInt(HaSeal::priority));
        for (int i = 0; i < out.size(); i++) {
            for (int j = i + 1; j < out.size(); j++) {
                if (sameKey(out.get(i).awskms(), out.get(j).awskms())) {
                    throw new ConfigException(out.get(j).block().pos().error("Seal HA: seals \"" + out.get(i).name()
                            + "\" and \"" + out.get(j).name() + "\" resolve to the same KMS key, region and endpoint "
                            + "(" + out.get(i).awskms().kmsKeyId().display() + "); give each its own kms_key_id or VAULT_AWSKMS_SEAL_KEY_ID_<name>"));
                }
            }
        }
        return out;
    }

    private static boolean sameKey(AwsKmsSealConfig a, AwsKmsSealConfig b) {
        return java.util.Objects.equals(a.kmsKeyId().value(), b.kmsKeyId().value())
                && java.util.Objects.equals(String.valueOf(a.endpoint().value()), String.valueOf(b.endpoint().value()))
                && java.util.Objects.equals(String.valueOf(a.region().value()), String.valueOf(b.region().value()));
    }

    /**
     * The environment as the seal {@code name} sees it (vault-compat: Seal HA's per-seal {@code _<name>} suffix,
     * case as in the name): {@code VAR_<name>} becomes {@code VAR} for that seal and wins over an un-suffixed
     * {@code VAR}; an un-suffixed key-selecting variable ({@link #KEY_SELECTING_ENV}) is kept only for the
     * first-priority seal; every other variable (credentials included) is kept as it is.
     */
    public static Map<String, String> envFor(String name, boolean firstPriority, Map<String, String> env) {
        Map<String, String> out = new java.util.HashMap<>(env);
        if (!firstPriority) {
            KEY_SELECTING_ENV.forEach(out::remove);
        }
        String suffix = "_" + name;
        List<String> all = new java.util.ArrayList<>(KEY_SELECTING_ENV);
        all.addAll(CREDENTIAL_ENV);
        for (String var : all) {
            String v = env.get(var + suffix);
            if (v != null) {
                out.put(var, v);
            }
        }
        return out;
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
