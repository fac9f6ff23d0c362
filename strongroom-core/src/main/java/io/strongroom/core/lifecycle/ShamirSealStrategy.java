package io.strongroom.core.lifecycle;

import io.strongroom.seal.SealSet;
import io.strongroom.seal.ShamirKeyWrapper;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * Shamir: the root key is wrapped by a KEK that exists only while operators' unseal shares are combined; the
 * server never opens itself.
 */
final class ShamirSealStrategy extends SealStrategy {

    @Override
    public String type() {
        return ShamirKeyWrapper.TYPE;
    }

    @Override
    public Optional<SealSet> seals() {
        return Optional.empty();
    }

    @Override
    public boolean unsealsItself() {
        return false;
    }

    @Override
    String recoverySealType() {
        return null;
    }

    @Override
    InitConfigs initConfigs(InitRequest req) {
        return InitConfigs.from(req, type(), false);
    }

    @Override
    String sharesConfigPath() {
        return io.strongroom.core.CorePaths.SEAL_CONFIG;
    }

    @Override
    PreparedInit prepareInit(byte[] rootKey, InitConfigs configs, StoredKeys keys, SecureRandom random) {
        byte[] kek = new byte[32];
        random.nextBytes(kek);
        ShamirKeyWrapper shamir = new ShamirKeyWrapper(kek, random);
        try {
            byte[] sealed = keys.sealRootKey(SealSet.single(shamir), rootKey);
            return new PreparedInit(sealed, null, Shares.split(kek, configs.barrier(), random), List.of(), kek);
        } catch (RuntimeException e) {
            java.util.Arrays.fill(kek, (byte) 0);
            throw e;
        } finally {
            shamir.destroy();
        }
    }

    @Override
    void writeInitEntries(StoredKeys keys, InitConfigs configs, PreparedInit prepared) {
        // the root key blob is all shamir stores
    }

    @Override
    KeyReader.UnsealKeys storedKeys(KeyReader reader) {
        throw new IllegalStateException("a shamir seal cannot unseal itself");
    }

    @Override
    KeyReader.UnsealKeys keysFromShares(byte[] kek, KeyReader reader, StoredKeys keys, SecureRandom random) {
        return reader.readWithShamir(kek, random);
    }

    @Override
    void afterOpen(StoredKeys keys, KeyReader.UnsealKeys k) {
        // nothing is wrapped by a key that can move
    }

    @Override
    String describe() {
        return "shamir";
    }
}
