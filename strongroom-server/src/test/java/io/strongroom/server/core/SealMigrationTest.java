package io.strongroom.server.core;

import static io.strongroom.server.core.MigrationRig.PLAIN_MOUNT;
import static io.strongroom.server.core.MigrationRig.WRAPPED_MOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.awskms.AwsKmsKeyWrapper;
import io.strongroom.base.ConfigException;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.core.CorePaths;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.core.lifecycle.SealMismatchException;
import io.strongroom.core.lifecycle.SealStatus;
import io.strongroom.seal.BlobInfo;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.seal.MultiWrapValue;
import io.strongroom.storage.InmemStorage;
import io.strongroom.storage.Storage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seal migration in every direction at the core (issue 10), over the fake KMS with two keys standing for the old
 * and the new KMS key: detection, the old seal's shares with migrate, the storage changes of vault-seal-spec 6.3,
 * and a restart with the new seal alone (and the old key disabled) afterwards. Every wrong configuration gives its
 * error and changes nothing in storage.
 */
class SealMigrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LifecycleFixture fx = new LifecycleFixture();
    private final String oldArn = fx.keyArn;
    private final String newArn = fx.kms.createKey();

    private KeyWrapper oldKms() {
        return AwsKmsKeyWrapper.create(fx.kms, oldArn, fx.random, Map.of("region", "us-east-1"));
    }

    private KeyWrapper newKms() {
        return AwsKmsKeyWrapper.create(fx.kms, newArn, fx.random, Map.of("region", "us-east-1"));
    }

    private static JsonNode config(Storage s, String path) throws Exception {
        byte[] raw = s.get(path);
        return raw == null ? null : JSON.readTree(raw);
    }

    private static List<String> keyIds(Storage s, String path) {
        return MultiWrapValue.parseFrom(s.get(path)).keyIds();
    }

    // vault-compat: vault-seal-spec 6.1-6.3 (shamir -> auto)
    @Test
    void shamirToAwskms_migrateWithUnsealShares_rotatesRootKeyAndOldSharesBecomeRecoveryShares() throws Exception {
        Storage disk = new InmemStorage();
        MigrationRig shamir = new MigrationRig(fx, disk, null, null);
        InitResult init = shamir.init();
        shamir.submit(init.keys(), false);
        shamir.writeData("1");
        shamir.core.sealForShutdown();
        byte[] keyringBefore = disk.get("core/keyring");

        MigrationRig mig = new MigrationRig(fx, disk, newKms(), null);
        mig.core.checkConfiguredSeal();
        assertThat(mig.core.migrationPending()).isTrue();
        assertThat(mig.core.tryAutoUnseal()).as("no auto-unseal in migration mode").isFalse();
        SealStatus st = mig.core.sealStatus();
        assertThat(st.migration()).isTrue();
        assertThat(st.type()).isEqualTo("shamir");
        assertThat(st.t()).isEqualTo(3);
        assertThat(st.n()).isEqualTo(5);
        assertThat(st.recoverySeal()).isFalse();
        assertThatThrownBy(() -> mig.core.submitKeyShare(init.keys().get(0)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("migrate option not provided and seal migration is pending");

        SealStatus after = mig.submit(init.keys(), true);
        assertThat(after.sealed()).isFalse();
        assertThat(after.migration()).isFalse();
        assertThat(after.type()).isEqualTo("awskms");
        assertThat(mig.read(PLAIN_MOUNT, "a1")).isEqualTo("plain-1");
        assertThat(config(disk, CorePaths.SEAL_CONFIG).get("type").asText()).isEqualTo("awskms");
        assertThat(config(disk, CorePaths.SEAL_CONFIG).get("stored_shares").asInt()).isEqualTo(1);
        JsonNode recovery = config(disk, CorePaths.RECOVERY_CONFIG);
        assertThat(recovery.get("secret_shares").asInt()).isEqualTo(5);
        assertThat(recovery.get("secret_threshold").asInt()).isEqualTo(3);
        assertThat(recovery.get("stored_shares").asInt()).isEqualTo(0);
        assertThat(keyIds(disk, CorePaths.BARRIER_UNSEAL_KEYS)).containsExactly(newArn);
        assertThat(disk.get(CorePaths.SEAL_MIGRATION)).isNull();
        assertThat(disk.get("core/keyring")).as("root key rotated: keyring re-encrypted").isNotEqualTo(keyringBefore);
        mig.writeData("2");
        mig.awaitRewrap();
        mig.core.sealForShutdown();

        // the new seal alone unseals; the old unseal shares are now recovery shares
        MigrationRig auto = new MigrationRig(fx, disk, newKms(), null);
        auto.core.checkConfiguredSeal();
        assertThat(auto.core.tryAutoUnseal()).isTrue();
        assertThat(auto.read(PLAIN_MOUNT, "a1")).isEqualTo("plain-1");
        assertThat(auto.read(WRAPPED_MOUNT, "b2")).isEqualTo("wrapped-2");
        auto.core.seal();
        assertThat(auto.submit(init.keys(), false).sealed()).isFalse();
        auto.core.sealForShutdown();
    }

    // vault-compat: vault-seal-spec 6.3 (auto -> shamir), pain point #10 (a store initialized on awskms)
    @Test
    void awskmsToShamir_migrateWithRecoveryShares_unwrapsEverythingAndRecoverySharesUnseal() throws Exception {
        Storage disk = new InmemStorage();
        MigrationRig auto = new MigrationRig(fx, disk, oldKms(), null);
        InitResult init = auto.init();
        auto.writeData("1");
        auto.awaitRewrap();
        auto.core.sealForShutdown();
        assertThat(disk.get("logical/sw/b1")).isNotNull();

        MigrationRig mig = new MigrationRig(fx, disk, null, oldKms());
        mig.core.checkConfiguredSeal();
        SealStatus st = mig.core.sealStatus();
        assertThat(st.migration()).isTrue();
        assertThat(st.type()).isEqualTo("awskms");
        assertThat(st.recoverySeal()).isTrue();
        assertThat(st.recoverySealType()).isEqualTo("shamir");
        assertThat(st.t()).isEqualTo(3);
        assertThat(st.n()).isEqualTo(5);
        assertThat(mig.submit(init.recoveryKeys(), true).sealed()).isFalse();
        assertThat(mig.read(WRAPPED_MOUNT, "b1")).isEqualTo("wrapped-1");
        JsonNode seal = config(disk, CorePaths.SEAL_CONFIG);
        assertThat(seal.get("type").asText()).isEqualTo("shamir");
        assertThat(seal.get("secret_shares").asInt()).isEqualTo(5);
        assertThat(seal.get("stored_shares").asInt()).isEqualTo(1);
        assertThat(disk.get(CorePaths.RECOVERY_CONFIG)).isNull();
        assertThat(disk.get(CorePaths.RECOVERY_KEY)).isNull();
        assertThat(keyIds(disk, CorePaths.BARRIER_UNSEAL_KEYS)).containsExactly("shamir");
        mig.core.sealForShutdown();

        // shamir alone, the old KMS key disabled: the former recovery shares unseal and everything reads
        fx.kms.setState(oldArn, "Disabled");
        MigrationRig shamir = new MigrationRig(fx, disk, null, null);
        shamir.core.checkConfiguredSeal();
        assertThat(shamir.core.migrationPending()).isFalse();
        assertThat(shamir.submit(init.recoveryKeys(), false).sealed()).isFalse();
        assertThat(shamir.read(PLAIN_MOUNT, "a1")).isEqualTo("plain-1");
        assertThat(shamir.read(WRAPPED_MOUNT, "b1")).isEqualTo("wrapped-1");
        shamir.core.sealForShutdown();
    }

    // vault-compat: vault-seal-spec 6.1 (disabled awskms + new awskms, distinct names), pain point #9
    @Test
    void awskmsToAwskms_migrate_everyBlobCarriesTheNewKeyIdAndOldKeyIsNotNeeded() throws Exception {
        Storage disk = new InmemStorage();
        MigrationRig auto = new MigrationRig(fx, disk, oldKms(), null);
        InitResult init = auto.init();
        auto.writeData("1");
        auto.awaitRewrap();
        auto.core.sealForShutdown();

        MigrationRig mig = new MigrationRig(fx, disk, newKms(), oldKms());
        mig.core.checkConfiguredSeal();
        assertThat(mig.core.migrationPending()).isTrue();
        assertThat(mig.core.tryAutoUnseal()).isFalse();
        // the fake KMS infers the key from the ciphertext, as KMS does: the new seal decrypts the old blob, yet the
        // migration is pending because the blob records the old key id
        assertThat(newKms().decrypt(BlobInfo.parseFrom(disk.get(CorePaths.BARRIER_UNSEAL_KEYS)), null)).isNotEmpty();
        assertThat(mig.submit(init.recoveryKeys(), true).sealed()).isFalse();
        mig.awaitRewrap();
        assertThat(keyIds(disk, CorePaths.BARRIER_UNSEAL_KEYS)).containsExactly(newArn);
        assertThat(keyIds(disk, CorePaths.RECOVERY_KEY)).containsExactly(newArn);
        assertThat(mig.sealWrap.fullyWrapped()).isTrue();
        mig.core.sealForShutdown();

        // a restart with the old block still present starts normally
        MigrationRig again = new MigrationRig(fx, disk, newKms(), oldKms());
        again.core.checkConfiguredSeal();
        assertThat(again.core.migrationPending()).isFalse();
        assertThat(again.core.tryAutoUnseal()).isTrue();
        again.core.sealForShutdown();

        // the new seal alone, the old key disabled: unseals, reads everything, old recovery shares still work
        fx.kms.setState(oldArn, "Disabled");
        MigrationRig only = new MigrationRig(fx, disk, newKms(), null);
        only.core.checkConfiguredSeal();
        assertThat(only.core.tryAutoUnseal()).isTrue();
        assertThat(only.read(PLAIN_MOUNT, "a1")).isEqualTo("plain-1");
        assertThat(only.read(WRAPPED_MOUNT, "b1")).isEqualTo("wrapped-1");
        only.core.seal();
        assertThat(only.submit(init.recoveryKeys(), false).sealed()).isFalse();
        only.core.sealForShutdown();
    }

    @Test
    void migrate_wrongShares_isRefusedAndStorageUnchanged() {
        Storage disk = new InmemStorage();
        MigrationRig auto = new MigrationRig(fx, disk, oldKms(), null);
        auto.init();
        auto.core.sealForShutdown();
        MigrationRig other = new MigrationRig(fx, new InmemStorage(), oldKms(), null);
        InitResult wrong = other.init();
        other.core.sealForShutdown();
        Map<String, String> before = MigrationRig.snapshot(disk);

        MigrationRig mig = new MigrationRig(fx, disk, newKms(), oldKms());
        mig.core.checkConfiguredSeal();
        mig.core.submitKeyShare(wrong.recoveryKeys().get(0), true);
        mig.core.submitKeyShare(wrong.recoveryKeys().get(1), true);
        assertThatThrownBy(() -> mig.core.submitKeyShare(wrong.recoveryKeys().get(2), true))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("invalid recovery key");
        assertThat(mig.core.isSealed()).isTrue();
        assertThat(MigrationRig.snapshot(disk)).isEqualTo(before);
    }

    @Test
    void migrateFlag_noMigrationConfigured_isRefusedNamingTheMissingBlock() {
        Storage disk = new InmemStorage();
        MigrationRig auto = new MigrationRig(fx, disk, oldKms(), null);
        InitResult init = auto.init();
        auto.core.seal();
        Map<String, String> before = MigrationRig.snapshot(disk);
        assertThatThrownBy(() -> auto.core.submitKeyShare(init.recoveryKeys().get(0), true))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("can't perform a seal migration, no migration seal found")
                .hasMessageContaining("disabled = \"true\"");
        assertThat(MigrationRig.snapshot(disk)).isEqualTo(before);
    }

    // vault-compat: "cannot seal migrate from awskms to Shamir, no disabled seal in configuration"
    @Test
    void awskmsStore_configuredShamirWithoutDisabledBlock_errorNamesBlockAndStorageUnchanged() {
        Storage disk = new InmemStorage();
        MigrationRig auto = new MigrationRig(fx, disk, oldKms(), null);
        auto.init();
        auto.core.sealForShutdown();
        Map<String, String> before = MigrationRig.snapshot(disk);
        MigrationRig shamir = new MigrationRig(fx, disk, null, null);
        assertThatThrownBy(shamir.core::checkConfiguredSeal).isInstanceOf(SealMismatchException.class)
                .hasMessageStartingWith("cannot seal migrate from awskms to Shamir, no disabled seal in configuration")
                .hasMessageContaining("disabled = \"true\"").hasMessageContaining(MigrationRig.ENABLED_AT);
        assertThat(MigrationRig.snapshot(disk)).isEqualTo(before);
    }

    @Test
    void awskmsStore_configuredOtherAutoSealWithoutDisabledBlock_errorAndStorageUnchanged() {
        Storage disk = new InmemStorage();
        MigrationRig auto = new MigrationRig(fx, disk, oldKms(), null);
        auto.init();
        auto.core.sealForShutdown();
        Map<String, String> before = MigrationRig.snapshot(disk);
        KeyWrapper other = new OtherType(newKms());
        var core = new io.strongroom.core.lifecycle.CoreLifecycle(disk, new io.strongroom.barrier.AesGcmBarrier(disk,
                fx.random, java.time.Clock.systemUTC()), io.strongroom.core.lifecycle.SealStrategies.auto(other),
                fx.random, java.time.Clock.systemUTC(), new io.strongroom.core.lifecycle.CoreLifecycle.Settings("0",
                "0", "inmem", "x"));
        assertThatThrownBy(core::checkConfiguredSeal).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot seal migrate from awskms to otherkms, no disabled seal in configuration");
        assertThat(MigrationRig.snapshot(disk)).isEqualTo(before);
    }

    @Test
    void shamirStore_withDisabledAwskmsBlock_errorNamesTheDisabledBlockAndStorageUnchanged() {
        Storage disk = new InmemStorage();
        MigrationRig shamir = new MigrationRig(fx, disk, null, null);
        shamir.init();
        shamir.core.sealForShutdown();
        Map<String, String> before = MigrationRig.snapshot(disk);
        MigrationRig wrong = new MigrationRig(fx, disk, newKms(), oldKms());
        assertThatThrownBy(wrong.core::checkConfiguredSeal).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(MigrationRig.DISABLED_AT + ": the disabled seal is \"awskms\" but this store "
                        + "is sealed by shamir").hasMessageContaining("remove the disabled block");
        assertThat(MigrationRig.snapshot(disk)).isEqualTo(before);
    }

    @Test
    void awskmsStore_newKeyWithoutDisabledBlock_isNoMigrationButAKeyChange() {
        Storage disk = new InmemStorage();
        MigrationRig auto = new MigrationRig(fx, disk, oldKms(), null);
        auto.init();
        auto.core.sealForShutdown();
        // vault-compat: same type, no disabled block = a normal start; the stored keys follow the new key id
        MigrationRig moved = new MigrationRig(fx, disk, newKms(), null);
        moved.core.checkConfiguredSeal();
        assertThat(moved.core.migrationPending()).isFalse();
        assertThat(moved.core.tryAutoUnseal()).isTrue();
        assertThat(keyIds(disk, CorePaths.BARRIER_UNSEAL_KEYS)).containsExactly(newArn);
        moved.core.sealForShutdown();
    }

    /** The same KMS under another type name: a second auto seal type for the "auto X to auto Y" check. */
    private record OtherType(KeyWrapper inner) implements KeyWrapper {
        @Override
        public String type() {
            return "otherkms";
        }

        @Override
        public String keyId() {
            return inner.keyId();
        }

        @Override
        public BlobInfo encrypt(byte[] plaintext, byte[] aad) {
            return inner.encrypt(plaintext, aad);
        }

        @Override
        public byte[] decrypt(BlobInfo blob, byte[] aad) {
            return inner.decrypt(blob, aad);
        }

        @Override
        public Map<String, String> metadata() {
            return Map.of();
        }
    }
}
