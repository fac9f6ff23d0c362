package io.strongroom.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The server configuration after reading and merging every {@code -config} file. Immutable.
 *
 * @param storage        the one storage stanza; empty only in dev mode
 * @param listeners      in file order; later files append
 * @param seals          at most 3 seal stanzas, from the last file that had any
 * @param apiAddr        null when unset (likewise for the other strings)
 * @param logLevel       trace, debug, info, warn or error
 * @param logFormat      standard or json
 * @param defaultLeaseTtl null when unset
 * @param maxLeaseTtl     null when unset
 * @param ui             null when unset
 * @param disableMlock   accepted for compatibility; see {@code notes}
 * @param notes          remarks for the start-up log (settings accepted but without effect here)
 * @param cacheSize      entries of the storage read cache ({@code cache_size}); 0 when {@code disable_cache}
 * @param telemetry      the {@code telemetry} stanza, {@link TelemetryConfig#DEFAULT} when there is none
 * @param disableSealwrap {@code disable_sealwrap}: new values are not seal-wrapped (wrapped ones still read)
 * @param enableMultiseal {@code enable_multiseal}: several enabled seals at once (Seal HA, issue 10)
 */
public record ServerConfig(Optional<StorageConfig> storage, List<ListenerConfig> listeners, List<SealBlock> seals,
                           String apiAddr, String clusterAddr, String clusterName, String logLevel,
                           String logFormat, Duration defaultLeaseTtl, Duration maxLeaseTtl, Boolean ui,
                           boolean disableMlock, String pidFile, List<String> notes, int cacheSize,
                           TelemetryConfig telemetry, boolean disableSealwrap, boolean enableMultiseal) {

    /** Without Seal HA. */
    public ServerConfig(Optional<StorageConfig> storage, List<ListenerConfig> listeners, List<SealBlock> seals,
                        String apiAddr, String clusterAddr, String clusterName, String logLevel,
                        String logFormat, Duration defaultLeaseTtl, Duration maxLeaseTtl, Boolean ui,
                        boolean disableMlock, String pidFile, List<String> notes, int cacheSize,
                        TelemetryConfig telemetry, boolean disableSealwrap) {
        this(storage, listeners, seals, apiAddr, clusterAddr, clusterName, logLevel, logFormat, defaultLeaseTtl,
                maxLeaseTtl, ui, disableMlock, pidFile, notes, cacheSize, telemetry, disableSealwrap, false);
    }

    /** With seal wrapping on (vault-compat: the default). */
    public ServerConfig(Optional<StorageConfig> storage, List<ListenerConfig> listeners, List<SealBlock> seals,
                        String apiAddr, String clusterAddr, String clusterName, String logLevel,
                        String logFormat, Duration defaultLeaseTtl, Duration maxLeaseTtl, Boolean ui,
                        boolean disableMlock, String pidFile, List<String> notes, int cacheSize,
                        TelemetryConfig telemetry) {
        this(storage, listeners, seals, apiAddr, clusterAddr, clusterName, logLevel, logFormat, defaultLeaseTtl,
                maxLeaseTtl, ui, disableMlock, pidFile, notes, cacheSize, telemetry, false);
    }

    /** With the default telemetry settings. */
    public ServerConfig(Optional<StorageConfig> storage, List<ListenerConfig> listeners, List<SealBlock> seals,
                        String apiAddr, String clusterAddr, String clusterName, String logLevel,
                        String logFormat, Duration defaultLeaseTtl, Duration maxLeaseTtl, Boolean ui,
                        boolean disableMlock, String pidFile, List<String> notes, int cacheSize) {
        this(storage, listeners, seals, apiAddr, clusterAddr, clusterName, logLevel, logFormat, defaultLeaseTtl,
                maxLeaseTtl, ui, disableMlock, pidFile, notes, cacheSize, TelemetryConfig.DEFAULT);
    }

    /** With the default read cache (vault-compat: 131072 entries). */
    public ServerConfig(Optional<StorageConfig> storage, List<ListenerConfig> listeners, List<SealBlock> seals,
                        String apiAddr, String clusterAddr, String clusterName, String logLevel,
                        String logFormat, Duration defaultLeaseTtl, Duration maxLeaseTtl, Boolean ui,
                        boolean disableMlock, String pidFile, List<String> notes) {
        this(storage, listeners, seals, apiAddr, clusterAddr, clusterName, logLevel, logFormat, defaultLeaseTtl,
                maxLeaseTtl, ui, disableMlock, pidFile, notes, io.strongroom.storage.CachingStorage.DEFAULT_ENTRIES);
    }

    public ServerConfig {
        listeners = List.copyOf(listeners);
        seals = List.copyOf(seals);
        notes = List.copyOf(notes);
        telemetry = telemetry == null ? TelemetryConfig.DEFAULT : telemetry;
    }
}
