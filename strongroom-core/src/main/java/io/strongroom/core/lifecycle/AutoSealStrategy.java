package io.strongroom.core.lifecycle;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.core.CorePaths;
import io.strongroom.seal.KeyWrapper;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * An auto seal (awskms and any other {@link KeyWrapper}): the root key and the recovery key are wrapped by the
 * current wrapper, so the server opens itself; recovery shares only authorize (vault-compat: vault-seal-spec 3.9).
 */
final class AutoSealStrategy extends SealStrategy {

    private final List<KeyWrapper> wrappers;

    /** @param wrappers the current wrapper first; at least one */
    AutoSealStrategy(List<KeyWrapper> wrappers) {
        if (wrappers.isEmpty()) {
            throw new IllegalArgumentException("an auto seal needs a wrapper");
        }
        this.wrappers = List.copyOf(wrappers);
    }

    private KeyWrapper current() {
        return wrappers.get(0);
    }

    @Override
    public String type() {
        return current().type();
    }

    @Override
    public List<KeyWrapper> wrappers() {
        return wrappers;
    }

    @Override
    public boolean unsealsItself() {
        return true;
    }

    @Override
    String recoverySealType() {
        return "shamir";
    }

    @Override
    InitConfigs initConfigs(InitRequest req) {
        return InitConfigs.from(req, type(), true);
    }

    @Override
    String sharesConfigPath() {
        return CorePaths.RECOVERY_CONFIG;
    }

    @Override
    PreparedInit prepareInit(byte[] rootKey, InitConfigs configs, StoredKeys keys, SecureRandom random) {
        byte[] sealedRoot = keys.sealRootKey(current(), rootKey);
        if (configs.recovery().secretShares() == 0) {
            return new PreparedInit(sealedRoot, null, List.of(), List.of(), null);
        }
        byte[] recoveryKey = new byte[32];
        random.nextBytes(recoveryKey);
        try {
            byte[] sealedRecovery = current().encrypt(recoveryKey, null).toByteArray();
            return new PreparedInit(sealedRoot, sealedRecovery, List.of(),
                    Shares.split(recoveryKey, configs.recovery(), random), recoveryKey);
        } catch (RuntimeException e) {
            java.util.Arrays.fill(recoveryKey, (byte) 0);
            throw e;
        }
    }

    @Override
    void writeInitEntries(StoredKeys keys, InitConfigs configs, PreparedInit prepared) {
        keys.writeConfig(CorePaths.RECOVERY_CONFIG, configs.recovery());
        if (prepared.sealedRecoveryKey() != null) {
            keys.writeRaw(CorePaths.RECOVERY_KEY, prepared.sealedRecoveryKey());
        }
    }

    @Override
    KeyReader.UnsealKeys storedKeys(KeyReader reader) {
        return reader.readWithSeal(current());
    }

    @Override
    KeyReader.UnsealKeys keysFromShares(byte[] recoveryKey, KeyReader reader, StoredKeys keys, SecureRandom random) {
        if (!keys.recoveryKeyMatches(current(), recoveryKey)) {
            throw new InvalidRequestException("invalid recovery key");
        }
        return reader.readWithSeal(current());
    }

    @Override
    void afterOpen(StoredKeys keys, KeyReader.UnsealKeys k) {
        keys.rewrapIfMoved(current(), k.rootBlob(), k.rootKey(), k.recoveryBlob(), k.recoveryKey());
    }

    @Override
    String describe() {
        return "auto seal " + type() + ", key " + current().keyId();
    }

    @Override
    public String toString() {
        return "AutoSealStrategy[" + Objects.toString(type()) + "]";
    }
}
