package io.strongroom.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kv delete}, {@code kv undelete}, {@code kv destroy} and {@code kv list} (spec 8, vault-compat). */
final class KvVersionCommands {

    private KvVersionCommands() {}

    /** {@code kv delete [-versions=1,2] PATH}: the latest version, or the listed ones (v2); the key (v1). */
    @Command(name = "delete", description = "Delete versions of secrets in the KV store",
            mixinStandardHelpOptions = true)
    static final class Delete extends KvCommand {
        @Option(names = {"-versions", "--versions"}, paramLabel = "<int,int>", split = ",",
                description = "Versions to delete; default: the latest")
        List<String> versions = new ArrayList<>();

        private String fullPath = "";

        Delete(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "deleting " + fullPath;
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, 1);
            List<Integer> numbers = versions(versions);
            Target t = target(client);
            if (t.v2()) {
                fullPath = t.with("data");
                if (numbers.isEmpty()) {
                    client.write("DELETE", fullPath, null);
                } else {
                    client.write("POST", t.with("delete"), Map.of("versions", numbers));
                }
            } else {
                fullPath = t.v1();
                client.write("DELETE", fullPath, null);
            }
            if (!json) {
                ctx.out().println("Success! Data deleted (if it existed) at: " + fullPath);
            }
            return 0;
        }
    }

    /** Shared by undelete and destroy: {@code -versions} required, v2 only. */
    abstract static class VersionsWrite extends KvCommand {
        @Option(names = {"-versions", "--versions"}, paramLabel = "<int,int>", split = ",",
                description = "Versions (required)")
        List<String> versions = new ArrayList<>();

        String fullPath = "";

        VersionsWrite(CliContext ctx) {
            super(ctx);
        }

        abstract String verb();

        abstract String method();

        @Override
        String doing() {
            return "writing data to " + fullPath;
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, 1);
            List<Integer> numbers = versions(versions);
            if (numbers.isEmpty()) {
                throw new Failure(1, "No versions provided, use the \"-versions\" flag to specify the version to "
                        + verb() + ".");
            }
            Target t = target(client);
            if (!t.v2()) {
                throw new Failure(1, Character.toUpperCase(verb().charAt(0)) + verb().substring(1)
                        + " not supported on KV Version 1");
            }
            fullPath = t.with(verb());
            client.write(method(), fullPath, Map.of("versions", numbers));
            if (!json) {
                ctx.out().println("Success! Data written to: " + fullPath);
            }
            return 0;
        }
    }

    /** {@code kv undelete -versions=N PATH}. */
    @Command(name = "undelete", description = "Undelete versions of secrets in the KV store",
            mixinStandardHelpOptions = true)
    static final class Undelete extends VersionsWrite {
        Undelete(CliContext ctx) {
            super(ctx);
        }

        @Override
        String verb() {
            return "undelete";
        }

        @Override
        String method() {
            return "POST";
        }
    }

    /** {@code kv destroy -versions=N PATH}. */
    @Command(name = "destroy", description = "Permanently remove one or more versions of secrets",
            mixinStandardHelpOptions = true)
    static final class Destroy extends VersionsWrite {
        Destroy(CliContext ctx) {
            super(ctx);
        }

        @Override
        String verb() {
            return "destroy";
        }

        @Override
        String method() {
            return "PUT";
        }
    }

    /** {@code kv list PATH}: v2 lists {@code M/metadata/P}. */
    @Command(name = "list", description = "List data or secrets in the KV store", mixinStandardHelpOptions = true)
    static final class ListKeys extends KvCommand {
        private String fullPath = "";

        ListKeys(CliContext ctx) {
            super(ctx);
        }

        @Override
        String doing() {
            return "listing " + fullPath;
        }

        @Override
        int run(ApiClient client, boolean json) throws Exception {
            expectArgs(args, 1, 1);
            Target t = target(client);
            fullPath = t.v2() ? t.with("metadata") : t.v1();
            return GenericCommands.printList(this, client.list(fullPath), fullPath, json);
        }
    }
}
