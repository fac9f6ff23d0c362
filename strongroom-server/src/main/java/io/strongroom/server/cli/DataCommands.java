package io.strongroom.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The data-plane command tree: {@code kv}, {@code read}, {@code write}, {@code list}, {@code delete},
 * {@code token}, {@code policy}, {@code secrets} and {@code login} (spec 8). A group run alone, or with an unknown
 * subcommand, prints its usage and exits 1.
 */
final class DataCommands {

    private DataCommands() {}

    /** Adds the data-plane commands that {@code commands} wants (each built only then: see {@link Commands}). */
    static void register(Commands commands, CliContext ctx) {
        commands.add("read", () -> new GenericCommands.Read(ctx))
                .add("write", () -> new GenericCommands.Write(ctx))
                .add("list", () -> new GenericCommands.ListKeys(ctx))
                .add("delete", () -> new GenericCommands.Delete(ctx))
                .add("login", () -> new LoginCommand(ctx))
                .add("kv", () -> kv(ctx))
                .add("token", () -> group(ctx, "token", "Interact with tokens")
                        .addSubcommand("create", new TokenCommands.Create(ctx))
                        .addSubcommand("lookup", new TokenCommands.Lookup(ctx))
                        .addSubcommand("renew", new TokenCommands.Renew(ctx))
                        .addSubcommand("revoke", new TokenCommands.Revoke(ctx)))
                .add("policy", () -> group(ctx, "policy", "Interact with policies")
                        .addSubcommand("write", new PolicyCommands.Write(ctx))
                        .addSubcommand("read", new PolicyCommands.Read(ctx))
                        .addSubcommand("list", new PolicyCommands.ListNames(ctx))
                        .addSubcommand("delete", new PolicyCommands.Delete(ctx))
                        .addSubcommand("fmt", new PolicyCommands.Fmt(ctx)))
                .add("secrets", () -> group(ctx, "secrets", "Interact with secrets engines")
                        .addSubcommand("enable", new SecretsCommands.Enable(ctx))
                        .addSubcommand("disable", new SecretsCommands.Disable(ctx))
                        .addSubcommand("list", new SecretsCommands.ListMounts(ctx))
                        .addSubcommand("tune", new SecretsCommands.Tune(ctx)));
    }

    private static CommandLine kv(CliContext ctx) {
        CommandLine metadata = group(ctx, "metadata", "Interact with Vault's Key-Value storage metadata")
                .addSubcommand("get", new KvMetadataCommands.Get(ctx))
                .addSubcommand("put", new KvMetadataCommands.Put(ctx))
                .addSubcommand("patch", new KvMetadataCommands.Patch(ctx))
                .addSubcommand("delete", new KvMetadataCommands.Delete(ctx));
        return group(ctx, "kv", "Interact with Vault's Key-Value storage")
                .addSubcommand("get", new KvDataCommands.Get(ctx))
                .addSubcommand("put", new KvDataCommands.Put(ctx))
                .addSubcommand("patch", new KvDataCommands.Patch(ctx))
                .addSubcommand("delete", new KvVersionCommands.Delete(ctx))
                .addSubcommand("undelete", new KvVersionCommands.Undelete(ctx))
                .addSubcommand("destroy", new KvVersionCommands.Destroy(ctx))
                .addSubcommand("list", new KvVersionCommands.ListKeys(ctx))
                .addSubcommand("metadata", metadata);
    }

    private static CommandLine group(CliContext ctx, String name, String description) {
        CommandLine line = new CommandLine(new Group(ctx));
        line.getCommandSpec().name(name);
        line.getCommandSpec().usageMessage().description(description);
        return line;
    }

    /** A command group: alone it prints its usage and fails like any usage error. */
    @Command(mixinStandardHelpOptions = true)
    static final class Group implements Callable<Integer> {
        private final CliContext ctx;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Group(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            spec.commandLine().usage(ctx.err());
            return 1;
        }
    }
}
