package io.strongroom.server.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Base of commands that call the server: shared options and Vault's exit codes.
 *
 * <p>vault-compat exit codes: 0 success, 1 local error (usage, bad flag value), 2 the server answered with an
 * error. Subclasses may refine (status uses 2 for "sealed"; the operator commands keep 1 for an unreachable
 * server, the data commands use Vault's 2).
 */
abstract class ClientCommand implements Callable<Integer> {

    /**
     * Built on first use, not when picocli instantiates every command at start-up: Jackson's set-up costs about
     * 150 ms, which {@code strongroom server} would otherwise pay before it even reads its config.
     */
    private static final class Pretty {
        static final ObjectWriter WRITER = new ObjectMapper().writer(new GoPrettyPrinter());
    }

    /** vault-compat: Go's {@code json.MarshalIndent(v, "", "  ")} layout: {@code "k": v}, {@code []}, {@code {}}. */
    private static final class GoPrettyPrinter extends DefaultPrettyPrinter {
        GoPrettyPrinter() {
            super(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")
                    .withObjectEmptySeparator(""));
            indentArraysWith(new DefaultIndenter("  ", "\n"));
            indentObjectsWith(new DefaultIndenter("  ", "\n"));
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new GoPrettyPrinter();
        }
    }

    /** A command ends with this message on standard error and this exit code. */
    static final class Failure extends RuntimeException {
        final int code;

        Failure(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    @Mixin
    ClientOptions options;

    final CliContext ctx;

    ClientCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** Does the work; exceptions are turned into messages and exit codes by {@link #call()}. */
    abstract int run(ApiClient client, boolean json) throws Exception;

    /** "Error &lt;doing&gt;: " prefix, as Vault prints it, e.g. "checking seal status". */
    abstract String doing();

    /** Exit code for an error answer from the server. */
    int apiErrorCode() {
        return 2;
    }

    /** Exit code when the server cannot be reached. */
    int connectionErrorCode() {
        return 1;
    }

    @Override
    public Integer call() throws Exception {
        boolean json;
        ApiClient client;
        try {
            json = options.json(ctx);
            client = options.client(ctx);
        } catch (UsageException e) {
            ctx.err().println(e.getMessage());
            return 1;
        }
        try {
            return run(client, json);
        } catch (Failure e) {
            ctx.err().println(e.getMessage());
            return e.code;
        } catch (ConnectionFailedException e) {
            ctx.err().println("Error " + doing() + ": " + e.getMessage());
            return connectionErrorCode();
        } catch (ApiErrorException e) {
            ctx.err().println("Error " + doing() + ": " + e.getMessage());
            return apiErrorCode();
        } catch (UsageException | IllegalArgumentException e) {
            ctx.err().println("Error " + doing() + ": " + e.getMessage());
            return 1;
        } finally {
            ctx.out().flush();
            ctx.err().flush();
        }
    }

    void printJson(Object value) throws Exception {
        ctx.out().println(Pretty.WRITER.writeValueAsString(value));
    }

    void printLines(List<String> lines) {
        lines.forEach(ctx.out()::println);
    }

    /**
     * vault-compat: the argument count check of Vault's commands, exit 1: "Not enough arguments (expected 1, got
     * 0)" / "Too many arguments (expected 1, got 2)".
     */
    static void expectArgs(List<String> args, int min, int max) {
        String expected = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? ">" + (min - 1)
                : min + "-" + max;
        if (args.size() < min) {
            throw new Failure(1, "Not enough arguments (expected " + expected + ", got " + args.size() + ")");
        }
        if (args.size() > max) {
            throw new Failure(1, "Too many arguments (expected " + expected + ", got " + args.size() + ")");
        }
    }

    /** vault-compat: Vault's sanitizePath: surrounding spaces and slashes removed. */
    static String sanitizePath(String path) {
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
