package io.strongroom.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands and errors that never reach a server: usage, argument counts, policy fmt, durations. */
class LocalCommandsTest {

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner("http://127.0.0.1:1");

    // vault-compat: an unknown command prints the usage, not picocli's parser message, and exits 1
    @Test
    void unknownCommand_printsUsageOnly_exit1() {
        CliRunner.Result r = cli.run("frobnicate");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("Usage: strongroom").contains("kv").contains("token")
                .doesNotContain("Unmatched argument");
        CliRunner.Result kv = cli.run("kv", "frob");
        assertThat(kv.code()).isEqualTo(1);
        assertThat(kv.err()).startsWith("Usage: strongroom kv").contains("metadata").doesNotContain("Unmatched");
    }

    @Test
    void groupAlone_printsUsage_exit1() {
        for (String group : new String[] {"kv", "token", "policy", "secrets"}) {
            CliRunner.Result r = cli.run(group);
            assertThat(r.code()).as(group).isEqualTo(1);
            assertThat(r.err()).as(group).startsWith("Usage: strongroom " + group);
        }
        assertThat(cli.run("kv", "metadata").err()).startsWith("Usage: strongroom kv metadata");
    }

    // vault-compat: wrong argument counts are usage errors with Vault's text, exit 1, nothing sent
    @Test
    void argumentCounts_vaultText_exit1() {
        CliRunner.Result r = cli.run("kv", "get");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Not enough arguments (expected 1, got 0)\n");
        assertThat(cli.run("policy", "write", "a").err()).isEqualTo("Not enough arguments (expected 2, got 1)\n");
        assertThat(cli.run("secrets", "disable", "a", "b").err())
                .isEqualTo("Too many arguments (expected 1, got 2)\n");
    }

    @Test
    void write_noData_mustSupplyDataExit1() {
        CliRunner.Result r = cli.run("write", "secret/foo");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Must supply data or use -force\n");
    }

    @Test
    void kvPut_badPair_failedToParseExit1() {
        CliRunner.Result r = cli.run("kv", "put", "secret/foo", "novalue");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Failed to parse K=V data: invalid key/value pair \"novalue\": "
                + "format must be key=value\n");
    }

    @Test
    void tokenCreate_badDuration_exit1NamingFlag() {
        CliRunner.Result r = cli.run("token", "create", "-ttl=forever");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("invalid value \"forever\" for flag -ttl");
    }

    @Test
    void flagDurations_goAndSecondForms() {
        assertThat(FlagDurations.seconds("ttl", "90")).isEqualTo(90);
        assertThat(FlagDurations.seconds("ttl", "1h30m")).isEqualTo(5400);
        assertThat(FlagDurations.seconds("ttl", "1.5h")).isEqualTo(5400);
        assertThat(FlagDurations.seconds("ttl", "768h")).isEqualTo(2764800);
        assertThat(FlagDurations.wire("ttl", "30m")).isEqualTo("1800s");
    }

    @Test
    void serverUnreachable_dataCommand_exit2() {
        CliRunner.Result r = cli.run("read", "secret/foo");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("Error reading secret/foo: ").contains("cannot reach");
    }

    @Test
    void policyFmt_hcl_reindentsAlignsAndRewritesFile() throws Exception {
        Path file = dir.resolve("p.hcl");
        Files.writeString(file, "path \"secret/*\" {\n capabilities = [\"read\"]   \n      "
                + "max_wrapping_ttl = \"1h\"\n}\n\n\n\npath \"sys/*\" {\ncapabilities=[\"deny\"]\n}\n\n");
        CliRunner.Result r = cli.run("policy", "fmt", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Success! Formatted policy: " + file + "\n");
        assertThat(Files.readString(file)).isEqualTo("path \"secret/*\" {\n"
                + "  capabilities     = [\"read\"]\n"
                + "  max_wrapping_ttl = \"1h\"\n"
                + "}\n"
                + "\n"
                + "path \"sys/*\" {\n"
                + "  capabilities = [\"deny\"]\n"
                + "}\n");
    }

    @Test
    void policyFmt_unbalanced_failedToParseExit1_fileUntouched() throws Exception {
        Path file = dir.resolve("p.hcl");
        Files.writeString(file, "path \"secret/*\" {\n capabilities = [\"read\"]\n");
        CliRunner.Result r = cli.run("policy", "fmt", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("Failed to parse policy: unbalanced braces");
        assertThat(Files.readString(file)).isEqualTo("path \"secret/*\" {\n capabilities = [\"read\"]\n");
    }
}
