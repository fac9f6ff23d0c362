package io.strongroom.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code operator key-usage} and {@code operator seal-rewrap} against a scripted server. */
class KeyRotationCommandsTest {

    private static final String OLD = "arn:aws:kms:us-east-1:000000000000:key/old";
    private static final String NEW = "arn:aws:kms:us-east-1:000000000000:key/new";

    private HttpServer server;
    private final List<String> seen = new ArrayList<>();
    private final AtomicInteger statusPolls = new AtomicInteger();
    private volatile int failed;
    private volatile String usage;
    private CliRunner cli;

    @BeforeEach
    void start() throws IOException {
        usage = "{\"data\":{\"current_key_id\":\"" + NEW + "\",\"keys\":{\"" + NEW + "\":{\"entries\":4,"
                + "\"current\":true}},\"total_entries\":4}}";
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String call = ex.getRequestMethod() + " " + ex.getRequestURI();
            synchronized (seen) {
                seen.add(call);
            }
            String body;
            int status = 200;
            if (call.startsWith("GET /v1/sys/seal/key-usage")) {
                body = call.contains("verify=true")
                        ? usage.replace("\"total_entries\":4}", "\"total_entries\":4,\"verified\":true,\"scan_mismatches\":1}")
                        : usage;
            } else if (call.equals("GET /v1/sys/sealwrap/rewrap")) {
                int n = statusPolls.incrementAndGet();
                boolean running = n < 3;
                body = "{\"data\":{\"entries\":{\"processed\":" + Math.min(4, n * 2) + ",\"succeeded\":"
                        + (Math.min(4, n * 2) - (running ? 0 : failed)) + ",\"failed\":" + (running ? 0 : failed)
                        + "},\"is_running\":" + running + ",\"fully_wrapped\":" + (!running && failed == 0) + "}}";
            } else if (call.equals("POST /v1/sys/sealwrap/rewrap")) {
                status = 204;
                body = "";
            } else {
                status = 404;
                body = "{\"errors\":[]}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
            if (status != 204) {
                ex.getResponseBody().write(bytes);
            }
            ex.close();
        });
        server.start();
        cli = new CliRunner("http://127.0.0.1:" + server.getAddress().getPort());
        cli.env.put("VAULT_TOKEN", "t");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void keyUsage_onlyCurrentKey_printsTableAndSaysNothingNeedsAnOldKey() {
        CliRunner.Result r = cli.run("operator", "key-usage");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Key ID").contains(NEW).contains("Total entries: 4")
                .contains("No entry depends on a key other than the current one.");
        assertThat(seen).containsExactly("GET /v1/sys/seal/key-usage");
    }

    @Test
    void keyUsage_oldKeyStillUsed_saysToRewrap() {
        usage = "{\"data\":{\"current_key_id\":\"" + NEW + "\",\"keys\":{\"" + OLD + "\":{\"entries\":3,\"current\":"
                + "false},\"" + NEW + "\":{\"entries\":1,\"current\":true}},\"total_entries\":4}}";
        CliRunner.Result r = cli.run("operator", "key-usage");
        assertThat(r.out()).contains(OLD).contains("operator seal-rewrap");
    }

    @Test
    void keyUsage_verify_sendsTheFlagAndReportsMismatches() {
        CliRunner.Result r = cli.run("operator", "key-usage", "-verify");
        assertThat(r.code()).isZero();
        assertThat(seen).containsExactly("GET /v1/sys/seal/key-usage?verify=true");
        assertThat(r.out()).contains("1 index mismatches found and repaired");
    }

    @Test
    void sealRewrap_startsThenShowsAProgressBarUntilDone() {
        CliRunner.Result r = cli.run("operator", "seal-rewrap", "-poll-interval-ms", "50");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(seen.get(0)).isEqualTo("POST /v1/sys/sealwrap/rewrap");
        assertThat(r.out()).contains("[###############...............] 2/4 entries, 0 failed")
                .contains("[##############################] 4/4 entries, 0 failed")
                .contains("Success! Every entry is wrapped under the current KMS key.");
    }

    @Test
    void sealRewrap_entriesFailed_exitsTwo() {
        failed = 1;
        CliRunner.Result r = cli.run("operator", "seal-rewrap", "-poll-interval-ms", "50");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("1 failed").contains("see the server log");
    }

    @Test
    void sealRewrap_status_onlyReads() {
        CliRunner.Result r = cli.run("operator", "seal-rewrap", "-status");
        assertThat(r.code()).isZero();
        assertThat(seen).containsExactly("GET /v1/sys/sealwrap/rewrap");
        assertThat(r.out()).contains("entries_processed").contains("is_running");
    }
}
