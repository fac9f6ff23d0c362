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
 *   <li>{@code sys/unseal} with {@code "migrate": true} submits the old seal's share of a seal migration (issue
 *       10); without a pending migration it is a 400 "can't perform a seal migration, no migration seal found", and
 *       a share without it while one is pending a 400 "migrate option not provided and seal migration is
 *       pending" (Vault's texts).</li>
 *   <li>{@code sys/unseal} with {@code "reset": true} on an unsealed server is a 400 "vault is unsealed"
 *       (Vault's check, done here because {@code Lifecycle#resetUnsealProgress} does not specify it).</li>
 *   <li>{@code sys/leader} answers 503 while sealed (Vault without HA answers 200 {@code ha_enabled:false}).</li>
 *   <li>Health codes outside 100..599 are refused with 400; Vault only checks they are integers.</li>
 *   <li>TLS: PEM certificate chain and unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}); PKCS#1/SEC1 keys are
 *       refused with the openssl conversion command. No client-certificate auth, no {@code tls_cipher_suites}.</li>
 *   <li>Request bodies over 32 MiB ({@link io.strongroom.server.http.RequestLimits}, Vault's default
 *       {@code max_request_size}): 413. JSON scalars are strict (no "5" for 5), so what works here works
 *       against Vault.</li>
 *   <li>All bodies in transit share one memory budget (64 MiB by default). A body with a {@code Content-Length}
 *       reserves its whole length before it is read; one that does not fit is refused at once with 503
 *       {@code "server busy: too many request bodies in transit; retry later"} (503, not 413: the request is
 *       valid and the shortage is the server's and temporary; Vault clients retry 5xx). Bodies are read without
 *       holding a thread, so {@code sys/health} (no body) answers at once under a flood of slow uploads.</li>
 *   <li>A body that never arrives (client closes early, idle time-out after 30 s, broken chunking) is a 400
 *       and one DEBUG line; no WARN, no ERROR, no stack trace: it is routine and costs an attacker nothing.</li>
 *   <li>A path with a {@code ;} parameter ({@code /v1/sys/health;x=1}, also {@code %3B}) is 404
 *       {@code {"errors":[]}} like any unknown path. Jetty would strip the parameter and serve
 *       {@code sys/health}; Vault's router sees {@code sys/health;x=1}, which no route matches (Vault checks the
 *       token before routing, so it answers such a path 403 without a token and 404 with one; Strongroom answers
 *       every unknown path 404).</li>
 *   <li>{@code sys/init} under an auto seal without {@code recovery_shares} (an empty body included) is Vault's
 *       400 {@code "recovery configuration must specify a positive number of shares"}. An explicit
 *       {@code "recovery_shares": 0} is accepted, as OpenBao 2.4+ accepts it (Vault refuses it), with a
 *       top-level {@code "warnings"} entry in the answer and a WARN in the log.</li>
 *   <li>Jetty's own DEBUG logging dumps headers and bodies, so {@link io.strongroom.server.http.ApiServer} pins
 *       {@code org.eclipse.jetty} to INFO when logback is the backend.</li>
 * </ul>
 */
package io.strongroom.server.http;
