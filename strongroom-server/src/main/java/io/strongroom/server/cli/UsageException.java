package io.strongroom.server.cli;

/** The command line itself is wrong (a bad flag value, a missing argument); exit code 1 as in Vault. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
