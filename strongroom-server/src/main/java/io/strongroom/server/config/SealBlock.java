package io.strongroom.server.config;

import io.strongroom.hcl.Pos;

import java.util.Map;
import java.util.Objects;

/**
 * One {@code seal "TYPE" { ... }} stanza as written. The awskms body is kept raw for
 * {@link io.strongroom.awskms.AwsKmsConfigResolver}, which validates its keys against the environment.
 *
 * <p>{@code pos} is for error messages only: equality ignores it, so the same seal read from HCL and from JSON
 * compares equal. toString prints only the keys of the body, never values (it may hold credentials).
 *
 * @param type     {@code awskms} or {@code shamir}
 * @param disabled the old seal of a migration ({@code disabled = "true"})
 * @param body     the block's attributes as plain values (unmodifiable)
 * @param pos      where the {@code seal} keyword is
 */
public record SealBlock(String type, boolean disabled, Map<String, Object> body, Pos pos) {

    public SealBlock {
        Objects.requireNonNull(type, "type");
        body = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(body));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealBlock s && s.type.equals(type) && s.disabled == disabled && s.body.equals(body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, disabled, body);
    }

    @Override
    public String toString() {
        return "SealBlock[type=" + type + ", disabled=" + disabled + ", keys=" + body.keySet() + ", at " + pos + "]";
    }
}
