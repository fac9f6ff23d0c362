/**
 * The KV secrets engine (versions 1 and 2), a {@link io.strongroom.logical.Backend} over its mount's view.
 *
 * <p>Entry point: {@link io.strongroom.kv.KvBackend#create}. Version 1 stores each secret as JSON at its key;
 * version 2 keeps one JSON record per key below {@code .kv2/} (format and crash-safety argument in {@code KvStore}).
 * Answers a deleted or destroyed version, and a path KV v2 does not serve, as a {@link io.strongroom.logical.Response}
 * with status 404 that still carries data or warnings (vault-compat: dataplane spec 5.3, behaviour 9): the HTTP layer
 * renders those as a full envelope with that status.
 */
package io.strongroom.kv;
