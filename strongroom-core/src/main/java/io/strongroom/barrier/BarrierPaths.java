package io.strongroom.barrier;

/**
 * The storage paths the barrier owns. Both are written only by the barrier, through the physical storage.
 *
 * <p>// vault-compat: the names are Vault's and OpenBao's (vault-seal-spec 3.1), so a data folder moves between them.
 */
public final class BarrierPaths {

    private BarrierPaths() {
    }

    /**
     * The barrier keyring (all data keys by term plus the root key), encrypted with the root key itself so that
     * only a holder of the root key can read it. The ciphertext's term field is always 1 and ignored.
     */
    public static final String KEYRING = "core/keyring";

    /**
     * The root key encrypted under the active keyring term, so a node that holds the keyring (a standby after a
     * rotation) can check or recover the root key without the seal. OpenBao's name, written by us.
     */
    public static final String ROOT_KEY = "core/root-key";

    /**
     * Vault's legacy name for {@link #ROOT_KEY}. Read as a fallback when {@code core/root-key} is absent (a store
     * created by Vault); never written, so that Vault can still read a store we have opened.
     */
    public static final String LEGACY_MASTER = "core/master";

    /**
     * {@code core/upgrade/<term>}: the key of a new term, JSON {@code Key} encrypted under the term before it, written
     * by a rotation so that a node holding the older keyring (a standby) can learn the new key without the root
     * key. vault-compat: Vault's keyring upgrade path (vault-seal-spec 4.4). The barrier keeps only the newest.
     */
    public static final String UPGRADE_PREFIX = "core/upgrade/";

    /** True for paths only the barrier may write: letting a caller overwrite them would destroy every key. */
    public static boolean isBarrierManaged(String path) {
        return KEYRING.equals(path) || ROOT_KEY.equals(path) || LEGACY_MASTER.equals(path)
                || path.startsWith(UPGRADE_PREFIX);
    }
}
