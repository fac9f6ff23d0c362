package io.strongroom.core.lifecycle;

/**
 * The facts behind {@code sys/leader}.
 *
 * @param haEnabled whether the storage offers HA locking (false for file and inmem)
 * @param isSelf whether this node is the active one
 * @param activeTime when this node became active, RFC 3339, or "0001-01-01T00:00:00Z" like Vault when not
 * @param leaderAddress the active node's api_addr, "" when unknown
 */
public record LeaderStatus(boolean haEnabled, boolean isSelf, String activeTime, String leaderAddress,
        String leaderClusterAddress) {}
