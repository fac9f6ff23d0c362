package io.strongroom.server.cli;

import java.io.PrintWriter;

/** Checks a configuration and its environment (files, listeners, KMS access) without starting the server. */
@FunctionalInterface
public interface Diagnoser {

    /**
     * Runs every check and prints one result line per check.
     *
     * @return 0 when every check passed, 1 when any failed (vault-compat: {@code vault operator diagnose})
     */
    int diagnose(DiagnoseOptions options, PrintWriter out, PrintWriter err);
}
