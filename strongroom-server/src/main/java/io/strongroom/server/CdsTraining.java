package io.strongroom.server;

import io.strongroom.server.cli.CliContext;
import io.strongroom.server.cli.StrongroomCli;
import io.strongroom.server.config.ServerConfig;
import io.strongroom.server.config.ServerConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run for the class-data-sharing archive the {@code strongroom} launcher keeps next to the build
 * (JDK 17 has no automatic archive; see the launcher): it walks the start-up path once so that the JVM can dump
 * every class it loaded, parsed and verified, and later starts map them instead of loading them again. Measured
 * here: server start to unsealed about 40% faster (docs/benchmarks.md).
 *
 * <p>It builds the CLI model, runs the client commands operators type most ({@code status}, {@code kv get},
 * {@code read}, {@code version}) against the server below, starts a server from an HCL config with the awskms seal pointed at a closed local
 * port (so the AWS SDK client is built and a refused DescribeKey goes through the whole call path, without any
 * KMS), answers two HTTP requests, stops, and exits. No network beyond 127.0.0.1, nothing kept on disk.
 */
public final class CdsTraining {

    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        StringWriter sink = new StringWriter();
        PrintWriter pw = new PrintWriter(sink);
        StrongroomCli.execute(new CliContext(Map.of(), pw, pw, prompt -> null), (o, out, err) -> 0,
                (o, out, err) -> 0, new String[] {"-h"});

        Path dir = Files.createTempDirectory("strongroom-cds-training");
        try {
            ServerConfig config = ServerConfigLoader.fromSources(List.of(new ServerConfigLoader.Source("training.hcl", """
                    storage "file" { path = "%s" }
                    listener "tcp" {
                      address     = "127.0.0.1:0"
                      tls_disable = true
                    }
                    seal "awskms" {
                      region     = "us-east-1"
                      access_key = "training"
                      secret_key = "training"
                      kms_key_id = "alias/cds-training"
                      endpoint   = "http://127.0.0.1:1"
                    }
                    """.formatted(dir.resolve("data")))), false);
            LogSetup.configure("error", "standard");
            try (StrongroomServer server = StrongroomServer.start(config, Map.of("AWS_EC2_METADATA_DISABLED", "true"), null)) {
                HttpClient http = HttpClient.newHttpClient();
                URI base = URI.create("http://127.0.0.1:" + server.port(0));
                for (String path : List.of("/v1/sys/seal-status", "/v1/sys/health")) {
                    http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
                }
                // the CLI's client path, as an operator's commands walk it (the server is sealed: the answers are
                // a sealed status and an error, and the classes loaded are the same)
                CliContext client = new CliContext(Map.of("VAULT_ADDR", base.toString(), "VAULT_TOKEN", "training",
                        "HOME", dir.toString()), pw, pw, prompt -> null);
                for (String[] command : List.of(new String[] {"status"}, new String[] {"kv", "get", "secret/training"},
                        new String[] {"read", "sys/mounts"}, new String[] {"version"})) {
                    StrongroomCli.execute(client, (o, out, err) -> 0, (o, out, err) -> 0, command);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }
}
