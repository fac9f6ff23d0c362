package io.strongroom.barrier;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.SealedException;
import io.strongroom.storage.Storage;
import io.strongroom.storage.StorageKeys;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AES-256-GCM barrier over a {@link Storage}. Values are stored in the {@link BarrierCiphertext} format under
 * the active keyring term. The keyring itself is stored at {@link BarrierPaths#KEYRING} in the same format but
 * encrypted with the root key (term field 1, ignored), and the root key again at {@link BarrierPaths#ROOT_KEY} under
 * the active term.
 *
 * <p>Concurrency: the loaded keyring sits in an {@link AtomicReference} and rotation swaps in a new one, so data
 * calls never block on rotation. Data calls hold the read side of a lock whose write side only {@link #seal()}
 * takes, so that keys are never wiped under an encryption in flight (which could otherwise encrypt with a
 * half-zeroed key).
 */
public final class AesGcmBarrier implements Barrier, KeyringAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(AesGcmBarrier.class);
    private static final int KEY_SIZE = 32;
    // vault-compat: the keyring ciphertext always carries term 1 (vault-seal-spec 4.2).
    private static final int KEYRING_TERM = 1;

    private final Storage storage;
    private final SecureRandom random;
    private final Clock clock;
    private final AtomicReference<Keyring> keyring = new AtomicReference<>();
    private final ReentrantReadWriteLock sealLock = new ReentrantReadWriteLock();
    private final Object lifecycle = new Object();
    // Encryptions under the active term, including those persisted before this unseal; reset by a rotation.
    private final AtomicLong activeEncryptions = new AtomicLong();
    private volatile long persistedEncryptions; // the count in the last keyring written or read

    public AesGcmBarrier(Storage storage, SecureRandom random, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean isInitialized() {
        return storage.get(BarrierPaths.KEYRING) != null;
    }

    @Override
    public void initialize(byte[] rootKey) {
        requireKeySize(rootKey);
        synchronized (lifecycle) {
            if (isInitialized()) {
                throw new BarrierStateException("barrier is already initialized");
            }
            Keyring fresh = Keyring.of(rootKey, List.of(newKey(1)), RotationConfig.defaults());
            try {
                persistKeyring(fresh, 0);
                persistRootKeyEntry(fresh);
            } finally {
                // vault-compat: Vault's barrier stays sealed after Initialize; the core unseals it next.
                fresh.destroy();
            }
        }
    }

    @Override
    public void unseal(byte[] rootKey) {
        requireKeySize(rootKey);
        synchronized (lifecycle) {
            if (keyring.get() != null) {
                return;
            }
            byte[] stored = storage.get(BarrierPaths.KEYRING);
            if (stored == null) {
                throw new BarrierStateException("barrier is not initialized");
            }
            byte[] json;
            try {
                // The term field of the keyring value is ignored: the root key is the only key that can open it.
                json = BarrierCiphertext.decrypt(rootKey, BarrierPaths.KEYRING, stored);
            } catch (BarrierDecryptionException e) {
                throw new InvalidRootKeyException(e);
            }
            Keyring loaded;
            try {
                loaded = KeyringJson.decode(json);
            } finally {
                Arrays.fill(json, (byte) 0);
            }
            checkRootKeyEntry(loaded);
            activeEncryptions.set(loaded.activeKey().encryptions());
            persistedEncryptions = loaded.activeKey().encryptions();
            keyring.set(loaded);
        }
    }

    @Override
    public void seal() {
        synchronized (lifecycle) {
            sealLock.writeLock().lock();
            try {
                Keyring old = keyring.getAndSet(null);
                if (old != null) {
                    old.destroy();
                }
            } finally {
                sealLock.writeLock().unlock();
            }
        }
    }

    @Override
    public boolean isSealed() {
        return keyring.get() == null;
    }

    /**
     * Re-reads the keyring from storage, for HA: another node may have rotated it since this one unsealed. The root
     * key of the loaded keyring opens the stored one; a keyring with the same active term is kept as it is.
     *
     * @return true when a newer keyring was loaded
     * @throws SealedException when sealed
     * @throws InvalidRootKeyException when the stored keyring no longer opens with this root key
     */
    public boolean reloadKeyring() {
        synchronized (lifecycle) {
            Keyring current = unsealedKeyring();
            byte[] stored = storage.get(BarrierPaths.KEYRING);
            if (stored == null) {
                throw new BarrierStateException("barrier is not initialized");
            }
            byte[] rootKey = current.rootKey();
            byte[] json;
            try {
                json = BarrierCiphertext.decrypt(rootKey, BarrierPaths.KEYRING, stored);
            } catch (BarrierDecryptionException e) {
                throw new InvalidRootKeyException(e);
            } finally {
                Arrays.fill(rootKey, (byte) 0);
            }
            Keyring loaded;
            try {
                loaded = KeyringJson.decode(json);
            } finally {
                Arrays.fill(json, (byte) 0);
            }
            if (loaded.activeTerm() == current.activeTerm()) {
                loaded.destroy();
                return false;
            }
            sealLock.writeLock().lock();
            try {
                keyring.set(loaded);
                current.destroy();
            } finally {
                sealLock.writeLock().unlock();
            }
            LOG.info("barrier keyring reloaded: active term {}", loaded.activeTerm());
            return true;
        }
    }

    /**
     * Writes, in order: the upgrade entry of the new term (harmless before the keyring names the term), the keyring
     * (the commit: from here the new term is active), the root-key entry under the new term, and then removes older
     * upgrade entries (best effort). A crash before the keyring write leaves the old keyring, after it the new one;
     * both open with the same root key and read every value written before.
     */
    @Override
    public int rotate() {
        synchronized (lifecycle) {
            Keyring current = unsealedKeyring();
            BarrierKey oldActive = current.activeKey();
            int term = current.activeTerm() + 1;
            BarrierKey fresh = newKey(term);
            writeUpgrade(oldActive, fresh);
            // the retired key keeps its final count, as Vault's keyring does
            BarrierKey retired = new BarrierKey(oldActive.term(), oldActive.version(), oldActive.rawValue(),
                    oldActive.installTime(), activeEncryptions.get());
            Keyring next = current.withKeyReplaced(retired).withKey(fresh);
            // Persist before swapping: if the write fails, memory and storage still agree on the old keyring.
            persistKeyring(next, 0);
            keyring.set(next);
            activeEncryptions.set(0);
            persistedEncryptions = 0;
            // If this write fails the old entry remains readable (its term is still in the keyring).
            persistRootKeyEntry(next);
            removeUpgradesBefore(term);
            LOG.info("barrier keyring rotated to term {}", term);
            return term;
        }
    }

    @Override
    public KeyStatus keyStatus() {
        Keyring kr = unsealedKeyring();
        BarrierKey active = kr.activeKey();
        return new KeyStatus(active.term(), active.installTime(), activeEncryptions.get());
    }

    @Override
    public RotationConfig rotationConfig() {
        return unsealedKeyring().rotationConfig();
    }

    @Override
    public void updateRotationConfig(RotationConfig config) {
        synchronized (lifecycle) {
            Keyring next = unsealedKeyring().withRotationConfig(config);
            long count = activeEncryptions.get();
            persistKeyring(next, count);
            keyring.set(next);
            persistedEncryptions = count;
        }
    }

    /**
     * Also persists the active key's encryption count when it changed since the last keyring write, best effort
     * (vault-compat: Vault persists the counts on its periodic check and does not fail on a slow write).
     */
    @Override
    public boolean rotateIfDue() {
        synchronized (lifecycle) {
            Keyring kr = unsealedKeyring();
            RotationConfig rc = kr.rotationConfig();
            long count = activeEncryptions.get();
            String reason = null;
            if (!rc.disabled()) {
                if (count >= rc.maxOperations()) {
                    reason = "max operations reached (" + count + ")";
                } else if (rc.intervalNanos() > 0 && java.time.Duration.between(kr.activeKey().installTime(),
                        clock.instant()).toNanos() >= rc.intervalNanos()) {
                    reason = "rotation interval reached";
                }
            }
            if (reason != null) {
                LOG.info("barrier: automatic keyring rotation: {}", reason);
                rotate();
                return true;
            }
            if (count != persistedEncryptions) {
                try {
                    persistKeyring(kr, count);
                    persistedEncryptions = count;
                } catch (RuntimeException e) {
                    LOG.warn("barrier: could not persist the encryption count (retried at the next check): {}",
                            e.getMessage());
                }
            }
            return false;
        }
    }

    @Override
    public void rotateRootKey(byte[] newRootKey) {
        requireKeySize(newRootKey);
        synchronized (lifecycle) {
            Keyring current = unsealedKeyring();
            Keyring next = current.withRootKey(newRootKey);
            long count = activeEncryptions.get();
            // The commit: the keyring is one entry, replaced atomically, so it opens with exactly one of the keys.
            persistKeyring(next, count);
            keyring.set(next);
            persistedEncryptions = count;
            Arrays.fill(current.rawRootKey(), (byte) 0);
            // A stale root-key entry only warns at unseal (checkRootKeyEntry); the next rotation rewrites it.
            persistRootKeyEntry(next);
            LOG.info("barrier: root key rotated; keyring re-encrypted");
        }
    }

    @Override
    public int refreshFromUpgrades() {
        synchronized (lifecycle) {
            Keyring kr = unsealedKeyring();
            int added = 0;
            while (true) {
                int next = kr.activeTerm() + 1;
                String path = BarrierPaths.UPGRADE_PREFIX + next;
                byte[] stored = storage.get(path);
                if (stored == null) {
                    break;
                }
                byte[] json = BarrierCiphertext.decrypt(kr.activeKey().rawValue(), path, stored);
                try {
                    kr = kr.withKey(KeyringJson.decodeKey(json));
                } finally {
                    wipe(json);
                }
                added++;
            }
            if (added == 0) {
                // Upgrade entries live until the next rotation only; a node further behind re-reads the keyring
                // with the root key it holds (valid unless the root key was rotated meanwhile: then it reseals).
                byte[] stored = storage.get(BarrierPaths.KEYRING);
                if (stored != null) {
                    byte[] json = BarrierCiphertext.decrypt(kr.rawRootKey(), BarrierPaths.KEYRING, stored);
                    try {
                        Keyring loaded = KeyringJson.decode(json);
                        if (loaded.activeTerm() > kr.activeTerm()) {
                            added = loaded.activeTerm() - kr.activeTerm();
                            kr = loaded;
                        }
                    } finally {
                        wipe(json);
                    }
                }
            }
            if (added > 0) {
                keyring.set(kr);
                activeEncryptions.set(kr.activeKey().encryptions());
                persistedEncryptions = kr.activeKey().encryptions();
                LOG.info("barrier: learned keyring term {} from storage", kr.activeTerm());
            }
            return added;
        }
    }

    private void writeUpgrade(BarrierKey previous, BarrierKey fresh) {
        String path = BarrierPaths.UPGRADE_PREFIX + fresh.term();
        byte[] json = KeyringJson.encodeKey(fresh);
        try {
            storage.put(path, BarrierCiphertext.encrypt(previous.term(), previous.rawValue(), path, json, random));
        } finally {
            wipe(json);
        }
    }

    private void removeUpgradesBefore(int term) {
        try {
            for (String child : storage.list(BarrierPaths.UPGRADE_PREFIX)) {
                try {
                    if (Integer.parseInt(child) < term) {
                        storage.delete(BarrierPaths.UPGRADE_PREFIX + child);
                    }
                } catch (NumberFormatException notOurs) {
                    // not a term: leave it
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("barrier: could not remove old keyring upgrade entries: {}", e.getMessage());
        }
    }

    @Override
    public byte[] get(String path) {
        StorageKeys.requireValidKey(path);
        sealLock.readLock().lock();
        try {
            Keyring kr = unsealedKeyring();
            byte[] stored = storage.get(path);
            return stored == null ? null : decrypt(kr, path, stored);
        } finally {
            sealLock.readLock().unlock();
        }
    }

    @Override
    public void put(String path, byte[] value) {
        requireWritable(path);
        Objects.requireNonNull(value, "value");
        boolean due;
        sealLock.readLock().lock();
        try {
            Keyring kr = unsealedKeyring();
            BarrierKey active = kr.activeKey();
            storage.put(path, BarrierCiphertext.encrypt(active.term(), active.rawValue(), path, value, random));
            RotationConfig rc = kr.rotationConfig();
            // exactly one writer sees the count reach the limit and rotates; Vault checks on a timer and may overshoot
            due = activeEncryptions.incrementAndGet() == rc.maxOperations() && !rc.disabled();
        } finally {
            sealLock.readLock().unlock();
        }
        if (due) {
            // outside the read lock: rotation takes the lifecycle lock, which seal() holds while it waits for readers
            try {
                rotateIfDue();
            } catch (RuntimeException e) {
                LOG.warn("barrier: automatic keyring rotation failed (retried at the next check): {}", e.getMessage());
            }
        }
    }

    @Override
    public void delete(String path) {
        requireWritable(path);
        sealLock.readLock().lock();
        try {
            unsealedKeyring();
            storage.delete(path);
        } finally {
            sealLock.readLock().unlock();
        }
    }

    @Override
    public List<String> list(String prefix) {
        sealLock.readLock().lock();
        try {
            unsealedKeyring();
            return storage.list(prefix);
        } finally {
            sealLock.readLock().unlock();
        }
    }

    private static byte[] decrypt(Keyring kr, String path, byte[] stored) {
        int term = BarrierCiphertext.term(stored);
        BarrierKey key = kr.key(term);
        if (key == null) {
            throw new BarrierDecryptionException("no key for term " + Integer.toUnsignedString(term));
        }
        return BarrierCiphertext.decrypt(key.rawValue(), path, stored);
    }

    private Keyring unsealedKeyring() {
        Keyring kr = keyring.get();
        if (kr == null) {
            throw new SealedException();
        }
        return kr;
    }

    private void persistKeyring(Keyring kr, long activeCount) {
        byte[] json = KeyringJson.encode(kr, activeCount);
        try {
            storage.put(BarrierPaths.KEYRING,
                    BarrierCiphertext.encrypt(KEYRING_TERM, kr.rawRootKey(), BarrierPaths.KEYRING, json, random));
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    private void persistRootKeyEntry(Keyring kr) {
        BarrierKey active = kr.activeKey();
        byte[] json = KeyringJson.encodeRootKeyEntry(kr.rawRootKey(), clock.instant());
        try {
            storage.put(BarrierPaths.ROOT_KEY,
                    BarrierCiphertext.encrypt(active.term(), active.rawValue(), BarrierPaths.ROOT_KEY, json, random));
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    /**
     * Cross-checks the root-key entry ({@code core/root-key}, else Vault's legacy {@code core/master}) against the
     * keyring. A missing or unreadable entry does not stop unsealing, since the keyring is what the barrier needs,
     * but it is logged because standbys and root-key rotation rely on it.
     */
    private void checkRootKeyEntry(Keyring kr) {
        String path = BarrierPaths.ROOT_KEY;
        byte[] stored = storage.get(path);
        if (stored == null) {
            path = BarrierPaths.LEGACY_MASTER;
            stored = storage.get(path);
        }
        if (stored == null) {
            LOG.warn("no root key entry at {} or {}", BarrierPaths.ROOT_KEY, BarrierPaths.LEGACY_MASTER);
            return;
        }
        byte[] json = null;
        byte[] entryKey = null;
        try {
            json = decrypt(kr, path, stored);
            entryKey = KeyringJson.decodeRootKeyEntry(json);
            if (!MessageDigest.isEqual(entryKey, kr.rawRootKey())) {
                LOG.warn("root key entry at {} does not match the keyring's root key", path);
            }
        } catch (BarrierDecryptionException e) {
            LOG.warn("root key entry at {} cannot be read: {}", path, e.getMessage());
        } finally {
            wipe(json);
            wipe(entryKey);
        }
    }

    private static void requireWritable(String path) {
        StorageKeys.requireValidKey(path);
        if (BarrierPaths.isBarrierManaged(path)) {
            throw new InvalidRequestException("path is managed by the barrier: " + path);
        }
    }

    private static void requireKeySize(byte[] rootKey) {
        if (rootKey == null || rootKey.length != KEY_SIZE) {
            throw new InvalidRequestException("root key must be " + KEY_SIZE + " bytes");
        }
    }

    private BarrierKey newKey(int term) {
        byte[] k = new byte[KEY_SIZE];
        random.nextBytes(k);
        try {
            return new BarrierKey(term, BarrierKey.VERSION, k, clock.instant(), 0);
        } finally {
            Arrays.fill(k, (byte) 0); // BarrierKey keeps its own copy
        }
    }

    private static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
