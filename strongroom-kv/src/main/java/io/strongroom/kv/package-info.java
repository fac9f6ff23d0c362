/** The KV secrets engine (versions 1 and 2), a {@link io.strongroom.logical.Backend} over its mount's view. */
package io.strongroom.kv;
