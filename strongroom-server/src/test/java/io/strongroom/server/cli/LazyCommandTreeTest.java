package io.strongroom.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The start-up path builds only the command asked for; without one, or with an unknown one, all of them. */
class LazyCommandTreeTest {

    private static CommandLine build(java.util.function.Predicate<String> wanted) {
        PrintWriter sink = new PrintWriter(new StringWriter());
        CliContext ctx = new CliContext(Map.of(), sink, sink, prompt -> null);
        return StrongroomCli.build(ctx, (o, out, err) -> 0, (o, out, err) -> 0, wanted);
    }

    @Test
    void build_oneCommandWanted_buildsOnlyThatCommand() {
        assertThat(build("status"::equals).getSubcommands()).containsOnlyKeys("status");
        assertThat(build("kv"::equals).getSubcommands().get("kv").getSubcommands()).containsKeys("get", "metadata");
    }

    @Test
    void build_everything_hasEveryTopLevelCommand() {
        assertThat(build(name -> true).getSubcommands()).containsKeys("server", "status", "version", "operator",
                "read", "write", "list", "delete", "login", "kv", "token", "policy", "secrets");
    }

    @Test
    void execute_unknownCommand_printsTheWholeListingAndExitsOne() {
        CliRunner.Result r = new CliRunner(null).run("no-such-command");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("status").contains("kv").contains("operator").contains("version");
    }
}
