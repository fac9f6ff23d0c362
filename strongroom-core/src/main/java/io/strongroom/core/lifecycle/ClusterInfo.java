package io.strongroom.core.lifecycle;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.barrier.BarrierStorage;
import io.strongroom.base.StrongroomException;
import java.io.IOException;

/**
 * The cluster's name and id, shown by {@code sys/health} and {@code sys/seal-status} once unsealed. Stored behind
 * the barrier at {@link #PATH} as JSON {@code {"name":"...","id":"<uuid>"}} (vault-compat: Vault's local cluster
 * info entry).
 */
record ClusterInfo(@JsonProperty("name") String name, @JsonProperty("id") String id) {

    static final String PATH = "core/cluster/local/info";
    private static final ObjectMapper JSON = new ObjectMapper();

    static void write(BarrierStorage barrier, ClusterInfo info) {
        try {
            barrier.put(PATH, JSON.writeValueAsBytes(info));
        } catch (IOException e) {
            throw new StrongroomException("cannot encode cluster info", e);
        }
    }

    /** The stored info, or null when none is stored. */
    static ClusterInfo read(BarrierStorage barrier) {
        byte[] raw = barrier.get(PATH);
        if (raw == null) {
            return null;
        }
        try {
            return JSON.readValue(raw, ClusterInfo.class);
        } catch (IOException e) {
            throw new StrongroomException("stored cluster info is not valid JSON", e);
        }
    }
}
