package io.strongroom.core.lifecycle;

import java.util.List;

/**
 * A token's non-secret facts. The token itself is never kept here.
 *
 * @param accessor a non-secret handle for the token
 * @param policies e.g. {@code ["root"]}
 */
public record TokenInfo(String accessor, List<String> policies) {
    public TokenInfo {
        policies = List.copyOf(policies);
    }

    public boolean isRoot() {
        return policies.contains("root");
    }
}
