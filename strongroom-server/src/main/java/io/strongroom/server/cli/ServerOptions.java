package io.strongroom.server.cli;

import java.util.List;

/**
 * The parsed options of {@code strongroom server}, environment fallbacks already applied.
 *
 * @param configPaths {@code -config} values in order: files or folders (Vault reads {@code *.hcl} and
 *     {@code *.json} in a folder); empty only in dev mode
 * @param dev {@code -dev}: in-memory storage, initialized and unsealed at start
 * @param devRootTokenId {@code -dev-root-token-id} or {@code VAULT_DEV_ROOT_TOKEN_ID}; null = generate one
 * @param devListenAddress {@code -dev-listen-address} or {@code VAULT_DEV_LISTEN_ADDRESS}; default
 *     {@code 127.0.0.1:8200}
 * @param logLevel {@code -log-level} or {@code VAULT_LOG_LEVEL}: trace, debug, info, warn or error
 */
public record ServerOptions(List<String> configPaths, boolean dev, String devRootTokenId, String devListenAddress,
        String logLevel) {

    public ServerOptions {
        configPaths = List.copyOf(configPaths);
    }

    @Override
    public String toString() {
        // the dev root token is a credential
        return "ServerOptions[configPaths=" + configPaths + ", dev=" + dev + ", devListenAddress="
                + devListenAddress + ", logLevel=" + logLevel + "]";
    }
}
