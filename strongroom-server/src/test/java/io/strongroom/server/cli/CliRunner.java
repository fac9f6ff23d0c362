package io.strongroom.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process with a given environment and captures its output. */
final class CliRunner {

    record Result(int code, String out, String err) {}

    final Map<String, String> env = new HashMap<>();
    final List<ServerOptions> serverCalls = new ArrayList<>();
    final List<DiagnoseOptions> diagnoseCalls = new ArrayList<>();
    String promptAnswer;
    /** Standard input of the next run (then empty again). */
    String stdin = "";

    CliRunner(String address) {
        if (address != null) {
            env.put("VAULT_ADDR", address);
        }
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(env, new PrintWriter(out), new PrintWriter(err), prompt -> promptAnswer,
                new java.io.ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)), false);
        stdin = "";
        int code = StrongroomCli.execute(ctx, (options, o, e) -> {
            serverCalls.add(options);
            return 0;
        }, (options, o, e) -> {
            diagnoseCalls.add(options);
            return 0;
        }, args);
        return new Result(code, out.toString(), err.toString());
    }
}
