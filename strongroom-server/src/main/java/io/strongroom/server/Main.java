package io.strongroom.server;

import io.strongroom.server.cli.CliContext;
import io.strongroom.server.cli.Diagnoser;
import io.strongroom.server.cli.ServerRunner;
import io.strongroom.server.cli.StrongroomCli;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.Map;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code strongroom} executable: the only place that touches {@link System} streams, env and exit. */
public final class Main {

    private Main() {}


    public static void main(String[] args) {

        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Map<String, String> env = System.getenv();
        Map<String, String> cliEnv = env;
        if (env.get("HOME") == null || env.get("HOME").isEmpty()) {
            // the token helper file lives in the home directory; the JVM knows it even when HOME is unset
            cliEnv = new java.util.HashMap<>(env);
            cliEnv.put("HOME", System.getProperty("user.home"));
        }
        CliContext ctx = new CliContext(cliEnv, out, err, Main::promptSecret, System.in, System.console() != null);
        ServerRunner server = (options, o, e) -> new ServerLauncher(env, o, e).run(new ServerLauncher.Options(
                options.configPaths().stream().map(Path::of).toList(), options.dev(), options.devRootTokenId(),
                options.devListenAddress(), options.logLevel()));
        Diagnoser diagnose = (options, o, e) -> new DiagnoseLauncher(env, o)
                .run(options.configPaths().stream().map(Path::of).toList());
        System.exit(StrongroomCli.execute(ctx, server, diagnose, args));
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
