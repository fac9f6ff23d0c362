package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Caller;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code socket} audit device against a real TCP collector on 127.0.0.1. */
class SocketDeviceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller CALLER = new Caller("hvs.secret-token", "acc-1", List.of("root"), true, Map.of());

    private static Request read() {
        return new Request("id-1", Operation.READ, "secret/x", "secret/", Map.of(), CALLER, true, "127.0.0.1");
    }

    @Test
    void socketDevice_collectorListening_receivesOneHashedJsonLinePerEntry() throws Exception {
        try (ServerSocket collector = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AuditBroker broker = new AuditBroker(new AuditBrokerTest.MapStorage());
            broker.enable("net", "socket", "", Map.of("address", "127.0.0.1:" + collector.getLocalPort()), false);
            broker.request(read(), "hvs.secret-token", "kv", null);
            broker.response(read(), "hvs.secret-token", "kv", Response.of(Map.of("password", "p4ss")), null);
            try (Socket s = collector.accept()) {
                s.setSoTimeout(5_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                JsonNode request = JSON.readTree(in.readLine());
                JsonNode response = JSON.readTree(in.readLine());
                assertThat(request.path("type").asText()).isEqualTo("request");
                assertThat(request.path("request").path("client_token").asText())
                        .isEqualTo(broker.hash("net", "hvs.secret-token"));
                assertThat(response.path("response").path("data").path("password").asText())
                        .isEqualTo(broker.hash("net", "p4ss"));
            }
        }
    }

    @Test
    void socketDevice_collectorGone_writeFailsAndRequestIsRefused() throws Exception {
        AuditBroker broker = new AuditBroker(new AuditBrokerTest.MapStorage());
        ServerSocket collector = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = collector.getLocalPort();
        broker.enable("net", "socket", "", Map.of("address", "127.0.0.1:" + port, "write_timeout", "1s"), false);
        Socket accepted = collector.accept();
        accepted.close();
        collector.close(); // nothing listens any more: the retry on a new connection is refused
        // the first write after the peer closed may still be taken by the kernel; within a few it must fail
        assertThatThrownBy(() -> {
            for (int i = 0; i < 20; i++) {
                broker.request(read(), "hvs.secret-token", "kv", null);
                Thread.sleep(20);
            }
        }).isInstanceOf(AuditFailedException.class).hasMessage("no audit backend succeeded in logging the request");
        assertThat(broker.requestFailures()).isPositive();
    }

    @Test
    void socketDevice_badOptionsOrNoCollector_refusedAtEnable() throws Exception {
        AuditBroker broker = new AuditBroker(new AuditBrokerTest.MapStorage());
        assertThatThrownBy(() -> broker.enable("a", "socket", "", Map.of("socket_type", "udp"), false))
                .isInstanceOf(InvalidRequestException.class).hasMessage("socket_type \"udp\" is not supported; use tcp");
        assertThatThrownBy(() -> broker.enable("a", "socket", "", Map.of("address", "nohost"), false))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("host:port");
        assertThatThrownBy(() -> broker.enable("a", "socket", "", Map.of("address", "127.0.0.1:9", "write_timeout",
                "soon"), false)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("write_timeout");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> broker.enable("a", "socket", "", Map.of("address", "127.0.0.1:" + closedPort), false))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("unable to connect");
        assertThat(broker.isEmpty()).isTrue();
    }
}
