package io.strongroom.server;

import io.strongroom.server.cli.CliContext;
import io.strongroom.server.cli.Diagnoser;
import io.strongroom.server.cli.ServerRunner;
import io.strongroom.server.cli.StrongroomCli;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code strongroom} executable: the only place that touches {@link System} streams, env and exit. */
public final class Main {

    private Main() {}

    // TODO(wiring): replace with the real server runner (config loading -> core Lifecycle -> http.ApiServer)
    // once it exists; until then `strongroom server` reports that it is not available.
    private static final ServerRunner SERVER_RUNNER = (options, out, err) -> {
        err.println("strongroom server is not wired yet in this build");
        return 1;
    };

    // TODO(wiring): replace with the real Diagnoser once config loading and the seal checks exist.
    private static final Diagnoser DIAGNOSER = (options, out, err) -> {
        err.println("strongroom operator diagnose is not wired yet in this build");
        return 1;
    };

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        CliContext ctx = new CliContext(System.getenv(), out, err, Main::promptSecret);
        System.exit(StrongroomCli.execute(ctx, SERVER_RUNNER, DIAGNOSER, args));
    }

    /** Reads a secret without echo when there is a terminal, else one line from stdin (pipes, scripts). */
    private static String promptSecret(String prompt) {
        Console console = System.console();
        if (console != null) {
            char[] secret = console.readPassword("%s", prompt);
            return secret == null ? null : new String(secret);
        }
        try {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
