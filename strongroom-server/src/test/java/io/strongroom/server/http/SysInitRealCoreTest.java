package io.strongroom.server.http;

import static io.strongroom.server.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.awskms.AwsKmsKeyWrapper;
import io.strongroom.awskms.FakeKms;
import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.core.lifecycle.CoreLifecycle;
import io.strongroom.core.lifecycle.SealStrategies;
import io.strongroom.storage.InmemStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code PUT /v1/sys/init} against the real core (awskms wrapper on a real-crypto KMS fake, in-memory storage):
 * issue #6 item 9a was the real core initializing with zero recovery shares on an empty body.
 */
class SysInitRealCoreTest {

    private final SecureRandom random = new SecureRandom();

    private CoreLifecycle awsKmsCore() {
        FakeKms kms = new FakeKms();
        kms.setAlias("alias/seal", kms.createKey());
        InmemStorage storage = new InmemStorage();
        return new CoreLifecycle(storage, new AesGcmBarrier(storage, random, Clock.systemUTC()),
                SealStrategies.auto(AwsKmsKeyWrapper.create(kms, "alias/seal", random, Map.of("region", "us-east-1"))), random,
                Clock.systemUTC(), new CoreLifecycle.Settings("0.1.0", "2026-01-01T00:00:00Z", "inmem", null));
    }

    private static HttpResponse<String> put(ApiServer server, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port(0) + "/v1/sys/init"))
                .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ApiServer serve(CoreLifecycle core) throws Exception {
        ApiServer server = new ApiServer(core, Clock.systemUTC(), List.of(ListenerSettings.plain("127.0.0.1:0")),
                Duration.ZERO);
        server.start();
        return server;
    }

    // vault-compat: vault/init.go, "recovery configuration must specify a positive number of shares" (400)
    @Test
    void putInit_emptyBody_is400AndStaysUninitialized() throws Exception {
        CoreLifecycle core = awsKmsCore();
        try (ApiServer server = serve(core)) {
            HttpResponse<String> r = put(server, "");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body())).isEqualTo(json(
                    "{\"errors\":[\"recovery configuration must specify a positive number of shares\"]}"));
            assertThat(core.isInitialized()).isFalse();
        }
    }

    @Test
    void putInit_explicitZeroRecoveryShares_initializesWithWarning() throws Exception {
        CoreLifecycle core = awsKmsCore();
        try (ApiServer server = serve(core)) {
            HttpResponse<String> r = put(server, "{\"recovery_shares\":0,\"recovery_threshold\":0}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r.body()).get("warnings").get(0).asText()).isEqualTo(SysRoutes.ZERO_RECOVERY_SHARES_WARNING);
            assertThat(json(r.body()).has("recovery_keys")).isFalse();
            assertThat(core.isInitialized()).isTrue();
        }
    }
}
