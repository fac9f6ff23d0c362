package io.strongroom.server;

import io.strongroom.base.ConfigException;
import io.strongroom.core.ha.LeaderAdvertisement;
import io.strongroom.server.config.ServerConfig;
import io.strongroom.server.http.ListenerSettings;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's {@code api_addr} and {@code cluster_addr} as other nodes should use them (vault-compat:
 * {@code command/server.go}, ha-postgres spec 4 "Addresses"):
 * <ul>
 *   <li>api_addr: {@code VAULT_API_ADDR} &gt; {@code VAULT_REDIRECT_ADDR} &gt; {@code VAULT_ADVERTISE_ADDR} &gt; the
 *       config; without any, the first listener's address (with a warning: other nodes may not reach it);</li>
 *   <li>cluster_addr: {@code VAULT_CLUSTER_ADDR} &gt; the config &gt; the api_addr's host with port + 1, https.</li>
 * </ul>
 * Strongroom forwards over the api_addr; cluster_addr is advertised for compatibility only.
 */
final class HaAddresses {

    private static final Logger LOG = LoggerFactory.getLogger(HaAddresses.class);

    private HaAddresses() {
    }

    static LeaderAdvertisement resolve(ServerConfig config, Map<String, String> env, List<ListenerSettings> listeners) {
        String api = first(env.get("VAULT_API_ADDR"), env.get("VAULT_REDIRECT_ADDR"), env.get("VAULT_ADVERTISE_ADDR"),
                config.apiAddr());
        if (api == null) {
            ListenerSettings l = listeners.get(0);
            api = (l.tlsDisable() ? "http://" : "https://") + l.address();
            LOG.warn("no `api_addr` value specified in config or in VAULT_API_ADDR; falling back to the listener "
                    + "address {}, but this value should be manually set", api);
        }
        String cluster = first(env.get("VAULT_CLUSTER_ADDR"), config.clusterAddr());
        if (cluster == null) {
            try {
                URI u = URI.create(api.contains("://") ? api : "https://" + api);
                int port = u.getPort() < 0 ? 8200 : u.getPort();
                cluster = "https://" + u.getHost() + ":" + (port + 1);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("api_addr is not a valid URL");
            }
        }
        if (cluster.equals(api)) {
            // vault-compat
            throw new ConfigException("Address \"" + api + "\" used for both API and cluster addresses");
        }
        return new LeaderAdvertisement(api, cluster);
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }
}
