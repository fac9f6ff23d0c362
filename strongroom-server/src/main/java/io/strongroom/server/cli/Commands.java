package io.strongroom.server.cli;

import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Adds top-level commands to the root {@link CommandLine}, building each one (and so paying for picocli's
 * reflection over its annotations) only when the command line asks for it. Not thread-safe; used while the
 * tree is built.
 */
final class Commands {

    private final CommandLine root;
    private final Predicate<String> wanted;

    Commands(CommandLine root, Predicate<String> wanted) {
        this.root = root;
        this.wanted = wanted;
    }

    /**
     * @param command builds the command object or its {@link CommandLine} (a group with subcommands)
     * @return this, for chaining
     */
    Commands add(String name, Supplier<Object> command) {
        if (wanted.test(name)) {
            root.addSubcommand(name, command.get());
        }
        return this;
    }
}
