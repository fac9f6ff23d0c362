package io.strongroom.awskms;

import java.util.Objects;

/**
 * One effective configuration value and where it came from, for reports ("region = eu-west-1 (env AWS_REGION)").
 *
 * @param value the value, or null when unset
 * @param source where it came from: {@code seal "awskms" block}, {@code env AWS_REGION}, {@code default} ...
 * @param secret true for credentials: {@link #display()} and {@link #toString()} mask the value
 */
public record Setting(String value, String source, boolean secret) {

    public static final String SOURCE_DEFAULT = "default";
    public static final String SOURCE_UNSET = "unset";

    public Setting {
        Objects.requireNonNull(source, "source");
    }

    public static Setting unset() {
        return new Setting(null, SOURCE_UNSET, false);
    }

    public boolean isSet() {
        return value != null && !value.isEmpty();
    }

    /** The value as it may be shown to an operator: secrets masked, unset as {@code (unset)}. */
    public String display() {
        if (!isSet()) {
            return "(unset)";
        }
        return secret ? "********" : value;
    }

    @Override
    public String toString() {
        return display() + " (" + source + ")";
    }
}
