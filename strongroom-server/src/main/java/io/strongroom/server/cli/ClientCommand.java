package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Base of commands that call the server: shared options and Vault's exit codes.
 *
 * <p>vault-compat exit codes: 0 success, 1 local error (usage, bad flag value, server unreachable), 2 the server
 * answered with an error. Subclasses may refine (status uses 2 for "sealed").
 */
abstract class ClientCommand implements Callable<Integer> {

    /**
     * Built on first use, not when picocli instantiates every command at start-up: Jackson's set-up costs about
     * 150 ms, which {@code strongroom server} would otherwise pay before it even reads its config.
     */
    private static final class Pretty {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
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
        } catch (ConnectionFailedException e) {
            ctx.err().println("Error " + doing() + ": " + e.getMessage());
            return 1;
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
        ctx.out().println(Pretty.MAPPER.writeValueAsString(value));
    }
}
