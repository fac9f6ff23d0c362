package io.strongroom.server.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What every command gets from outside the process, passed in rather than read from {@link System} so tests run
 * commands in-process with their own environment, input and home directory, and capture the output.
 *
 * @param env the environment ({@code VAULT_ADDR}, {@code VAULT_TOKEN}, {@code VAULT_FORMAT}, {@code HOME} ...);
 *     {@code HOME} is where the token helper file {@code .vault-token} lives
 * @param out standard output
 * @param err standard error
 * @param secretPrompt shows a prompt and reads a secret without echo; returns null when there is no input
 * @param in standard input (argument data {@code -} and {@code key=-}, {@code policy write NAME -})
 * @param terminal true when standard output is a terminal ({@code -field} then ends its value with a newline)
 */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err,
        Function<String, String> secretPrompt, InputStream in, boolean terminal) {

    public CliContext {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(secretPrompt, "secretPrompt");
        Objects.requireNonNull(in, "in");
    }

    /** A context with empty standard input that is not a terminal. */
    public CliContext(Map<String, String> env, PrintWriter out, PrintWriter err,
            Function<String, String> secretPrompt) {
        this(env, out, err, secretPrompt, new ByteArrayInputStream(new byte[0]), false);
    }

    /** The value of {@code name}, or null when unset or empty (Vault treats both the same). */
    public String env(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
