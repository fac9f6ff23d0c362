package io.strongroom.logical;

import java.util.List;
import java.util.Map;

/**
 * Who sent a request, as the token store resolved it. Holds the token itself because some backends need it
 * (lookup-self echoes it, child tokens record their parent); never logged: {@link #toString()} masks it.
 *
 * @param token the client token as sent
 * @param accessor the token's accessor
 * @param policies the token's policies, sorted
 * @param root whether the token carries the {@code root} policy
 * @param meta the token's metadata, never null
 */
public record Caller(String token, String accessor, List<String> policies, boolean root, Map<String, String> meta) {

    public Caller {
        policies = List.copyOf(policies);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    @Override
    public String toString() {
        return "Caller[token=********, accessor=" + accessor + ", policies=" + policies + ", root=" + root + "]";
    }
}
