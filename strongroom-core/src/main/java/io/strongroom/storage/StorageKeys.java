package io.strongroom.storage;

import io.strongroom.base.InvalidRequestException;

/**
 * The one place that validates storage keys and list prefixes, so that every backend accepts and rejects exactly
 * the same keys (see {@link Storage} for the rules).
 *
 * <p>Why these rules: {@code ..} and {@code .} segments would let a key escape or alias a folder in the file
 * backend; empty segments and leading slashes make two spellings of one key; NUL cannot appear in a file name
 * or a PostgreSQL text column.
 */
public final class StorageKeys {

    private StorageKeys() {
    }

    /**
     * Checks a key for get, put and delete.
     *
     * @return the key, unchanged
     * @throws InvalidRequestException if it is null or invalid
     */
    public static String requireValidKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidRequestException("storage key must not be empty");
        }
        if (key.startsWith("/")) {
            throw new InvalidRequestException("storage key must not start with '/': " + key);
        }
        if (key.endsWith("/")) {
            throw new InvalidRequestException("storage key must not end with '/': " + key);
        }
        checkSegments(key);
        return key;
    }

    /**
     * Checks and normalizes a list prefix: {@code ""} stays {@code ""}; otherwise a trailing slash is added.
     *
     * @return {@code ""} or a folder path ending in {@code /}
     * @throws InvalidRequestException if it is null or invalid
     */
    public static String normalizePrefix(String prefix) {
        if (prefix == null) {
            throw new InvalidRequestException("list prefix must not be null");
        }
        if (prefix.isEmpty()) {
            return "";
        }
        String folder = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        requireValidKey(folder);
        return folder + "/";
    }

    /** Splits a valid key or normalized prefix into its segments. */
    static String[] segments(String validKey) {
        return validKey.split("/", -1);
    }

    private static void checkSegments(String key) {
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new InvalidRequestException("storage key must not contain an empty segment: " + key);
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidRequestException("storage key must not contain a '.' or '..' segment: " + key);
            }
            if (segment.indexOf('\0') >= 0) {
                throw new InvalidRequestException("storage key must not contain NUL");
            }
        }
    }
}
