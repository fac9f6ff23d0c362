package io.strongroom.awskms;

import static io.strongroom.awskms.TestSupport.block;
import static io.strongroom.awskms.TestSupport.config;
import static io.strongroom.awskms.TestSupport.env;
import static io.strongroom.awskms.TestSupport.signedAccessKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Instance metadata against local servers: IMDSv2, v1 fallback, and a service that never answers. */
class InstanceMetadataCredentialsTest {

    private static final String ROLE_PATH = "/latest/meta-data/iam/security-credentials/";

    @TempDir
    Path home;

    /** A fake IMDS; {@code tokenAnswer} decides the token PUT. GETs require the token iff one was issued. */
    private static Function<LocalHttp.Req, LocalHttp.Resp> imds(LocalHttp.Resp tokenAnswer) {
        return r -> {
            if (r.method().equals("PUT") && r.path().equals("/latest/api/token")) {
                return tokenAnswer;
            }
            String tok = r.header("X-aws-ec2-metadata-token");
            if (tokenAnswer.status() == 200 && tokenAnswer.delayMillis() == 0 && !tokenAnswer.body().equals(tok)) {
                return LocalHttp.Resp.status(401);
            }
            if (r.path().equals(ROLE_PATH)) {
                return LocalHttp.Resp.ok("text/plain", "seal-role\n");
            }
            if (r.path().equals(ROLE_PATH + "seal-role")) {
                return LocalHttp.Resp.ok("text/plain", TestSupport.credsJson("ASIAIMDS", "s3cr3t-imds", "sess-imds",
                        Instant.parse("2099-01-01T00:00:00Z")));
            }
            if (r.path().equals("/latest/meta-data/placement/region")) {
                return LocalHttp.Resp.ok("text/plain", "ap-northeast-2");
            }
            return LocalHttp.Resp.status(404);
        };
    }

    private Map<String, String> imdsEnv(String url, String... kv) {
        Map<String, String> e = env(home.toString(), kv);
        e.remove("AWS_EC2_METADATA_DISABLED");
        e.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", url);
        return e;
    }

    @Test
    void imdsV2TokenThenRoleAndCredentialsAreUsedToSign() throws Exception {
        try (LocalHttp server = new LocalHttp(imds(LocalHttp.Resp.ok("text/plain", "tok-v2")));
             LocalHttp kms = TestSupport.fakeKms();
             BuiltClient c = KmsClientFactory.build(config(Map.of("region", block("eu-west-1"),
                     "endpoint", block(kms.url()))), imdsEnv(server.url()))) {
            c.client().describeKey(b -> b.keyId("k1"));

            assertThat(c.credentialSource()).isEqualTo("instance metadata (IMDSv2, " + server.url() + ")");
            assertThat(signedAccessKey(kms.requests.get(0))).isEqualTo("ASIAIMDS");
            assertThat(server.requests).extracting(LocalHttp.Req::method, LocalHttp.Req::path).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("PUT", "/latest/api/token"),
                    org.assertj.core.groups.Tuple.tuple("GET", ROLE_PATH),
                    org.assertj.core.groups.Tuple.tuple("GET", ROLE_PATH + "seal-role"));
            assertThat(server.requests.get(0).header("X-aws-ec2-metadata-token-ttl-seconds")).isEqualTo("21600");
            assertThat(server.requests.subList(1, 3)).allSatisfy(
                    r -> assertThat(r.header("X-aws-ec2-metadata-token")).isEqualTo("tok-v2"));
        }
    }

    @Test
    void tokenRefusedFallsBackToImdsV1() throws Exception {
        try (LocalHttp server = new LocalHttp(imds(LocalHttp.Resp.status(403)));
             BuiltClient c = KmsClientFactory.build(config(Map.of("region", block("eu-west-1"))),
                     imdsEnv(server.url()))) {
            assertThat(c.credentials().resolveCredentials().accessKeyId()).isEqualTo("ASIAIMDS");
            assertThat(c.credentialSource()).isEqualTo("instance metadata (IMDSv1, " + server.url() + ")");
            assertThat(server.requests).hasSize(3);
            assertThat(server.requests.subList(1, 3)).allSatisfy(
                    r -> assertThat(r.header("X-aws-ec2-metadata-token")).isNull());
        }
    }

    @Test
    void hangingTokenRequestFallsBackToImdsV1AfterTheTimeout() throws Exception {
        try (LocalHttp server = new LocalHttp(imds(new LocalHttp.Resp(200, "text/plain", "late", 5_000)))) {
            long t0 = System.nanoTime();
            try (BuiltClient c = KmsClientFactory.build(config(Map.of("region", block("eu-west-1"))),
                    imdsEnv(server.url()))) {
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(c.credentialSource()).startsWith("instance metadata");
                assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
                assertThat(server.requests.get(1).header("X-aws-ec2-metadata-token")).isNull();
            }
        }
    }

    @Test
    void v1FallbackCanBeDisabled() throws Exception {
        try (LocalHttp server = new LocalHttp(imds(LocalHttp.Resp.status(403)));
             BuiltClient c = KmsClientFactory.build(config(Map.of("region", block("eu-west-1"))),
                     imdsEnv(server.url(), "AWS_EC2_METADATA_V1_DISABLED", "true"))) {
            assertThat(c.credentialSource()).contains("instance metadata " + server.url()
                    + ": HTTP 403 (IMDSv2 token); IMDSv1 fallback disabled (AWS_EC2_METADATA_V1_DISABLED)");
            assertThat(server.requests).hasSize(1);
        }
    }

    @Test
    void metadataDisabledIsNamedInTheFailure() {
        try (BuiltClient c = KmsClientFactory.build(config(Map.of("region", block("eu-west-1"))), env(home.toString()))) {
            assertThat(c.credentialSource()).isEqualTo("none yet: Unable to load credentials: no AWS credentials: "
                    + "static keys: not configured; shared credentials file " + home.resolve(".aws/credentials")
                    + ": file not found; web identity: role_arn not set; container credentials: "
                    + "AWS_CONTAINER_CREDENTIALS_* not set; instance metadata: disabled (AWS_EC2_METADATA_DISABLED=true)");
        }
    }

    @Test
    void neverAnsweringMetadataGivesUpInAboutTwoSecondsAndTheFailureIsCached() throws Exception {
        TestSupport.MutableClock clock = new TestSupport.MutableClock();
        try (BlackHole hole = new BlackHole(); LocalHttp kms = TestSupport.fakeKms()) {
            long t0 = System.nanoTime();
            BuiltClient c = KmsClientFactory.build(config(Map.of("region", block("eu-west-1"),
                    "endpoint", block(kms.url()))), imdsEnv(hole.url()), clock, Duration.ofSeconds(30));
            Duration first = Duration.ofNanos(System.nanoTime() - t0);
            try (c) {
                System.out.println("never-answering IMDS: build + first resolution took " + first.toMillis() + " ms");
                assertThat(first).isLessThan(Duration.ofSeconds(4)).isGreaterThan(Duration.ofMillis(1800));
                assertThat(c.credentialSource()).isEqualTo("none yet: Unable to load credentials: no AWS credentials: "
                        + "static keys: not configured; shared credentials file " + home.resolve(".aws/credentials")
                        + ": file not found; web identity: role_arn not set; container credentials: "
                        + "AWS_CONTAINER_CREDENTIALS_* not set; instance metadata " + hole.url()
                        + ": timed out after 1 s (IMDSv2 token) and 1 s (IMDSv1)");
                int seen = hole.connections.get();
                assertThat(seen).isEqualTo(2);

                // within the cache period: immediate, same message, no new request
                long t1 = System.nanoTime();
                assertThatThrownBy(() -> c.credentials().resolveCredentials())
                        .isInstanceOf(AwsCredentialsUnavailableException.class)
                        .hasMessageStartingWith(c.credentialSource().substring("none yet: ".length()));
                Throwable viaKms = null;
                try {
                    c.client().describeKey(b -> b.keyId("k1"));
                } catch (SdkClientException e) {
                    viaKms = e;
                }
                Duration second = Duration.ofNanos(System.nanoTime() - t1);
                System.out.println("cached failure: resolve + KMS call took " + second.toMillis() + " ms; KMS call threw "
                        + (viaKms == null ? null : viaKms.getClass().getName()));
                assertThat(second).isLessThan(Duration.ofMillis(200));
                assertThat(viaKms).isNotNull().hasMessageContaining("Unable to load credentials")
                        .hasMessageContaining("timed out after 1 s (IMDSv2 token) and 1 s (IMDSv1)");
                assertThat(AwsCredentialsUnavailableException.isCredentialsFailure(viaKms)).isTrue();
                assertThat(hole.connections.get()).isEqualTo(seen);
                assertThat(kms.requests).as("no unsigned request reaches KMS").isEmpty();

                // after the cache period the chain is walked again
                clock.advance(Duration.ofSeconds(31));
                assertThatThrownBy(() -> c.credentials().resolveCredentials())
                        .hasMessageContaining("timed out after 1 s");
                assertThat(hole.connections.get()).isEqualTo(seen + 2);
            }
        }
    }

    /** Accepts TCP connections and never answers: a metadata service behind one hop too many. */
    static final class BlackHole implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final List<Socket> held = new CopyOnWriteArrayList<>();
        final Thread acceptor = new Thread(this::acceptLoop, "black-hole");

        BlackHole() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try {
                    held.add(socket.accept());
                    connections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
