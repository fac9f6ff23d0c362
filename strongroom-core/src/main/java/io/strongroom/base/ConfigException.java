package io.strongroom.base;

/**
 * A configuration value is missing, unknown, of the wrong type or contradicts another. The message names the key
 * (and, for files, the file, line and column) so the operator can fix it without reading code.
 */
public class ConfigException extends StrongroomException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
