package io.strongroom.core.lifecycle;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.core.CorePaths;
import io.strongroom.seal.SealSet;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * An auto seal (awskms and any other {@link io.strongroom.seal.KeyWrapper}): the root key and the recovery key are
 * wrapped by the enabled seals of a {@link SealSet} (one, or several with Seal HA), so the server opens itself;
 * recovery shares only authorize (vault-compat: vault-seal-spec 3.9).
 */
final class AutoSealStrategy extends SealStrategy {

    private final SealSet seals;

    /** @param seals at least one enabled seal */
    AutoSealStrategy(SealSet seals) {
        if (seals == null || seals.enabled().isEmpty()) {
            throw new IllegalArgumentException("an auto seal needs a wrapper");
        }
        this.seals = seals;
    }

    @Override
    public String type() {
        return seals.enabled().get(0).wrapper().type();
    }

    @Override
    public Optional<SealSet> seals() {
        return Optional.of(seals);
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
        byte[] sealedRoot = keys.sealRootKey(seals, rootKey);
        if (configs.recovery().secretShares() == 0) {
            return new PreparedInit(sealedRoot, null, List.of(), List.of(), null);
        }
        byte[] recoveryKey = new byte[32];
        random.nextBytes(recoveryKey);
        try {
            byte[] sealedRecovery = seals.wrap(recoveryKey).toByteArray();
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
        return reader.readWithSeal(seals);
    }

    @Override
    KeyReader.UnsealKeys keysFromShares(byte[] recoveryKey, KeyReader reader, StoredKeys keys, SecureRandom random) {
        if (!keys.recoveryKeyMatches(seals, recoveryKey)) {
            throw new InvalidRequestException("invalid recovery key");
        }
        return reader.readWithSeal(seals);
    }

    @Override
    void afterOpen(StoredKeys keys, KeyReader.UnsealKeys k) {
        keys.rewrapIfMoved(seals, k.rootBlob(), k.rootKey(), k.recoveryBlob(), k.recoveryKey());
    }

    @Override
    String describe() {
        if (seals.enabled().size() == 1) {
            return "auto seal " + type() + ", key " + seals.enabled().get(0).wrapper().keyId();
        }
        return "Seal HA: " + seals.enabled().size() + " auto seals " + seals.enabled().stream()
                .map(m -> m.name() + " (key " + m.wrapper().keyId() + ")").toList();
    }

    @Override
    public String toString() {
        return "AutoSealStrategy[" + type() + ", " + seals.enabled().size() + " seal(s)]";
    }
}
