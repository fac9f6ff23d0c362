package io.strongroom.core.ha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Where the active node can be reached, stored behind the barrier at {@code core/leader/<leader uuid>} so that only
 * unsealed nodes can read it. The lock row's {@code ha_value} names the uuid.
 *
 * <p>Format (vault-compat: {@code activeAdvertisement}, ha-postgres spec 3, without the cluster TLS material that
 * only Vault's gRPC forwarding uses): {@code {"redirect_addr": "<api_addr>", "cluster_addr": "<cluster_addr>"}}.
 * Immutable.
 */
public record LeaderAdvertisement(String redirectAddr, String clusterAddr) {

    /** The barrier folder of advertisements. */
    public static final String PREFIX = "core/leader/";
    private static final ObjectMapper JSON = new ObjectMapper();

    public LeaderAdvertisement {
        redirectAddr = redirectAddr == null ? "" : redirectAddr;
        clusterAddr = clusterAddr == null ? "" : clusterAddr;
    }

    byte[] encode() {
        ObjectNode n = JSON.createObjectNode();
        n.put("redirect_addr", redirectAddr);
        n.put("cluster_addr", clusterAddr);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the JSON form; a value that is not JSON is a legacy plain redirect address (vault-compat). */
    static LeaderAdvertisement decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            JsonNode n = JSON.readTree(text);
            if (n != null && n.isObject()) {
                return new LeaderAdvertisement(n.path("redirect_addr").asText(""), n.path("cluster_addr").asText(""));
            }
        } catch (IOException e) {
            // fall through: legacy form
        }
        return new LeaderAdvertisement(text.trim(), "");
    }
}
