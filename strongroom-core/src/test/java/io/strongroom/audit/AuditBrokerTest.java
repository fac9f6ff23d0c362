package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.barrier.BarrierStorage;
import io.strongroom.barrier.CrashingBarrierStorage;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Caller;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditBrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Barrier storage in a map. */
    static final class MapStorage implements BarrierStorage {
        final Map<String, byte[]> map = new TreeMap<>();

        @Override
        public byte[] get(String path) {
            return map.get(path);
        }

        @Override
        public void put(String path, byte[] value) {
            map.put(path, value);
        }

        @Override
        public void delete(String path) {
            map.remove(path);
        }

        @Override
        public List<String> list(String prefix) {
            List<String> out = new ArrayList<>();
            for (String k : map.keySet()) {
                if (k.startsWith(prefix)) {
                    out.add(k.substring(prefix.length()));
                }
            }
            return out;
        }
    }

    private static final Caller CALLER = new Caller("hvs.secret-token", "acc-1", List.of("root"), true, Map.of());

    private static Request request(Operation op, String path, Map<String, Object> data) {
        return new Request("id-1", op, path, "secret/", data, CALLER, true, null);
    }

    @Test
    void hasher_knownVector_matchesHmacSha256() {
        assertThat(new Hasher("key").hash("The quick brown fox jumps over the lazy dog"))
                .isEqualTo("hmac-sha256:f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void hashLeaves_nestedData_hashesStringsOnlyAndKeepsKeys() {
        Hasher h = new Hasher("s");
        Object out = h.hashLeaves(Map.of("a", List.of("x", 1), "b", Map.of("c", "y"), "d", true));
        assertThat(out).isEqualTo(Map.of("a", List.of(h.hash("x"), 1), "b", Map.of("c", h.hash("y")), "d", true));
        assertThat(h.toString()).doesNotContain("s]");
    }

    @Test
    void options_prefixLogRawNoHmacAccessorElide_shapeTheEntries() throws Exception {
        MapStorage storage = new MapStorage();
        AuditBroker broker = new AuditBroker(storage);
        Path raw = dir.resolve("raw.log");
        broker.enable("raw", "file", "", Map.of("file_path", raw.toString(), "log_raw", "true", "prefix", "AUDIT ",
                "elide_list_responses", "true", "mode", "0640"), false);
        Path plain = dir.resolve("plain.log");
        broker.enable("plain/", "file", "", Map.of("file_path", plain.toString(), "hmac_accessor", "false"), true);
        Request list = request(Operation.LIST, "secret/metadata/", Map.of());
        broker.request(list, "hvs.secret-token", "kv", null);
        broker.response(list, "hvs.secret-token", "kv", Response.list(List.of("a", "b")), null);

        List<String> rawLines = Files.readAllLines(raw);
        assertThat(rawLines).hasSize(2).allMatch(l -> l.startsWith("AUDIT {\"time\":"));
        JsonNode rawResp = JSON.readTree(rawLines.get(1).substring("AUDIT ".length()));
        assertThat(rawResp.path("request").path("client_token").asText()).isEqualTo("hvs.secret-token");
        assertThat(rawResp.path("response").path("data").path("keys").asInt()).isEqualTo(2);
        assertThat(Files.getPosixFilePermissions(raw)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));

        List<String> plainLines = Files.readAllLines(plain);
        assertThat(String.join("\n", plainLines)).doesNotContain("hvs.secret-token");
        JsonNode plainResp = JSON.readTree(plainLines.get(1));
        assertThat(plainResp.path("auth").path("accessor").asText()).isEqualTo("acc-1");
        assertThat(plainResp.path("response").path("data").path("keys").get(0).asText())
                .isEqualTo(broker.hash("plain", "a"));
        assertThat(broker.list()).containsOnlyKeys("plain/", "raw/");
    }

    @Test
    void load_afterRestart_keepsTableAndSalt() throws Exception {
        MapStorage storage = new MapStorage();
        AuditBroker first = new AuditBroker(storage);
        first.enable("f", "file", "d", Map.of("file_path", dir.resolve("f.log").toString()), false);
        String hash = first.hash("f", "v");
        first.clear();
        AuditBroker second = new AuditBroker(storage);
        second.load();
        assertThat(second.hash("f/", "v")).isEqualTo(hash);
        assertThat(storage.map).containsKey(AuditBroker.TABLE).anySatisfy((k, v) -> assertThat(k).endsWith("/salt"));
        second.disable("f");
        assertThat(storage.map.keySet()).noneMatch(k -> k.endsWith("/salt"));
        second.load();
        assertThat(second.isEmpty()).isTrue();
    }

    @Test
    void enable_badOptions_refusedAndNothingStored() {
        MapStorage storage = new MapStorage();
        AuditBroker broker = new AuditBroker(storage);
        String p = dir.resolve("x.log").toString();
        assertThatThrownBy(() -> broker.enable("a", "syslog", "", Map.of(), false))
                .isInstanceOf(InvalidRequestException.class).hasMessage("unknown backend type: \"syslog\"");
        assertThatThrownBy(() -> broker.enable("a", "file", "", Map.of("file_path", p, "mode", "9x"), false))
                .isInstanceOf(InvalidRequestException.class).hasMessage("unable to parse 'mode': 9x");
        assertThatThrownBy(() -> broker.enable("a", "file", "", Map.of("file_path", p, "format", "jsonx"), false))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("jsonx");
        assertThatThrownBy(() -> broker.enable("a", "file", "", Map.of("file_path", p, "log_raw", "maybe"), false))
                .isInstanceOf(InvalidRequestException.class).hasMessage("unable to parse 'log_raw': maybe");
        assertThat(storage.map).isEmpty();
        assertThat(broker.isEmpty()).isTrue();
    }

    @Test
    void log_noDevices_nothingRequired() {
        AuditBroker broker = new AuditBroker(new MapStorage());
        broker.request(request(Operation.READ, "secret/x", Map.of()), "t", "kv", null);
        assertThat(broker.isEmpty()).isTrue();
    }

    @Test
    void log_onlyDeviceCannotWrite_throwsAuditFailed() throws Exception {
        AuditBroker broker = new AuditBroker(new MapStorage());
        Path sub = Files.createDirectory(dir.resolve("sub"));
        broker.enable("f", "file", "", Map.of("file_path", sub.resolve("a.log").toString()), false);
        Files.delete(sub.resolve("a.log"));
        Files.delete(sub);
        assertThatThrownBy(() -> broker.request(request(Operation.READ, "secret/x", Map.of()), "t", "kv", null))
                .isInstanceOf(AuditFailedException.class)
                .hasMessage("no audit backend succeeded in logging the request");
        assertThatThrownBy(() -> broker.response(request(Operation.READ, "secret/x", Map.of()), "t", "kv", null,
                null)).hasMessage("no audit backend succeeded in logging the response");
    }

    @Test
    void discardDevice_anyCase_writesNothingAndSucceeds() {
        AuditBroker broker = new AuditBroker(new MapStorage());
        broker.enable("d", "file", "", Map.of("path", "DISCARD"), false);
        broker.request(request(Operation.READ, "secret/x", Map.of("k", "v")), "t", "kv", null);
        assertThat(broker.list()).containsOnlyKeys("d/");
    }

    /**
     * Crash points: enable writes the salt then the table, disable the table then deletes the salt. A crash at
     * either write leaves the device wholly enabled or wholly absent after a restart (an orphaned salt sits under a
     * UUID nobody uses again), and enabling or disabling again works.
     */
    @Test
    void enableAndDisable_crashAtEveryWrite_restartSeesAllOrNothing_andRetryWorks() throws Exception {
        Map<String, String> options = Map.of("file_path", dir.resolve("crash.log").toString());
        for (int n = 1; n <= 2; n++) {
            MapStorage storage = new MapStorage();
            AuditBroker crashing = new AuditBroker(new CrashingBarrierStorage(storage, n));
            assertThatThrownBy(() -> crashing.enable("f", "file", "", options, false))
                    .as("enable, write %d", n).isInstanceOf(CrashingBarrierStorage.Crash.class);
            crashing.clear();
            AuditBroker restarted = new AuditBroker(storage);
            restarted.load();
            assertThat(restarted.isEmpty()).as("enable crashed at write %d", n).isTrue();
            restarted.enable("f", "file", "", options, false);
            assertThat(restarted.list()).containsOnlyKeys("f/");
            restarted.clear();
        }
        for (int n = 1; n <= 2; n++) {
            MapStorage storage = new MapStorage();
            AuditBroker first = new AuditBroker(storage);
            first.enable("f", "file", "", options, false);
            first.clear();
            AuditBroker crashing = new AuditBroker(new CrashingBarrierStorage(storage, n));
            crashing.load();
            assertThatThrownBy(() -> crashing.disable("f"))
                    .as("disable, write %d", n).isInstanceOf(CrashingBarrierStorage.Crash.class);
            crashing.clear();
            AuditBroker restarted = new AuditBroker(storage);
            restarted.load();
            if (n == 1) {
                assertThat(restarted.list()).as("table not yet written").containsOnlyKeys("f/");
                restarted.disable("f");
            }
            assertThat(restarted.isEmpty()).as("disable crashed at write %d", n).isTrue();
            restarted.enable("f", "file", "", options, false);
            assertThat(restarted.list()).containsOnlyKeys("f/");
            restarted.clear();
        }
    }
}
