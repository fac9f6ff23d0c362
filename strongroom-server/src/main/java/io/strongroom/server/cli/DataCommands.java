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

    static void register(CommandLine cli, CliContext ctx) {
        CommandLine metadata = group(ctx, "metadata", "Interact with Vault's Key-Value storage metadata")
                .addSubcommand("get", new KvMetadataCommands.Get(ctx))
                .addSubcommand("put", new KvMetadataCommands.Put(ctx))
                .addSubcommand("patch", new KvMetadataCommands.Patch(ctx))
                .addSubcommand("delete", new KvMetadataCommands.Delete(ctx));
        CommandLine kv = group(ctx, "kv", "Interact with Vault's Key-Value storage")
                .addSubcommand("get", new KvDataCommands.Get(ctx))
                .addSubcommand("put", new KvDataCommands.Put(ctx))
                .addSubcommand("patch", new KvDataCommands.Patch(ctx))
                .addSubcommand("delete", new KvVersionCommands.Delete(ctx))
                .addSubcommand("undelete", new KvVersionCommands.Undelete(ctx))
                .addSubcommand("destroy", new KvVersionCommands.Destroy(ctx))
                .addSubcommand("list", new KvVersionCommands.ListKeys(ctx))
                .addSubcommand("metadata", metadata);
        CommandLine token = group(ctx, "token", "Interact with tokens")
                .addSubcommand("create", new TokenCommands.Create(ctx))
                .addSubcommand("lookup", new TokenCommands.Lookup(ctx))
                .addSubcommand("renew", new TokenCommands.Renew(ctx))
                .addSubcommand("revoke", new TokenCommands.Revoke(ctx));
        CommandLine policy = group(ctx, "policy", "Interact with policies")
                .addSubcommand("write", new PolicyCommands.Write(ctx))
                .addSubcommand("read", new PolicyCommands.Read(ctx))
                .addSubcommand("list", new PolicyCommands.ListNames(ctx))
                .addSubcommand("delete", new PolicyCommands.Delete(ctx))
                .addSubcommand("fmt", new PolicyCommands.Fmt(ctx));
        CommandLine secrets = group(ctx, "secrets", "Interact with secrets engines")
                .addSubcommand("enable", new SecretsCommands.Enable(ctx))
                .addSubcommand("disable", new SecretsCommands.Disable(ctx))
                .addSubcommand("list", new SecretsCommands.ListMounts(ctx))
                .addSubcommand("tune", new SecretsCommands.Tune(ctx));
        cli.addSubcommand("read", new GenericCommands.Read(ctx))
                .addSubcommand("write", new GenericCommands.Write(ctx))
                .addSubcommand("list", new GenericCommands.ListKeys(ctx))
                .addSubcommand("delete", new GenericCommands.Delete(ctx))
                .addSubcommand("login", new LoginCommand(ctx))
                .addSubcommand("kv", kv)
                .addSubcommand("token", token)
                .addSubcommand("policy", policy)
                .addSubcommand("secrets", secrets);
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
