/**
 * The request model every backend (sys, auth/token, kv ...) speaks, independent of HTTP: an {@link
 * io.strongroom.logical.Request} in, a {@link io.strongroom.logical.Response} (or nothing) out. The HTTP layer
 * translates Vault's envelope to and from these; the pipeline resolves the token and checks the ACL before a
 * {@link io.strongroom.logical.Backend} sees anything; a backend sees only its own storage view.
 *
 * <p>Data maps hold JSON values as Jackson decodes them into plain Java: {@code String}, {@code Number},
 * {@code Boolean}, {@code List}, {@code Map} and {@code null}.
 */
package io.strongroom.logical;
