package io.strongroom.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * What a policy rule may grant on a path (vault-compat: dataplane spec 3.1). {@link #DENY} discards every other
 * capability of its rule and, merged into an identical path of another policy, wins over it. {@code root} is not a
 * capability a policy can hold: only {@code sys/capabilities-self} reports it, for root tokens.
 */
public enum Capability {
    CREATE, READ, UPDATE, PATCH, DELETE, LIST, SUDO, DENY, SUBSCRIBE;

    /** The name as written in policies: {@code read}, {@code sudo} ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The capability written as {@code text} (exact, lower case as Vault requires), or empty. */
    public static Optional<Capability> of(String text) {
        for (Capability c : values()) {
            if (c.label().equals(text)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
