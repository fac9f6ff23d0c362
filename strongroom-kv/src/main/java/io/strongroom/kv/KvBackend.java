package io.strongroom.kv;

import io.strongroom.barrier.BarrierStorage;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Backend;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The KV secrets engine: the entry point the mount table uses to build one {@link Backend} per {@code kv} mount,
 * and the rules of its {@code version} option (vault-compat: dataplane spec 4.2 and 5).
 *
 * <p>Wiring: build with {@link #create} from the mount's {@code options.version} ({@link #parseVersion}), the
 * mount's own barrier view ({@code logical/<uuid>/}), the server clock and the mount's effective default lease
 * TTL. On tune, check the change with {@link #versionChange}; for 1 to 2, persist the mount entry with version 2
 * first and then build the backend with {@code create(2, ...)}, which finishes the data upgrade before it returns
 * (so a crash at any point still ends with the data upgraded at the next start).
 */
public final class KvBackend {

    /** The mount type, as Vault reports it in {@code sys/mounts} and {@code mount_type}. */
    public static final String TYPE = "kv";

    /** vault-compat: Vault's default lease TTL of a mount (768h), which KV v1 reads report. */
    public static final long DEFAULT_LEASE_TTL_SECONDS = 2_764_800L;

    /** vault-compat: the warning of a tune from version 1 to 2 (dataplane spec 4.2). */
    public static final String UPGRADE_WARNING = "Upgrading mount from version 1 to version 2. This mount will be "
            + "unavailable for a brief period and will resume service shortly.";

    /** vault-compat: the 400 of a tune from version 2 to 1 (dataplane spec 4.2). */
    public static final String DOWNGRADE_ERROR = "cannot downgrade mount from version 2";

    /**
     * vault-compat: Vault's 400 for requests during an upgrade (dataplane spec 5.3). This engine upgrades
     * synchronously inside {@link #create}, so it never answers it; it is here for a router that serves the mount
     * while an upgrade runs.
     */
    public static final String UPGRADING_MESSAGE = "Upgrading from non-versioned to versioned data. This backend "
            + "will be unavailable for a brief period and will resume service shortly.";

    private KvBackend() {
    }

    /**
     * Builds the backend of one mount. For version 2 it first completes a pending upgrade from version 1 (any entry
     * of the view outside the v2 layout), which costs one storage list when there is none.
     *
     * @param version 1 or 2
     * @param view the mount's storage view; the backend never reads or writes outside it
     * @param clock the time source for version timestamps and deletion deadlines
     * @param defaultLeaseTtlSeconds the mount's default lease TTL, reported by KV v1 reads
     * @return a thread-safe backend whose {@link Backend#type()} is {@value #TYPE}
     * @throws IllegalArgumentException for another version
     */
    public static Backend create(int version, BarrierStorage view, Clock clock, long defaultLeaseTtlSeconds) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(clock, "clock");
        return switch (version) {
            case 1 -> new KvV1Backend(view, defaultLeaseTtlSeconds);
            case 2 -> {
                if (KvUpgrade.pending(view)) {
                    KvUpgrade.run(view, clock);
                }
                yield new KvV2Backend(new KvStore(view), clock);
            }
            default -> throw new IllegalArgumentException("KV version must be 1 or 2, was " + version);
        };
    }

    /**
     * Upgrades a version 1 mount's data to version 2 in place: every entry becomes version 1 of the same key.
     * Idempotent and crash-safe (rerun it after an interruption at any write to finish). Call it while the mount
     * serves no request; {@link #create} with version 2 calls it when needed.
     */
    public static void upgradeToV2(BarrierStorage view, Clock clock) {
        KvUpgrade.run(Objects.requireNonNull(view, "view"), Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Reads a mount's {@code options.version}: absent, empty or {@code "1"} is 1, {@code "2"} is 2.
     *
     * @throws InvalidRequestException for anything else
     */
    public static int parseVersion(String option) {
        if (option == null || option.isEmpty() || option.equals("1")) {
            return 1;
        }
        if (option.equals("2")) {
            return 2;
        }
        throw new InvalidRequestException("invalid KV version " + option + ": must be 1 or 2");
    }

    /**
     * Checks a tune of {@code options.version}.
     *
     * @return the warning to answer for 1 to 2 ({@link #UPGRADE_WARNING}), empty when unchanged
     * @throws InvalidRequestException {@link #DOWNGRADE_ERROR} for 2 to 1
     */
    public static Optional<String> versionChange(int current, int requested) {
        if (requested == current) {
            return Optional.empty();
        }
        if (requested < current) {
            throw new InvalidRequestException(DOWNGRADE_ERROR);
        }
        return Optional.of(UPGRADE_WARNING);
    }
}
