package io.strongroom.policy;

import java.time.Duration;
import java.util.List;

/**
 * The ACL's answer for one request. Immutable.
 *
 * @param allowed whether the operation is allowed on the path (with the request's parameters)
 * @param sudo whether the rule that matched the path grants {@code sudo} (always true for root). vault-compat: set
 *     from the matched rule even when the operation itself is refused, as Vault's {@code RootPrivs} is; a
 *     root-protected path needs {@code allowed && sudo}
 * @param root whether the decision comes from the {@code root} policy
 * @param grantingPolicies the policies whose rule on the matched path granted the operation's capability, sorted;
 *     empty when refused
 * @param minWrappingTtl the matched rule's {@code min_wrapping_ttl}, {@link Duration#ZERO} when none
 * @param maxWrappingTtl the matched rule's {@code max_wrapping_ttl}, {@link Duration#ZERO} when none
 */
public record Decision(boolean allowed, boolean sudo, boolean root, List<String> grantingPolicies,
        Duration minWrappingTtl, Duration maxWrappingTtl) {

    /** Nothing matched, or the matched rule does not allow it (and grants no sudo). */
    public static final Decision DENIED = new Decision(false, false, false, List.of(), Duration.ZERO, Duration.ZERO);

    /** The root policy's answer to everything. */
    public static final Decision ROOT = new Decision(true, true, true, List.of("root"), Duration.ZERO, Duration.ZERO);

    public Decision {
        grantingPolicies = List.copyOf(grantingPolicies);
    }
}
