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

    /** The source of a value that nobody set: the built-in default. */
    public static final String SOURCE_DEFAULT = "default";
    /** The source of a setting with no value. */
    public static final String SOURCE_UNSET = "unset";

    /** Checks that the source is named. */
    public Setting {
        Objects.requireNonNull(source, "source");
    }

    /** @return a setting without value, source {@link #SOURCE_UNSET} */
    public static Setting unset() {
        return new Setting(null, SOURCE_UNSET, false);
    }

    /** @return true when the setting has a non-empty value */
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
