package io.strongroom.core.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strongroom.barrier.Barrier;
import io.strongroom.barrier.InvalidRootKeyException;
import io.strongroom.barrier.KeyringAdmin;
import io.strongroom.base.ConfigException;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.StorageCorruptedException;
import io.strongroom.core.CorePaths;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.seal.MultiWrapValue;
import io.strongroom.seal.Rewrapper;
import io.strongroom.seal.SealSet;
import io.strongroom.seal.SealWrapStorage;
import io.strongroom.seal.ShamirKeyWrapper;
import io.strongroom.storage.Storage;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seal migration (issue 10; vault-compat: vault-seal-spec 6): from shamir to an auto seal, from an auto seal back
 * to shamir, and from one auto seal (KMS key, region, account) to another.
 *
 * <p><b>Detection</b> ({@link #detect}, from the stored {@code core/seal-config} type, the configured seal and the
 * configuration's disabled seal block, vault-compat: Vault's {@code adjustForSealMigration}):
 * <table>
 *   <caption>stored / configured / disabled block</caption>
 *   <tr><td>same type, no disabled block</td><td>normal start</td></tr>
 *   <tr><td>shamir / auto / none</td><td>migration from shamir</td></tr>
 *   <tr><td>auto / shamir / none</td><td>error "cannot seal migrate from awskms to Shamir, no disabled seal in
 *       configuration"</td></tr>
 *   <tr><td>auto X / auto Y / none, X &ne; Y</td><td>error "cannot seal migrate from X to Y, no disabled seal in
 *       configuration"</td></tr>
 *   <tr><td>auto X / shamir / disabled X</td><td>migration to shamir</td></tr>
 *   <tr><td>auto X / auto / disabled X</td><td>migration between auto seals while the stored root key's blob does
 *       not carry exactly the new seal's key id; after that a normal start</td></tr>
 *   <tr><td>shamir / any / disabled auto</td><td>shamir / shamir: migration done (normal start); otherwise an error
 *       naming the disabled block</td></tr>
 * </table>
 * "Done" between two awskms seals is decided by the key ids recorded in the stored root-key blob, never by whether
 * the new seal can decrypt it: KMS infers the key from the ciphertext, so a new key in the same account decrypts an
 * old blob (vault-seal-spec 6.3, pain point #9).
 *
 * <p><b>Storage changes</b> ({@link #migrate}, barrier unsealed with the root key the old seal opened):
 * <ul>
 *   <li>shamir to auto: a <em>new</em> root key, KMS-wrapped; the keyring re-encrypted with it; the recovery key :=
 *       the combined shamir key (the unseal shares become recovery shares); {@code core/recovery-config} := the old
 *       seal config with stored_shares 0; {@code core/seal-config} := {type, 1/1, stored 1}.
 *   <li>auto to shamir: every seal-wrapped value unwrapped first (nothing may depend on KMS afterwards); the same
 *       root key wrapped by a {@link ShamirKeyWrapper} whose KEK is the old recovery key (the recovery shares become
 *       unseal shares); {@code core/seal-config} := the recovery config with type shamir and stored_shares 1;
 *       {@code core/recovery-config} and {@code core/recovery-key} deleted.
 *   <li>auto to auto: the recovery key and then the root key re-wrapped by the new seal (the root key's blob is the
 *       commit: until it is under the new key the migration is pending and can simply be run again); the
 *       seal-wrapped values follow in the background rewrap, read through the old seal meanwhile.
 * </ul>
 *
 * <p><b>Crash safety</b>: the two changes that take several writes journal their target state first in
 * {@link CorePaths#SEAL_MIGRATION} (plaintext JSON, ciphertext blobs only). At the next start
 * {@link #finishInterrupted} completes them from the journal (auto to shamir: always; shamir to auto: when the new
 * root key already opens the keyring) or drops the journal (shamir to auto before the keyring was re-encrypted:
 * nothing else had changed). A migration is never left half-done.
 *
 * <p>Not thread-safe; the lifecycle calls it under its lock.
 */
public final class SealMigration {

    private static final Logger LOG = LoggerFactory.getLogger(SealMigration.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHAMIR = ShamirKeyWrapper.TYPE;

    /**
     * The old seal of a migration away from an auto seal: a {@code seal "TYPE" { disabled = "true" }} block.
     *
     * @param type the seal type ({@code awskms})
     * @param name the seal's name ({@code awskms-disabled} when the block names none)
     * @param wrapper the old seal, which only unwraps
     * @param where the block for messages, e.g. {@code seal "awskms" at /etc/strongroom.hcl:3:1}
     */
    public record Disabled(String type, String name, KeyWrapper wrapper, String where) {
        public Disabled {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(wrapper, "wrapper");
            Objects.requireNonNull(where, "where");
        }
    }

    /** The configuration as far as migration is concerned: the disabled seal (or null) and where the enabled one is. */
    public record Config(Disabled disabled, String configuredWhere) {
        public static final Config NONE = new Config(null, "the configured seal");
    }

    enum Direction { SHAMIR_TO_AUTO, AUTO_TO_SHAMIR, AUTO_TO_AUTO }

    /** A migration detected and not yet performed. */
    record Pending(Direction direction, String from, String to) {
        /** Where the configuration of the shares the operator submits (the old seal's) is stored. */
        String sharesConfigPath() {
            return from.equals(SHAMIR) ? CorePaths.SEAL_CONFIG : CorePaths.RECOVERY_CONFIG;
        }
    }

    private final Storage storage;
    private final Barrier barrier;
    private final StoredKeys keys;
    private final KeyReader reader;
    private final SealStrategy configured;
    private final Config config;
    private final SecureRandom random;
    private final Clock clock;

    SealMigration(Storage storage, Barrier barrier, StoredKeys keys, KeyReader reader, SealStrategy configured,
            Config config, SecureRandom random, Clock clock) {
        this.storage = storage;
        this.barrier = barrier;
        this.keys = keys;
        this.reader = reader;
        this.configured = configured;
        this.config = Objects.requireNonNull(config, "config");
        this.random = random;
        this.clock = clock;
    }

    /**
     * Finishes or drops an interrupted migration, then decides whether one is pending (see the class comment).
     * Changes nothing in storage except to finish or drop a journalled migration.
     *
     * @throws ConfigException for a configuration that does not fit the stored seal; the message names the block
     */
    Optional<Pending> detect() {
        finishInterrupted();
        SealConfig stored = keys.readConfig(CorePaths.SEAL_CONFIG);
        if (stored == null) {
            throw new StorageCorruptedException(CorePaths.SEAL_CONFIG,
                    "barrier reports initialized but no seal configuration found", null);
        }
        String s = stored.type();
        String c = configured.type();
        Disabled d = config.disabled();
        if (d == null) {
            if (s.equals(c)) {
                return Optional.empty();
            }
            if (s.equals(SHAMIR)) {
                return pending(new Pending(Direction.SHAMIR_TO_AUTO, s, c));
            }
            // vault-compat: the text of Vault's adjustForSealMigration, plus which block is missing
            String target = c.equals(SHAMIR) ? "Shamir" : c;
            throw new SealMismatchException(s, c, "cannot seal migrate from " + s + " to " + target + ", no disabled seal in "
                    + "configuration: this store is sealed by " + s + "; to migrate, add its seal \"" + s
                    + "\" block (the settings it was initialized with) with disabled = \"true\" (configured now: "
                    + config.configuredWhere() + "); to keep " + s + ", configure its seal \"" + s + "\" block without "
                    + "disabled = \"true\"" + (s.equals("awskms") ? " (or VAULT_SEAL_TYPE=awskms)" : ""));
        }
        if (!d.type().equals(s)) {
            if (s.equals(c)) {
                LOG.info("core: the seal migration from {} to {} is complete; the disabled seal block ({}) is no "
                        + "longer used and can be removed", d.type(), s, d.where());
                return Optional.empty();
            }
            throw new ConfigException(d.where() + ": the disabled seal is \"" + d.type() + "\" but this store is "
                    + "sealed by " + s + (s.equals(SHAMIR) ? "; to migrate from Shamir remove the disabled block (a "
                    + "migration from Shamir needs no disabled seal)" : "; the disabled block must be the seal this "
                    + "store was initialized with"));
        }
        if (c.equals(SHAMIR)) {
            return pending(new Pending(Direction.AUTO_TO_SHAMIR, s, c));
        }
        if (!s.equals(c)) {
            return pending(new Pending(Direction.AUTO_TO_AUTO, s, c));
        }
        MultiWrapValue root = keys.rootKeyBlob();
        SealSet now = configured.seals().orElseThrow();
        if (root != null && StoredKeys.needsRewrap(now, root)) {
            return pending(new Pending(Direction.AUTO_TO_AUTO, s + " (keys " + root.keyIds() + ")",
                    c + " (keys " + now.currentKeyIds() + ")"));
        }
        if (rewrapComplete(now)) {
            LOG.info("core: the seal migration to {} is complete and every seal-wrapped value is under it; the "
                    + "disabled seal block ({}) can be removed", now.currentKeyIds(), d.where());
        } else {
            LOG.warn("core: the seal migration to {} is complete but the seal re-wrap is not: keep the disabled "
                    + "seal block ({}) until GET sys/sealwrap/rewrap shows fully_wrapped true", now.currentKeyIds(),
                    d.where());
        }
        return Optional.empty();
    }

    private Optional<Pending> pending(Pending p) {
        // vault-compat: Vault's WARN text, then what to do
        LOG.warn("core: entering seal migration mode; Vault will not automatically unseal even if using an "
                + "autoseal: from={} to={}; submit the {} shares with 'strongroom operator unseal -migrate'", p.from(),
                p.to(), p.from().startsWith(SHAMIR) ? "unseal" : "recovery");
        return Optional.of(p);
    }

    private boolean rewrapComplete(SealSet now) {
        byte[] raw = storage.get(Rewrapper.STATE_PATH);
        if (raw == null) {
            return false;
        }
        try {
            JsonNode state = JSON.readTree(raw);
            List<String> ids = new ArrayList<>(now.currentKeyIds());
            java.util.Collections.sort(ids);
            return state.path("complete").asBoolean(false)
                    && state.path("key_id").asText().equals(String.join(",", ids));
        } catch (IOException e) {
            return false;
        }
    }

    /** The seals that read during a migration from an auto seal: the configured ones, then the disabled one. */
    private SealSet readSeals() {
        Disabled d = config.disabled();
        SealSet.Member old = new SealSet.Member(d.name(), 1, d.wrapper());
        Optional<SealSet> now = configured.seals();
        if (now.isEmpty()) {
            return new SealSet(1, List.of(), List.of(old), clock);
        }
        SealSet set = now.get();
        if (set.readOnly().stream().anyMatch(m -> m.wrapper() == d.wrapper())) {
            return set;
        }
        List<SealSet.Member> ro = new ArrayList<>(set.readOnly());
        ro.add(old);
        return new SealSet(set.generation(), set.enabled(), ro, clock);
    }

    /**
     * The keys the old seal opens, given the combined shares: the shamir KEK (from shamir) or the recovery key,
     * checked against the stored one (from an auto seal).
     *
     * @throws InvalidRequestException when the shares are wrong
     */
    KeyReader.UnsealKeys open(Pending p, byte[] combined) {
        if (p.direction() == Direction.SHAMIR_TO_AUTO) {
            return reader.readWithShamir(combined, random);
        }
        SealSet old = readSeals();
        if (!keys.recoveryKeyMatches(old, combined)) {
            throw new InvalidRequestException("invalid recovery key: seal migration from " + p.from()
                    + " takes the old seal's recovery key shares");
        }
        return reader.readWithSeal(old);
    }

    /**
     * Performs the storage changes of a migration (see the class comment). The barrier is unsealed with
     * {@code k}'s root key and stays unsealed (under shamir to auto, with the new root key).
     *
     * @param combined the old seal's combined shares: the shamir KEK or the recovery key; not retained
     */
    void migrate(Pending p, KeyReader.UnsealKeys k, byte[] combined) {
        switch (p.direction()) {
            case SHAMIR_TO_AUTO -> fromShamir(combined);
            case AUTO_TO_SHAMIR -> toShamir(k.rootKey(), combined);
            case AUTO_TO_AUTO -> betweenAuto(k.rootKey(), combined);
        }
        LOG.info("core: seal migration from {} to {} completed", p.from(), p.to());
    }

    private void fromShamir(byte[] oldKek) {
        SealSet now = configured.seals().orElseThrow();
        SealConfig old = keys.readConfig(CorePaths.SEAL_CONFIG);
        byte[] newRoot = new byte[32];
        random.nextBytes(newRoot);
        try {
            // every KMS call before the first write: a refusal leaves storage as it was
            byte[] rootBlob = keys.sealRootKey(now, newRoot);
            byte[] recoveryBlob = now.wrap(oldKek).toByteArray();
            ObjectNode journal = journal(SHAMIR, configured.type());
            journal.put("root_key", Base64.getEncoder().encodeToString(rootBlob));
            journal.put("recovery_key", Base64.getEncoder().encodeToString(recoveryBlob));
            journal.set("seal_config", JSON.valueToTree(SealConfig.of(configured.type(), 1, 1, 1)));
            journal.set("recovery_config", JSON.valueToTree(new SealConfig(old.type(), old.secretShares(),
                    old.secretThreshold(), old.pgpKeys(), old.nonce(), old.backup(), 0)));
            writeJournal(journal);
            admin().rotateRootKey(newRoot); // the commit: the keyring opens with the new root key only
            applyFromShamir(journal);
        } finally {
            Arrays.fill(newRoot, (byte) 0);
        }
    }

    /** The writes after the keyring's re-encryption, each idempotent; the journal's removal is the last. */
    private void applyFromShamir(JsonNode journal) {
        storage.put(CorePaths.BARRIER_UNSEAL_KEYS, Base64.getDecoder().decode(journal.get("root_key").asText()));
        storage.put(CorePaths.RECOVERY_KEY, Base64.getDecoder().decode(journal.get("recovery_key").asText()));
        keys.writeConfig(CorePaths.RECOVERY_CONFIG, config(journal, "recovery_config"));
        keys.writeConfig(CorePaths.SEAL_CONFIG, config(journal, "seal_config"));
        storage.delete(CorePaths.SEAL_MIGRATION);
    }

    private void toShamir(byte[] rootKey, byte[] recoveryKey) {
        // Nothing may depend on KMS once shamir seals the store: every seal-wrapped value is unwrapped first, while
        // the old seal still reads. One atomic write per entry; a crash leaves plain and wrapped values side by side,
        // all readable, and the migration is still pending.
        if (storage instanceof SealWrapStorage wrap && wrap.seals().enabled().isEmpty()) {
            int n = 0;
            for (String path : wrap.indexedPaths()) {
                if (wrap.rewrapEntry(path) == SealWrapStorage.Outcome.REWRAPPED) {
                    n++;
                }
            }
            LOG.info("core: seal migration to shamir: {} seal-wrapped values unwrapped", n);
        }
        SealConfig recovery = keys.readConfig(CorePaths.RECOVERY_CONFIG);
        ShamirKeyWrapper shamir = new ShamirKeyWrapper(recoveryKey, random);
        byte[] rootBlob;
        try {
            rootBlob = keys.sealRootKey(SealSet.single(shamir), rootKey);
        } finally {
            shamir.destroy();
        }
        ObjectNode journal = journal(config.disabled().type(), SHAMIR);
        journal.put("root_key", Base64.getEncoder().encodeToString(rootBlob));
        journal.set("seal_config", JSON.valueToTree(new SealConfig(SHAMIR, recovery.secretShares(),
                recovery.secretThreshold(), recovery.pgpKeys(), recovery.nonce(), recovery.backup(), 1)));
        writeJournal(journal); // the commit: from here on the next start finishes it, without KMS
        applyToShamir(journal);
    }

    private void applyToShamir(JsonNode journal) {
        storage.put(CorePaths.BARRIER_UNSEAL_KEYS, Base64.getDecoder().decode(journal.get("root_key").asText()));
        keys.writeConfig(CorePaths.SEAL_CONFIG, config(journal, "seal_config"));
        storage.delete(CorePaths.RECOVERY_CONFIG);
        // Vault leaves core/recovery-key behind; a KMS blob nobody can use any more is removed here
        storage.delete(CorePaths.RECOVERY_KEY);
        storage.delete(CorePaths.SEAL_MIGRATION);
    }

    private void betweenAuto(byte[] rootKey, byte[] recoveryKey) {
        SealSet now = configured.seals().orElseThrow();
        byte[] recoveryBlob = now.wrap(recoveryKey).toByteArray();
        byte[] rootBlob = keys.sealRootKey(now, rootKey);
        // Each write replaces one blob that the old and the new seal both read; the root key's is written last and
        // is what "migrated" is decided by, so a crash before it leaves the migration pending and repeatable.
        storage.put(CorePaths.RECOVERY_KEY, recoveryBlob);
        SealConfig seal = keys.readConfig(CorePaths.SEAL_CONFIG);
        if (!seal.type().equals(configured.type())) {
            keys.writeConfig(CorePaths.SEAL_CONFIG, new SealConfig(configured.type(), seal.secretShares(),
                    seal.secretThreshold(), seal.pgpKeys(), seal.nonce(), seal.backup(), seal.storedShares()));
        }
        storage.put(CorePaths.BARRIER_UNSEAL_KEYS, rootBlob);
    }

    /**
     * Completes or drops a journalled migration a crash interrupted (see the class comment); runs before anything
     * reads the stored keys, with the barrier sealed, and leaves it sealed.
     *
     * @throws ConfigException when finishing needs a seal the configuration no longer has
     */
    void finishInterrupted() {
        byte[] raw = storage.get(CorePaths.SEAL_MIGRATION);
        if (raw == null || !barrier.isSealed()) {
            return;
        }
        JsonNode journal;
        try {
            journal = JSON.readTree(raw);
        } catch (IOException e) {
            throw new StorageCorruptedException(CorePaths.SEAL_MIGRATION, "an interrupted seal migration left a "
                    + "journal that cannot be read: " + e.getMessage(), e);
        }
        String from = journal.path("from").asText();
        String to = journal.path("to").asText();
        if (to.equals(SHAMIR)) {
            applyToShamir(journal);
            LOG.warn("core: an interrupted seal migration from {} to shamir was completed; unseal with the former "
                    + "recovery shares", from);
            return;
        }
        if (!configured.type().equals(to) || configured.seals().isEmpty()) {
            throw new ConfigException("an interrupted seal migration from " + from + " to " + to + " must be "
                    + "finished first: configure the seal \"" + to + "\" block it was started with (now: "
                    + config.configuredWhere() + ") and start again");
        }
        SealSet now = configured.seals().get();
        byte[] newRoot = keys.readRootKey(now, MultiWrapValue.parseFrom(
                Base64.getDecoder().decode(journal.get("root_key").asText())));
        try {
            try {
                barrier.unseal(newRoot);
            } catch (InvalidRootKeyException stillOld) {
                storage.delete(CorePaths.SEAL_MIGRATION);
                LOG.warn("core: an interrupted seal migration from shamir had not changed the keyring; it was "
                        + "dropped and the store is still sealed by shamir: run 'strongroom operator unseal -migrate' "
                        + "again");
                return;
            }
            admin().rotateRootKey(newRoot); // rewrites the root-key entry, which the crash may have missed
            applyFromShamir(journal);
            LOG.warn("core: an interrupted seal migration from shamir to {} was completed", to);
        } finally {
            Arrays.fill(newRoot, (byte) 0);
            barrier.seal();
        }
    }

    private ObjectNode journal(String from, String to) {
        ObjectNode j = JSON.createObjectNode();
        j.put("from", from);
        j.put("to", to);
        j.put("started", clock.instant().toString());
        return j;
    }

    private void writeJournal(ObjectNode journal) {
        try {
            storage.put(CorePaths.SEAL_MIGRATION, JSON.writeValueAsBytes(journal));
        } catch (IOException e) {
            throw new IllegalStateException("JSON of a tree cannot fail", e);
        }
    }

    private static SealConfig config(JsonNode journal, String field) {
        try {
            return JSON.treeToValue(journal.get(field), SealConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new StorageCorruptedException(CorePaths.SEAL_MIGRATION, "the seal migration journal's " + field
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    private KeyringAdmin admin() {
        return StoredKeyChanges.keyringAdmin(barrier);
    }
}
