/**
 * A strict HCL 1 parser (and a JSON reader into the same tree) for the formats Vault writes in HCL 1: server
 * configs and ACL policies. {@link io.strongroom.hcl.HclParser} and {@link io.strongroom.hcl.JsonConfigParser}
 * produce a positioned {@link io.strongroom.hcl.ConfigNode} tree; what the keys mean is up to the caller (the
 * server's config reader, the policy parser). Errors are {@link io.strongroom.base.ConfigException}s that start
 * with {@code NAME:LINE:COL:} and never quote a value ({@link io.strongroom.hcl.SafeText}).
 */
package io.strongroom.hcl;
