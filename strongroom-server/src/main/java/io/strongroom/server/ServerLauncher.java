package io.strongroom.server;

import io.strongroom.base.StrongroomException;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.seal.SealAccessException;
import io.strongroom.server.config.ServerConfig;
import io.strongroom.server.config.ServerConfigLoader;
import io.strongroom.server.config.StorageConfig;
import io.strongroom.server.http.ListenerSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code strongroom server}: loads the configuration, starts a {@link StrongroomServer}, prints Vault's style of
 * banner, and runs until SIGTERM or Ctrl-C, then stops gracefully (listeners closed, keys wiped, KMS client
 * closed). {@code -dev}: in-memory storage, initialized and unsealed at once, unseal key and root token printed.
 */
public final class ServerLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ServerLauncher.class);

    /** The options of {@code strongroom server}. */
    public record Options(List<Path> configs, boolean dev, String devRootTokenId, String devListenAddress,
            String logLevel) {
        public Options {
            configs = List.copyOf(configs);
        }
    }

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;

    public ServerLauncher(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** Runs the server until the JVM is asked to stop; returns the exit code (1 when the start fails). */
    public int run(Options options) {
        StrongroomServer server;
        Path pidFile = null;
        ServerConfig started = null;
        try {
            List<ServerConfigLoader.Source> local = ServerConfigLoader.localConfig(env);
            ServerConfig config = options.dev() && options.configs().isEmpty() && local.isEmpty()
                    ? new ServerConfig(Optional.of(new StorageConfig.Inmem()), List.of(), List.of(), null, null, null,
                            null, null, null, null, null, false, null, List.of())
                    : ServerConfigLoader.load(options.configs(), local, options.dev());
            started = config;
            LogSetup.configure(options.logLevel() != null ? options.logLevel() : config.logLevel(), config.logFormat());
            config.notes().forEach(n -> LOG.info("config: {}", n));
            if (config.pidFile() != null && !config.pidFile().isEmpty()) {
                // vault-compat: pid_file holds the process id while the server runs; written before the listener
                // opens, so whoever sees the server answer also finds the file
                pidFile = Path.of(config.pidFile());
                writePidFile(pidFile);
            }
            if (options.dev()) {
                String address = options.devListenAddress() != null ? options.devListenAddress() : "127.0.0.1:8200";
                config = new ServerConfig(Optional.of(new StorageConfig.Inmem()), List.of(), config.seals(),
                        "http://" + address, null, config.clusterName(), config.logLevel(), config.logFormat(),
                        config.defaultLeaseTtl(), config.maxLeaseTtl(),
                        // vault-compat: -dev serves the web UI unless the config says ui = false
                        config.ui() == null ? Boolean.TRUE : config.ui(), config.disableMlock(),
                        config.pidFile(), config.notes());
                server = StrongroomServer.start(config, env, List.of(ListenerSettings.plain(address)));
            } else {
                server = StrongroomServer.start(config, env, null);
            }
        } catch (SealAccessException e) {
            err.println("Error parsing Seal configuration: " + e.getMessage());
            err.flush();
            removePidFile(pidFile);
            return 1;
        } catch (StrongroomException e) {
            err.println("Error starting the server: " + e.getMessage());
            err.flush();
            removePidFile(pidFile);
            return 1;
        }

        printBanner(server.banner());
        if (options.dev()) {
            printDev(server, options.devRootTokenId());
        }
        // SIGTERM and Ctrl-C stop the server gracefully and exit 0, as Vault does. The JVM's default for SIGTERM is
        // to run shutdown hooks and exit 143, so the two signals are taken over; the hook stays as a backstop.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> stopRequested.countDown());
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
        StrongroomServer running = server;
        ServerConfig startedConfig = started;
        // vault-compat: SIGHUP reopens the audit files (log rotation, dataplane spec 6.2) and reloads the
        // listeners' certificates and keys; the sockets stay open
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                LOG.info("SIGHUP: reopening audit devices and reloading the TLS certificates");
                running.dataPlane().audit().reopen();
                List<String> errors = running.reloadTls();
                errors.forEach(e -> LOG.error("TLS reload failed, the old certificate stays in use: {}", e));
                if (errors.isEmpty()) {
                    LOG.info("TLS certificates reloaded");
                }
                noticeSealChange(options, startedConfig);
            });
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot handle SIGHUP: {}", e.getMessage());
        }
        Thread backstop = new Thread(running::close, "shutdown");
        Runtime.getRuntime().addShutdownHook(backstop);
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println("==> Strongroom shutdown triggered");
        out.flush();
        running.close();
        removePidFile(pidFile);
        return 0;
    }

    /**
     * SIGHUP does not apply seal changes (issue 10): the seals are wired into the storage layers at start. When the
     * seal stanzas or {@code enable_multiseal} differ from those the server started with, one WARN says a restart
     * applies them (the Seal HA safety checks run then).
     */
    private void noticeSealChange(Options options, ServerConfig startedConfig) {
        if (startedConfig == null || options.configs().isEmpty()) {
            return;
        }
        try {
            ServerConfig now = ServerConfigLoader.load(options.configs(), ServerConfigLoader.localConfig(env),
                    options.dev());
            if (!now.seals().equals(startedConfig.seals()) || now.enableMultiseal() != startedConfig.enableMultiseal()) {
                LOG.warn("seal: the seal configuration changed; seal changes (adding or removing a seal, "
                        + "enable_multiseal) are applied at the next restart, not on SIGHUP");
            }
        } catch (StrongroomException e) {
            LOG.warn("seal: SIGHUP: the configuration cannot be read, so seal changes were not checked: {}",
                    e.getMessage());
        }
    }

    private static void writePidFile(Path pidFile) {
        try {
            java.nio.file.Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        } catch (java.io.IOException e) {
            throw new io.strongroom.base.ConfigException("cannot write pid_file " + pidFile + ": " + e.getMessage(), e);
        }
    }

    private static void removePidFile(Path pidFile) {
        if (pidFile == null) {
            return;
        }
        try {
            java.nio.file.Files.deleteIfExists(pidFile);
        } catch (java.io.IOException e) {
            LOG.warn("could not remove pid_file {}: {}", pidFile, e.getMessage());
        }
    }

    private void printBanner(Map<String, String> banner) {
        int width = banner.keySet().stream().mapToInt(String::length).max().orElse(0);
        out.println("==> Strongroom server configuration:");
        out.println();
        banner.forEach((k, v) -> out.printf("%" + (width + 4) + "s: %s%n", k, v));
        out.println();
        out.println("==> Strongroom server started! Log data will stream in below:");
        out.println();
        out.flush();
    }

    private void printDev(StrongroomServer server, String rootTokenId) {
        // dev mode keeps everything in memory; a 1-of-1 init and an immediate unseal, as Vault's -dev does
        // (an auto seal unseals inside initialize; shamir takes its one key share)
        var lifecycle = server.lifecycle();
        boolean auto = lifecycle.sealStatus().recoverySeal();
        InitResult init = lifecycle.initialize(auto
                ? new InitRequest(null, null, 1, 1, null, null, null)
                : new InitRequest(1, 1, null, null, null, null, null));
        String unsealKey = null;
        if (!auto) {
            unsealKey = java.util.Base64.getEncoder().encodeToString(init.keys().get(0));
            lifecycle.submitKeyShare(init.keys().get(0));
        }
        // vault-compat: dev mode mounts KV version 2 at secret/ (dataplane spec 4.1)
        server.dataPlane().mounts().enable("secret/", "kv", "key/value secret storage", Map.of("version", "2"), 0, 0);
        String rootToken = init.rootToken();
        if (rootTokenId != null && !rootTokenId.isEmpty()) {
            rootToken = lifecycle.createRootToken(rootTokenId);
            lifecycle.revokeToken(init.rootToken()); // only the announced root token stays valid
        }
        String addr = server.banner().getOrDefault("Api Address", "http://127.0.0.1:8200");
        out.println("WARNING! dev mode is enabled! In this mode, Strongroom runs entirely in-memory");
        out.println("and starts unsealed with a single unseal key.");
        out.println();
        out.println("You may need to set the following environment variables:");
        out.println();
        out.println("    $ export VAULT_ADDR='" + addr + "'");
        out.println();
        out.println("The unseal key and root token are displayed below in case you want to");
        out.println("seal/unseal the server or re-authenticate.");
        out.println();
        if (unsealKey != null) {
            out.println("Unseal Key: " + unsealKey);
        } else {
            out.println("Recovery Key: " + java.util.Base64.getEncoder().encodeToString(init.recoveryKeys().get(0)));
        }
        out.println("Root Token: " + rootToken);
        out.println();
        out.println("Development mode should NOT be used in production installations!");
        out.println();
        out.flush();
    }


}
