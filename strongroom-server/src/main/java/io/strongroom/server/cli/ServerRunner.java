package io.strongroom.server.cli;

import java.io.PrintWriter;

/** Runs the server until it is stopped; implemented outside the CLI (config loading, core, HTTP). */
@FunctionalInterface
public interface ServerRunner {

    /**
     * Loads the configuration, starts the server and blocks until shutdown.
     *
     * @return the process exit code: 0 after a clean shutdown, 1 for a configuration or start-up error (after
     *     printing a message to {@code err} that names the file, key or address at fault)
     */
    int run(ServerOptions options, PrintWriter out, PrintWriter err);
}
