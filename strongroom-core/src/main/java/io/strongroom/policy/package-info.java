/**
 * Vault's ACL policies (vault-compat: dataplane spec section 3): {@link io.strongroom.policy.Policy} (the HCL 1 or
 * JSON language), {@link io.strongroom.policy.Acl} (several policies combined, and the matching and priority
 * rules), {@link io.strongroom.policy.PolicyStore} (named policies kept through the barrier, the built-in
 * {@code default} and {@code root}) and {@link io.strongroom.policy.PolicyEndpoints} (the {@code sys/policy},
 * {@code sys/policies/acl} and {@code sys/capabilities-self} handlers).
 *
 * <p>Templated paths ({@code {{identity.entity.id}}}) parse and are stored, but never match: Strongroom has no
 * identity store, and Vault skips a path whose template cannot resolve.
 */
package io.strongroom.policy;
