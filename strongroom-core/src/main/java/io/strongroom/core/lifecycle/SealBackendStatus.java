package io.strongroom.core.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /v1/sys/seal-backend-status} reports (vault-compat: Vault's {@code SealBackendStatusResponse},
 * vault-seal-spec 6.4): every configured seal's health, and whether every entry is wrapped by every seal.
 *
 * @param healthy every configured (enabled) seal is healthy
 * @param unhealthySince the earliest start of a current outage among them, or null
 * @param fullyWrapped every stored key and seal-wrapped value is wrapped by every enabled seal's current key
 * @param backends one per seal, priority order, then the disabled seal of a migration if any
 */
public record SealBackendStatus(boolean healthy, Instant unhealthySince, boolean fullyWrapped,
        List<Backend> backends) {

    public SealBackendStatus {
        backends = List.copyOf(backends);
    }

    /**
     * @param name the seal's name
     * @param type its type
     * @param healthy its last probe (or write) succeeded
     * @param unhealthySince since when it fails, or null
     * @param lastSuccess the last successful probe, or null when never probed
     * @param configured it is in the configuration (always true here)
     * @param disabled the disabled seal of a migration (reads only)
     */
    public record Backend(String name, String type, boolean healthy, Instant unhealthySince, Instant lastSuccess,
            boolean configured, boolean disabled) {}
}
