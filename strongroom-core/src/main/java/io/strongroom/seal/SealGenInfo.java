package io.strongroom.seal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.base.ConfigException;
import io.strongroom.base.StorageCorruptedException;
import io.strongroom.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The seal generation (Seal HA), stored at {@value #PATH} in physical storage as plaintext JSON (it holds no secret
 * and is read before unseal), vault-compat: Vault's {@code SealGenerationInfo}, vault-seal-spec 6.4:
 *
 * <pre>
 *   {"Generation":2,
 *    "Seals":[{"Name":"east","Type":"awskms","Priority":1,"Disabled":false}, ...],
 *    "Rewrapped":false,
 *    "Enabled":true}
 * </pre>
 *
 * {@code Generation} grows by one at every change of the configured seal set (names, priorities); multi-slot values
 * carry it. {@code Rewrapped} is true once a rewrap finished with every entry wrapped by every seal of this
 * generation. {@code Enabled} is {@code enable_multiseal}. Immutable.
 */
public record SealGenInfo(@JsonProperty("Generation") long generation, @JsonProperty("Seals") List<Seal> seals,
        @JsonProperty("Rewrapped") boolean rewrapped, @JsonProperty("Enabled") boolean enabled) {

    /** Where it is kept (physical storage, plaintext). */
    public static final String PATH = "core/seal-gen-info";
    /** vault-compat: the last-resort bypass of the safety checks (vault-seal-spec 1.2). */
    public static final String SAFETY_ENV = "VAULT_SEAL_REWRAP_SAFETY";
    /** vault-compat: at most 3 seals in Seal HA (vault-seal-spec 6.4). */
    public static final int MAX_SEALS = 3;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One configured seal as recorded. */
    public record Seal(@JsonProperty("Name") String name, @JsonProperty("Type") String type,
            @JsonProperty("Priority") int priority, @JsonProperty("Disabled") boolean disabled) {
        public Seal {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    public SealGenInfo {
        seals = List.copyOf(seals);
    }

    /** The names of the seals, in order. */
    public Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        seals.forEach(s -> out.add(s.name()));
        return out;
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the stored generation.
     *
     * @return null when none is stored (a store from before Seal HA, or not initialized)
     * @throws StorageCorruptedException when the entry is not the JSON above
     */
    public static SealGenInfo read(Storage physical) {
        byte[] raw = physical.get(PATH);
        if (raw == null) {
            return null;
        }
        try {
            SealGenInfo g = JSON.readValue(raw, SealGenInfo.class);
            if (g.seals() == null) {
                throw new IOException("no Seals");
            }
            return g;
        } catch (IOException | RuntimeException e) {
            throw new StorageCorruptedException(PATH, "not valid seal generation JSON: " + e.getMessage(), e);
        }
    }

    /** Writes it (one put). */
    public void write(Storage physical) {
        physical.put(PATH, toJson());
    }

    /** The same generation, marked as rewrapped (or not). */
    public SealGenInfo withRewrapped(boolean done) {
        return new SealGenInfo(generation, seals, done, enabled);
    }

    /**
     * Decides the generation a start with the {@code configured} seals runs under, applying the safety checks of
     * vault-seal-spec 6.4 when it differs from the stored one: at most one seal added or removed, at least one seal
     * in common, no change while the previous generation's rewrap is unfinished, Seal HA only on a store that was
     * initialized with a single seal. Nothing is written here; the caller writes {@link Decision#next()} when
     * {@link Decision#changed()}.
     *
     * @param stored what {@link #read} returned (null: none stored)
     * @param configured the enabled seals of the configuration, at least one
     * @param initialized whether the store holds a root key already
     * @param multiseal {@code enable_multiseal}
     * @param safetyDisabled {@code VAULT_SEAL_REWRAP_SAFETY=disable}: the checks are skipped (last resort)
     * @throws ConfigException naming the stored and configured seal names when a check refuses the change
     */
    public static Decision decide(SealGenInfo stored, List<Seal> configured, boolean initialized, boolean multiseal,
            boolean safetyDisabled) {
        if (configured.isEmpty()) {
            throw new IllegalArgumentException("no configured seal");
        }
        Set<String> now = new LinkedHashSet<>();
        configured.forEach(s -> now.add(s.name()));
        if (stored == null) {
            if (configured.size() > 1 && !initialized && !safetyDisabled) {
                // vault-compat: Vault refuses to initialize under Seal HA
                throw new ConfigException("Seal HA: the storage is not initialized; initialize with a single seal "
                        + "first, then add the others one at a time (configured seals: " + now + ")");
            }
            if (configured.size() > 2 && !safetyDisabled) {
                throw new ConfigException("Seal HA: only one seal can be added at a time; the store was written by "
                        + "a single seal and " + configured.size() + " seals are configured " + now);
            }
            long gen = configured.size() == 1 ? 1 : 2;
            // a single seal on a store without gen info: nothing to rewrap; a second seal added: a rewrap follows
            return new Decision(new SealGenInfo(gen, configured, configured.size() == 1 || !initialized, multiseal),
                    true);
        }
        if (stored.seals().equals(configured)) {
            if (stored.enabled() != multiseal) {
                return new Decision(new SealGenInfo(stored.generation(), configured, stored.rewrapped(), multiseal),
                        true);
            }
            return new Decision(stored, false);
        }
        Set<String> before = stored.names();
        List<String> added = new ArrayList<>(now);
        added.removeAll(before);
        List<String> removed = new ArrayList<>(before);
        removed.removeAll(now);
        if (!safetyDisabled && (!added.isEmpty() || !removed.isEmpty())) {
            if (now.stream().noneMatch(before::contains)) {
                throw new ConfigException("Seal HA: no seal in common with generation " + stored.generation()
                        + " " + before + " (configured: " + now + "); keep at least one seal that wrapped the data");
            }
            if (added.size() + removed.size() > 1) {
                throw new ConfigException("Seal HA: add or remove one seal at a time; generation "
                        + stored.generation() + " has " + before + ", the configuration has " + now + " (added "
                        + added + ", removed " + removed + ")");
            }
            if (!stored.rewrapped()) {
                throw new ConfigException("Seal HA: the rewrap of generation " + stored.generation() + " " + before
                        + " has not finished (fully_wrapped is false), so the seals cannot change yet (configured: "
                        + now + "); wait for sys/seal-backend-status to show fully_wrapped=true, or see "
                        + SAFETY_ENV + " in docs/seal-ha.md when a seal is lost for good");
            }
        }
        boolean membersChanged = !added.isEmpty() || !removed.isEmpty();
        return new Decision(new SealGenInfo(stored.generation() + 1, configured,
                !membersChanged && stored.rewrapped(), multiseal), true);
    }

    /**
     * @param next the generation to run under
     * @param changed whether it differs from the stored one (write it)
     */
    public record Decision(SealGenInfo next, boolean changed) {}
}
