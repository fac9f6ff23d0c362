package io.strongroom.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.core.CorePaths;
import io.strongroom.seal.BlobInfo;
import io.strongroom.seal.KeyInfo;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.seal.ShamirKeyWrapper;
import io.strongroom.storage.FileStorage;
import io.strongroom.storage.Storage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auto-unseal loop over real file storage and the real barrier, with an auto seal whose key id can change. */
class AutoUnsealLoopTest {

    /** Real AES-GCM (the shamir wrapper) under a key id that tests can change, and an encrypt that can be held. */
    static final class SwitchableSeal implements KeyWrapper {
        final ShamirKeyWrapper aes = new ShamirKeyWrapper(new byte[32], new SecureRandom());
        volatile String keyId = "key-1";
        volatile CountDownLatch entered = new CountDownLatch(0);
        volatile CountDownLatch release = new CountDownLatch(0);

        @Override
        public String type() {
            return "test";
        }

        @Override
        public String keyId() {
            return keyId;
        }

        @Override
        public BlobInfo encrypt(byte[] plaintext, byte[] aad) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while encrypting");
            }
            BlobInfo b = aes.encrypt(plaintext, aad);
            return new BlobInfo(b.ciphertext(), b.iv(), new KeyInfo(0, keyId, new byte[0]));
        }

        @Override
        public byte[] decrypt(BlobInfo blob, byte[] aad) {
            return aes.decrypt(blob, aad);
        }

        @Override
        public Map<String, String> metadata() {
            return Map.of();
        }
    }

    private static CoreLifecycle core(Storage storage, KeyWrapper seal) {
        SecureRandom random = new SecureRandom();
        return new CoreLifecycle(storage, new AesGcmBarrier(storage, random, Clock.systemUTC()), SealStrategies.auto(seal), random,
                Clock.systemUTC(), new CoreLifecycle.Settings("v", "d", "file", null));
    }

    @Test
    void close_duringReWrap_waitsForTheWriteInsteadOfInterruptingIt(@TempDir Path dir) throws Exception {
        Storage storage = new FileStorage(dir);
        SwitchableSeal seal = new SwitchableSeal();
        core(storage, seal).initialize(new InitRequest(null, null, 1, 1, null, null, null));

        seal.keyId = "key-2"; // the alias moved: the next unseal re-wraps
        seal.entered = new CountDownLatch(1);
        seal.release = new CountDownLatch(1);
        AutoUnsealLoop loop = new AutoUnsealLoop(core(storage, seal), Duration.ofSeconds(5));
        loop.start();
        assertThat(seal.entered.await(10, TimeUnit.SECONDS)).isTrue(); // re-wrap in progress

        CompletableFuture<Void> closing = CompletableFuture.runAsync(loop::close);
        Thread.sleep(300);
        assertThat(closing).isNotDone();
        seal.release.countDown();
        closing.get(10, TimeUnit.SECONDS);

        assertThat(BlobInfo.parseFrom(storage.get(CorePaths.BARRIER_UNSEAL_KEYS)).keyInfo().keyId()).isEqualTo("key-2");
        assertThat(BlobInfo.parseFrom(storage.get(CorePaths.RECOVERY_KEY)).keyInfo().keyId()).isEqualTo("key-2");
    }

    @Test
    void tick_whileUninitialized_doesNothing_thenUnsealsOnceInitializedElsewhere(@TempDir Path dir) {
        Storage storage = new FileStorage(dir);
        SwitchableSeal seal = new SwitchableSeal();
        CoreLifecycle node = core(storage, seal);
        AutoUnsealLoop loop = new AutoUnsealLoop(node, Duration.ofSeconds(5));
        loop.tick();
        assertThat(node.isSealed()).isTrue();

        core(storage, seal).initialize(new InitRequest(null, null, 1, 1, null, null, null)); // another node
        loop.tick();
        assertThat(node.isSealed()).isFalse();
        loop.close();
    }

    @Test
    void tick_afterManualSeal_staysSealed(@TempDir Path dir) {
        Storage storage = new FileStorage(dir);
        CoreLifecycle node = core(storage, new SwitchableSeal());
        node.initialize(new InitRequest(null, null, 1, 1, null, null, null));
        node.seal();
        AutoUnsealLoop loop = new AutoUnsealLoop(node, Duration.ofSeconds(5));
        loop.tick();
        assertThat(node.isSealed()).isTrue();
        loop.close();
    }
}
