package io.strongroom.server;

import io.strongroom.awskms.AwsKmsSeal;
import io.strongroom.awskms.AwsKmsSealConfig;
import io.strongroom.core.lifecycle.SealMigration;
import io.strongroom.core.lifecycle.SealStrategies;
import io.strongroom.core.lifecycle.SealStrategy;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.seal.SealSet;
import io.strongroom.server.config.SealBlock;
import io.strongroom.server.config.SealSelection;
import io.strongroom.server.config.ServerConfig;
import io.strongroom.server.metrics.ServerMetrics;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disabled seal block of a seal migration (issue 10), as the server runs it: the old awskms seal, connected on
 * first use (a pending migration, or a seal-wrapped value it still wraps), which only reads. With an enabled auto
 * seal the two form one {@link SealSet} (enabled = [new], read-only = [old]); on the way to shamir the old seal
 * alone reads for the seal-wrap layer until the migration has unwrapped everything.
 *
 * <p>The key-id environment variables ({@code VAULT_AWSKMS_SEAL_KEY_ID}, {@code AWSKMS_WRAPPER_KEY_ID}) belong to
 * the enabled seal: they are not applied to the disabled block, whose {@code kms_key_id} is always its own (else
 * the old and the new seal would silently be the same key).
 */
final class MigrationSeal {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationSeal.class);

    private final SealBlock block;
    private final String name;
    private final DeferredKeyWrapper wrapper;

    private MigrationSeal(SealBlock block, String name, DeferredKeyWrapper wrapper) {
        this.block = block;
        this.name = name;
        this.wrapper = wrapper;
    }

    /** The configuration's disabled awskms seal, or null when it has none. */
    static MigrationSeal from(ServerConfig config, SealSelection.EffectiveSeal seal, Map<String, String> env,
            SecureRandom random, AtomicReference<AwsKmsSeal> opened, ServerMetrics metrics) {
        SealBlock block = SealSelection.disabled(config).filter(b -> b.type().equals("awskms")).orElse(null);
        if (block == null) {
            return null;
        }
        Map<String, String> ownEnv = new HashMap<>(env);
        ownEnv.remove("VAULT_AWSKMS_SEAL_KEY_ID");
        ownEnv.remove("AWSKMS_WRAPPER_KEY_ID");
        AwsKmsSealConfig kms = SealSelection.resolveAwsKms(block, ownEnv);
        DeferredKeyWrapper wrapper = new DeferredKeyWrapper("awskms", kms.kmsKeyId().value(), () -> opened
                .updateAndGet(s -> s != null ? s : AwsKmsSeal.connect(kms, ownEnv, metrics.kmsObserver()))
                .checkKey(random));
        return new MigrationSeal(block, SealSelection.sealName(block), wrapper);
    }

    /** The configured seal with this one reading beside it (an auto seal), or shamir. */
    SealStrategy strategy(SealSelection.EffectiveSeal seal, KeyWrapper enabled, Clock clock) {
        if (enabled == null) {
            return SealStrategies.shamir();
        }
        String enabledName = seal.block().map(SealSelection::sealName).orElse(seal.type());
        return SealStrategies.create(seal.type(), new SealSet(1, List.of(new SealSet.Member(enabledName, 1, enabled)),
                List.of(member()), clock));
    }

    /** The old seal alone, reading only (the seal-wrap layer on the way to shamir). */
    SealSet readOnly(Clock clock) {
        return new SealSet(1, List.of(), List.of(member()), clock);
    }

    private SealSet.Member member() {
        return new SealSet.Member(name, 1, wrapper);
    }

    SealMigration.Config config(SealSelection.EffectiveSeal seal) {
        return new SealMigration.Config(new SealMigration.Disabled("awskms", name, wrapper, where()),
                configuredWhere(seal));
    }

    /** A configuration without a disabled seal: only where the enabled one is, for the messages. */
    static SealMigration.Config noMigration(SealSelection.EffectiveSeal seal) {
        return new SealMigration.Config(null, configuredWhere(seal));
    }

    private static String configuredWhere(SealSelection.EffectiveSeal seal) {
        return seal.block().map(b -> "seal \"" + b.type() + "\" at " + b.pos()).orElse(seal.reason());
    }

    private String where() {
        return "seal \"awskms\" (disabled, name \"" + name + "\") at " + block.pos();
    }

    /** For the start-up banner. */
    String describe() {
        return "awskms \"" + name + "\", key " + wrapper.keyId() + " (read only: seal migration) at " + block.pos();
    }

    static void close(AtomicReference<AwsKmsSeal> opened) {
        AwsKmsSeal s = opened.getAndSet(null);
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("seal: error while closing the disabled seal's KMS client: {}", e.toString());
            }
        }
    }
}
