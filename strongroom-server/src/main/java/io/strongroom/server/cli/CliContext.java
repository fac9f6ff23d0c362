package io.strongroom.server.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What every command gets from outside the process, passed in rather than read from {@link System} so tests run
 * commands in-process with their own environment and capture the output.
 *
 * @param env the environment ({@code VAULT_ADDR}, {@code VAULT_TOKEN}, {@code VAULT_FORMAT}, {@code HOME} ...)
 * @param out standard output
 * @param err standard error
 * @param secretPrompt shows a prompt and reads a secret without echo; returns null when there is no input
 */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err,
        Function<String, String> secretPrompt) {

    public CliContext {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(secretPrompt, "secretPrompt");
    }

    /** The value of {@code name}, or null when unset or empty (Vault treats both the same). */
    public String env(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
