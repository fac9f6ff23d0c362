/**
 * The {@code strongroom} command line, Vault-style: {@code server}, {@code status},
 * {@code operator init|unseal|seal|diagnose} ({@link io.strongroom.server.cli.StrongroomCli}), and the data
 * commands {@code kv}, {@code read}, {@code write}, {@code list}, {@code delete}, {@code token}, {@code policy},
 * {@code secrets} and {@code login}, which speak HTTP only. {@code login} keeps the token in
 * {@code $HOME/.vault-token} (mode 0600), read when neither {@code -token} nor {@code VAULT_TOKEN} is set.
 * {@code policy fmt} is local: a syntax check and a canonical re-layout, not the server's policy parser.
 *
 * <p>Flags use Vault's single dash ({@code -address=http://...}); the double-dash spelling works too. Client
 * settings: {@code -address} / {@code VAULT_ADDR} (default {@code http://127.0.0.1:8200}), {@code -token} /
 * {@code VAULT_TOKEN} / {@code ~/.vault-token}, {@code -format=table|json} / {@code VAULT_FORMAT}.
 *
 * <p>Exit codes (Vault's): 0 success; 1 usage error or bad flag value; 2 the server answered with an error (and,
 * for the data commands, an unreachable server; the operator commands keep 1 for that). {@code status}: 0 unsealed, 2 sealed, 1 any
 * error.
 *
 * <p>Not supported yet: {@code VAULT_CACERT}, {@code VAULT_SKIP_VERIFY}, {@code VAULT_NAMESPACE} and client
 * certificates; an {@code https} address is verified against the JDK's default trust store. {@code status}
 * leaves the HA rows out while sealed, because {@code sys/leader} answers 503 then (Vault's CLI would print
 * "HA Enabled true" in that case, a guess that is wrong for Strongroom's storage).
 */
package io.strongroom.server.cli;
