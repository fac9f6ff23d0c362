/**
 * Strongroom's Vault-compatible HTTP API for the seal lifecycle, on Jetty 12 core handlers (no servlets).
 *
 * <p>Routes ({@link io.strongroom.server.http.ApiHandler}): {@code /v1/sys/init} (GET, PUT, POST),
 * {@code /v1/sys/seal-status} (GET), {@code /v1/sys/unseal} (PUT, POST), {@code /v1/sys/seal} (PUT, POST, root
 * token), {@code /v1/sys/health} (GET, HEAD), {@code /v1/sys/leader} (GET). Any other path is 404 and a known
 * path with another method 405, both {@code {"errors":[]}} as Vault answers. Documents:
 * {@link io.strongroom.server.http.Wire}. Status codes: {@link io.strongroom.server.http.ErrorMapper}, by
 * exception type only.
 *
 * <p>Deliberate choices and limits:
 * <ul>
 *   <li>{@code sys/unseal} with {@code "migrate": true} is a 400 "seal migration is not supported yet": seal
 *       migration is not implemented, and accepting the flag silently would unseal without migrating.</li>
 *   <li>{@code sys/unseal} with {@code "reset": true} on an unsealed server is a 400 "vault is unsealed"
 *       (Vault's check, done here because {@code Lifecycle#resetUnsealProgress} does not specify it).</li>
 *   <li>{@code sys/leader} answers 503 while sealed (Vault without HA answers 200 {@code ha_enabled:false}).</li>
 *   <li>Health codes outside 100..599 are refused with 400; Vault only checks they are integers.</li>
 *   <li>TLS: PEM certificate chain and unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}); PKCS#1/SEC1 keys are
 *       refused with the openssl conversion command. No client-certificate auth, no {@code tls_cipher_suites}.</li>
 *   <li>Request bodies over 32 MiB: 413. JSON scalars are strict (no "5" for 5), so what works here works
 *       against Vault.</li>
 *   <li>Jetty's own DEBUG logging dumps headers and bodies, so {@link io.strongroom.server.http.ApiServer} pins
 *       {@code org.eclipse.jetty} to INFO when logback is the backend.</li>
 * </ul>
 */
package io.strongroom.server.http;
