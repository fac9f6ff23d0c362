package io.strongroom.core.lifecycle;

import io.strongroom.barrier.BarrierPaths;

import io.strongroom.core.CorePaths;
import io.strongroom.base.StorageCorruptedException;
import io.strongroom.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a store holds before the core touches it, read from three entries, and the clean-up of an interrupted init.
 *
 * <p>Init is all-or-nothing through two markers (see {@link CorePaths#INIT_IN_PROGRESS} and
 * {@link CorePaths#SEAL_CONFIG}): it writes the in-progress marker first, every key and entry next, the seal config
 * last, then removes the marker. So at any crash point the store is in exactly one of these states:
 *
 * <table>
 *   <caption>states by the entries present</caption>
 *   <tr><th>seal config</th><th>keyring</th><th>in-progress</th><th>state</th></tr>
 *   <tr><td>yes</td><td>yes</td><td>any</td><td>{@link Kind#INITIALIZED} (a leftover marker is removed later)</td></tr>
 *   <tr><td>no</td><td>any</td><td>yes</td><td>{@link Kind#INTERRUPTED_INIT}: cleaned by the next init</td></tr>
 *   <tr><td>no</td><td>no</td><td>no</td><td>{@link Kind#EMPTY}</td></tr>
 *   <tr><td>no</td><td>yes</td><td>no</td><td>damage: {@link StorageCorruptedException}, never cleaned</td></tr>
 *   <tr><td>yes</td><td>no</td><td>no</td><td>damage: {@link StorageCorruptedException}, never cleaned</td></tr>
 * </table>
 *
 * A store written by Vault has a seal config and a keyring and no marker: initialized, as Vault reads it.
 */
final class StoreState {

    private static final Logger LOG = LoggerFactory.getLogger(StoreState.class);

    enum Kind { EMPTY, INTERRUPTED_INIT, INITIALIZED }

    private StoreState() {
    }

    /**
     * @throws StorageCorruptedException when the entries contradict each other (the damage rows above)
     */
    static Kind detect(Storage storage) {
        // one listing instead of three reads, and no read of the keyring: under seal wrapping that read would be a
        // KMS call, and this runs for every status request until the store is initialized
        List<String> core = storage.list("core/");
        boolean sealConfig = core.contains(name(CorePaths.SEAL_CONFIG));
        boolean keyring = core.contains(name(BarrierPaths.KEYRING));
        if (sealConfig && keyring) {
            return Kind.INITIALIZED;
        }
        boolean marker = core.contains(name(CorePaths.INIT_IN_PROGRESS));
        if (!sealConfig && marker) {
            return Kind.INTERRUPTED_INIT;
        }
        if (!sealConfig && !keyring) {
            return Kind.EMPTY;
        }
        if (keyring) {
            // vault-compat: Vault's Core.Initialized() error text for the same state
            throw new StorageCorruptedException(CorePaths.SEAL_CONFIG, "barrier reports initialized but no seal "
                    + "configuration found; restore " + CorePaths.SEAL_CONFIG + " from a backup", null);
        }
        throw new StorageCorruptedException(BarrierPaths.KEYRING, "a seal configuration exists but the barrier keyring "
                + "is missing; restore " + BarrierPaths.KEYRING + " from a backup", null);
    }

    private static String name(String corePath) {
        return corePath.substring("core/".length());
    }

    /** Writes the in-progress marker: the first write of every init. */
    static void markInitStarted(Storage storage, Clock clock) {
        storage.put(CorePaths.INIT_IN_PROGRESS,
                ("{\"started\":\"" + clock.instant() + "\"}").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Deletes everything an interrupted init left, the marker last (so a crash during the clean-up leaves a store
     * that is still recognised as an interrupted init). Only called when {@link #detect} said
     * {@link Kind#INTERRUPTED_INIT}: nothing but init can have written to a store that was never initialized.
     */
    static void cleanInterruptedInit(Storage storage) {
        List<String> keys = new ArrayList<>();
        collect(storage, "", keys);
        keys.remove(CorePaths.INIT_IN_PROGRESS);
        LOG.warn("core: found the leftovers of an interrupted init ({} entries, no {}): removing them before "
                + "initializing again", keys.size(), CorePaths.SEAL_CONFIG);
        for (String k : keys) {
            storage.delete(k);
        }
        // the marker stays: the new init is about to write it again, and it must cover the new init's writes too
    }

    private static void collect(Storage storage, String prefix, List<String> out) {
        for (String child : storage.list(prefix)) {
            if (child.endsWith("/")) {
                collect(storage, prefix + child, out);
            } else {
                out.add(prefix + child);
            }
        }
    }
}
