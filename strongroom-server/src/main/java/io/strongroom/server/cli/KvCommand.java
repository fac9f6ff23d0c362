package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Base of the {@code kv} commands: the KV version preflight and the path mapping.
 *
 * <p>vault-compat (spec 4.4, 8): {@code GET sys/internal/ui/mounts/<path>} says which mount serves the path and
 * its {@code options.version}; "2" is KV v2 (paths become {@code <mount>/data/<rest>}, {@code <mount>/metadata/
 * <rest>} ...), anything else v1; a 404 means v1 (an old server); any other error (a 403 when the token may not
 * see the mount) ends the command with exit 2. With {@code -mount=M} the preflight asks about M and the argument
 * is the path below it.
 */
abstract class KvCommand extends DataCommand {

    @Option(names = {"-mount", "--mount"}, paramLabel = "<string>",
            description = "The mount of the KV engine; the argument is then the path below it")
    String mount;

    @Parameters(paramLabel = "PATH [K=V...]", arity = "0..*")
    List<String> args = new ArrayList<>();

    KvCommand(CliContext ctx) {
        super(ctx);
    }

    /** Where a KV path lives: its mount ("secret/"), its version, and the path including the mount. */
    record Target(String mountPath, boolean v2, String partialPath) {

        /**
         * vault-compat: addPrefixToKVPath: {@code secret/foo} with prefix {@code data} is
         * {@code secret/data/foo}; the mount itself is {@code secret/data}.
         */
        String with(String apiPrefix) {
            String mountNoSlash = sanitizePath(mountPath);
            if (partialPath.equals(mountNoSlash)) {
                return mountNoSlash + "/" + apiPrefix;
            }
            String rest = partialPath.startsWith(mountNoSlash + "/")
                    ? partialPath.substring(mountNoSlash.length() + 1) : partialPath;
            return mountNoSlash + "/" + apiPrefix + "/" + rest;
        }

        /** The path a v1 request goes to. */
        String v1() {
            return partialPath;
        }
    }

    /** The first argument resolved against the server's mount table. */
    Target target(ApiClient client) {
        String arg = sanitizePath(args.get(0));
        if (mount != null) {
            String m = sanitizePath(mount);
            Preflight p = preflight(client, m);
            String mountPath = p.mountPath.isEmpty() ? m + "/" : p.mountPath;
            String joined = arg.isEmpty() ? sanitizePath(mountPath) : sanitizePath(mountPath) + "/" + arg;
            return new Target(mountPath, p.v2, joined);
        }
        Preflight p = preflight(client, arg);
        String mountPath = p.mountPath.isEmpty() ? firstSegment(arg) + "/" : p.mountPath;
        return new Target(mountPath, p.v2, arg);
    }

    private record Preflight(String mountPath, boolean v2) {}

    private static Preflight preflight(ApiClient client, String path) {
        ApiClient.Reply reply = client.call("GET", "sys/internal/ui/mounts/" + path, null, null, null);
        if (reply.status() == 404) {
            return new Preflight("", false);
        }
        if (reply.status() >= 400) {
            throw new Failure(2, client.error("GET", "sys/internal/ui/mounts/" + path, reply).getMessage());
        }
        if (reply.body() == null || !reply.body().path("data").isObject()) {
            throw new Failure(2, "nil response from pre-flight request");
        }
        JsonNode data = reply.body().get("data");
        String mountPath = data.path("path").asText("");
        return new Preflight(mountPath, "2".equals(data.path("options").path("version").asText("")));
    }

    private static String firstSegment(String path) {
        int slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(0, slash);
    }

    /** The {@code -versions} flag values as integers; a bad number is a usage error. */
    static List<Integer> versions(List<String> raw) {
        List<Integer> out = new ArrayList<>();
        for (String item : raw) {
            for (String v : item.split(",")) {
                if (v.isBlank()) {
                    continue;
                }
                try {
                    out.add(Integer.parseInt(v.strip()));
                } catch (NumberFormatException e) {
                    throw new Failure(1, "invalid value \"" + v.strip() + "\" for flag -versions: not a number");
                }
            }
        }
        return out;
    }

    /** vault-compat: outputPath: the path under a title of its own width, then a blank line. */
    void printPath(String title, String path) {
        ctx.out().println(Tables.header(title, path.length()));
        ctx.out().println(path);
        ctx.out().println();
    }

    /** A titled key/value section (Metadata, Data, Version N). */
    void printSection(String title, JsonNode object) {
        ctx.out().println(Tables.headerForMap(title, object));
        printLines(Tables.keyValues(object));
    }
}
