package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Auth;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.strongroom.testkit.FreePorts;
import io.strongroom.testkit.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultKeyValueOperations;
import org.springframework.vault.core.VaultKeyValueOperationsSupport.KeyValueBackend;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.support.Versioned;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;
import org.springframework.vault.support.VaultTokenRequest;
import org.springframework.vault.support.VaultTokenResponse;

/**
 * Real Vault clients, unmodified, against a real Strongroom process with the awskms seal on moto: Spring Vault
 * ({@code VaultTemplate}, KV v2 through the versioned operations and the KV-version detection of
 * {@code opsForKeyValue}, tokens, sys) and vault-java-driver (logical read/write/list/delete on KV v1 and v2, token
 * create/lookup/renew/revoke, mounts). One server for the class; the last test restarts it and reads everything
 * back after the auto-unseal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VaultClientsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static Path config;
    private static URI address;
    private static ServerProcess server;
    private static String rootToken;

    @BeforeAll
    static void start() throws Exception {
        MotoServer moto = MotoServer.shared();
        String keyArn = moto.createKey();
        int port = FreePorts.pick();
        address = URI.create("http://127.0.0.1:" + port);
        config = dir.resolve("server.hcl");
        Files.writeString(config, """
                storage "file" { path = "%s" }
                listener "tcp" { address = "127.0.0.1:%d"  tls_disable = true }
                seal "awskms" {
                  region = "us-east-1"
                  access_key = "AKIDCLIENTS"
                  secret_key = "clients-secret"
                  kms_key_id = "%s"
                  endpoint = "%s"
                }
                """.formatted(dir.resolve("data"), port, keyArn, moto.endpoint()));
        server = ServerProcess.start(config, dir.resolve("server.log"), address, Map.of());
        server.awaitHealth(501, Duration.ofSeconds(60));
        JsonNode init = call("PUT", "/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}", null);
        rootToken = init.get("root_token").asText();
        server.awaitHealth(200, Duration.ofSeconds(30));
        assertThat(call("POST", "/v1/sys/mounts/secret", "{\"type\":\"kv-v2\"}", rootToken).get("_status").asInt())
                .isEqualTo(204);
        assertThat(call("POST", "/v1/sys/mounts/kv1", "{\"type\":\"kv\",\"options\":{\"version\":\"1\"}}", rootToken)
                .get("_status").asInt()).isEqualTo(204);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(address.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("_status", r.statusCode());
        return node;
    }

    private static Vault driver(String token, int kvVersion) throws VaultException {
        VaultConfig c = new VaultConfig().address(address.toString()).token(token).engineVersion(kvVersion)
                .openTimeout(5).readTimeout(30).build();
        return Vault.create(c);
    }

    private static VaultTemplate spring(String token) {
        VaultEndpoint endpoint = VaultEndpoint.from(address);
        return new VaultTemplate(endpoint, new TokenAuthentication(token));
    }

    @Test
    @Order(1)
    void springVault_versionedKv_putGetVersionsDeleteUndeleteDestroy() {
        VaultTemplate vault = spring(rootToken);
        VaultVersionedKeyValueOperations kv = vault.opsForVersionedKeyValue("secret");
        Versioned.Metadata m1 = kv.put("spring/app", Map.of("password", "one"));
        Versioned.Metadata m2 = kv.put("spring/app", Map.of("password", "two"));
        assertThat(m1.getVersion().getVersion()).isEqualTo(1);
        assertThat(m2.getVersion().getVersion()).isEqualTo(2);
        assertThat(kv.get("spring/app").getData()).containsEntry("password", "two");
        Versioned<Map<String, Object>> first = kv.get("spring/app", Versioned.Version.from(1));
        assertThat(first.getData()).containsEntry("password", "one");
        kv.delete("spring/app", Versioned.Version.from(2));
        Versioned<Map<String, Object>> deleted = kv.get("spring/app", Versioned.Version.from(2));
        assertThat(deleted == null || !deleted.hasData()).isTrue();
        kv.undelete("spring/app", Versioned.Version.from(2));
        assertThat(kv.get("spring/app").getData()).containsEntry("password", "two");
        kv.destroy("spring/app", Versioned.Version.from(1));
        Versioned<Map<String, Object>> destroyed = kv.get("spring/app", Versioned.Version.from(1));
        assertThat(destroyed == null || !destroyed.hasData()).isTrue();
        assertThat(kv.list("spring/")).containsExactly("app");
    }

    @Test
    @Order(2)
    void springVault_keyValueWithVersionDetection_andSysAndTokens() {
        VaultTemplate vault = spring(rootToken);
        // KV_2 through the generic key-value operations, and VaultTemplate.write/read on the mount, which
        // detect the engine version through sys/internal/ui/mounts
        VaultKeyValueOperations kv2 = vault.opsForKeyValue("secret", KeyValueBackend.KV_2);
        kv2.put("detected", Map.of("k", "v"));
        assertThat(kv2.get("detected").getData()).containsEntry("k", "v");
        VaultKeyValueOperations kv1 = vault.opsForKeyValue("kv1", KeyValueBackend.KV_1);
        kv1.put("plain", Map.of("a", "b"));
        assertThat(kv1.get("plain").getData()).containsEntry("a", "b");
        assertThat(kv1.list("")).contains("plain");

        assertThat(vault.opsForSys().health().isInitialized()).isTrue();
        assertThat(vault.opsForSys().health().isSealed()).isFalse();
        Map<String, VaultMount> mounts = vault.opsForSys().getMounts();
        assertThat(mounts).containsKeys("secret/", "kv1/", "sys/");
        assertThat(mounts.get("secret/").getOptions()).containsEntry("version", "2");

        VaultTokenResponse created = vault.opsForToken().create(VaultTokenRequest.builder()
                .withPolicy("default").ttl(Duration.ofHours(1)).displayName("spring").build());
        VaultToken token = created.getToken();
        assertThat(token.getToken()).startsWith("hvs.");
        VaultResponse self = spring(token.getToken()).read("auth/token/lookup-self");
        assertThat(self.getData()).containsEntry("display_name", "token-spring");
        vault.opsForToken().revoke(token);
        assertThatThrownBy(() -> spring(token.getToken()).read("auth/token/lookup-self"))
                .hasMessageContaining("403");
    }

    @Test
    @Order(3)
    void vaultJavaDriver_logicalOnKvV1AndV2_tokensAndMounts() throws Exception {
        Vault v2 = driver(rootToken, 2);
        v2.logical().write("secret/driver/db", Map.of("user", "app", "pass", "p4ss"));
        LogicalResponse read = v2.logical().read("secret/driver/db");
        assertThat(read.getRestResponse().getStatus()).isEqualTo(200);
        assertThat(read.getData()).containsEntry("user", "app").containsEntry("pass", "p4ss");
        assertThat(v2.logical().list("secret/driver").getListData()).containsExactly("db");
        v2.logical().delete("secret/driver/db");
        assertThat(v2.logical().read("secret/driver/db").getData()).isEmpty();

        Vault v1 = driver(rootToken, 1);
        v1.logical().write("kv1/driver", Map.of("x", "1"));
        assertThat(v1.logical().read("kv1/driver").getData()).containsEntry("x", "1");
        assertThat(v1.logical().list("kv1").getListData()).contains("driver");
        v1.logical().delete("kv1/driver");
        assertThat(v1.logical().read("kv1/driver").getRestResponse().getStatus()).isEqualTo(404);

        AuthResponse created = v1.auth().createToken(new Auth.TokenRequest().polices(List.of("default"))
                .ttl("1h").renewable(true));
        String token = created.getAuthClientToken();
        assertThat(created.getAuthPolicies()).containsExactly("default");
        Vault asChild = driver(token, 1);
        assertThat(asChild.auth().lookupSelf().getTTL()).isBetween(3500L, 3600L);
        assertThat(asChild.auth().renewSelf(7200).getAuthLeaseDuration()).isGreaterThan(0);
        asChild.auth().revokeSelf();
        assertThatThrownBy(() -> asChild.auth().lookupSelf()).isInstanceOf(VaultException.class)
                .hasMessageContaining("403");
    }

    @Test
    @Order(4)
    void vaultJavaDriver_limitedToken_refusedOutsideItsPolicy() throws Exception {
        assertThat(call("PUT", "/v1/sys/policies/acl/reader",
                "{\"policy\":\"path \\\"secret/data/team/*\\\" { capabilities = [\\\"read\\\"] }\"}", rootToken)
                .get("_status").asInt()).isEqualTo(204);
        String root = rootToken;
        driver(root, 2).logical().write("secret/team/x", Map.of("k", "v"));
        driver(root, 2).logical().write("secret/other/y", Map.of("k", "v"));
        String limited = driver(root, 1).auth().createToken(new Auth.TokenRequest().polices(List.of("reader"))
                .ttl("10m")).getAuthClientToken();
        assertThat(driver(limited, 2).logical().read("secret/team/x").getData()).containsEntry("k", "v");
        assertThat(driver(limited, 2).logical().read("secret/other/y").getRestResponse().getStatus()).isEqualTo(403);
        assertThat(call("POST", "/v1/secret/data/team/x", "{\"data\":{\"k\":\"w\"}}", limited).get("_status").asInt())
                .isEqualTo(403);
    }

    @Test
    @Order(5)
    void restart_autoUnsealsThroughKms_andSecretsTokensPoliciesMountsAreAllBack() throws Exception {
        String root = rootToken;
        driver(root, 2).logical().write("secret/persist/me", Map.of("kept", "yes"));
        server.stop();
        server = ServerProcess.start(config, dir.resolve("server2.log"), address, Map.of());
        server.awaitHealth(200, Duration.ofSeconds(60));
        assertThat(driver(root, 2).logical().read("secret/persist/me").getData()).containsEntry("kept", "yes");
        assertThat(spring(root).opsForVersionedKeyValue("secret").get("spring/app").getData())
                .containsEntry("password", "two");
        assertThat(call("GET", "/v1/sys/policies/acl/reader", null, root).get("data").get("policy").asText())
                .contains("secret/data/team/*");
        assertThat(spring(root).opsForSys().getMounts()).containsKeys("secret/", "kv1/");
        assertThat(driver(root, 1).logical().read("kv1/plain").getData()).containsEntry("a", "b");
    }
}
