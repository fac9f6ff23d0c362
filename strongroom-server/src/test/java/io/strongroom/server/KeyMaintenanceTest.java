package io.strongroom.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.core.lifecycle.KmsHealthCheck;
import io.strongroom.seal.SealSet;
import io.strongroom.seal.BlobInfo;
import io.strongroom.seal.KeyInfo;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.server.config.SealHealthConfig;
import io.strongroom.storage.InmemStorage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyMaintenanceTest {

    /** A unit-test KMS: real AES-GCM under one random key, counting calls. */
    static final class AesKms implements KeyWrapper {
        private final String id;
        private final javax.crypto.SecretKey key;
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        AesKms(String id) throws Exception {
            this.id = id;
            javax.crypto.KeyGenerator g = javax.crypto.KeyGenerator.getInstance("AES");
            g.init(256);
            this.key = g.generateKey();
        }

        @Override
        public String type() {
            return "awskms";
        }

        @Override
        public String keyId() {
            return id;
        }

        @Override
        public BlobInfo encrypt(byte[] plaintext, byte[] aad) {
            calls.incrementAndGet();
            try {
                byte[] iv = new byte[12];
                new SecureRandom().nextBytes(iv);
                javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
                c.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(128, iv));
                return new BlobInfo(c.doFinal(plaintext), iv, new KeyInfo(KeyInfo.MECHANISM_KMS_DIRECT, id, new byte[0]));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public byte[] decrypt(BlobInfo blob, byte[] aad) {
            calls.incrementAndGet();
            try {
                javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
                c.init(javax.crypto.Cipher.DECRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(128, blob.iv()));
                return c.doFinal(blob.ciphertext());
            } catch (java.security.GeneralSecurityException e) {
                throw new io.strongroom.seal.DecryptionFailedException("not this key's blob", e);
            }
        }

        @Override
        public java.util.Map<String, String> metadata() {
            return java.util.Map.of("key_id", id);
        }
    }

    @Test
    void start_sealMarkedUnhealthyAtStart_probedWithinSecondsNotAfterTheUnhealthyInterval() throws Exception {
        // Seal HA: a seal whose start-up key check answered only after another seal opened the way is marked
        // unhealthy; it must come back (and its catch-up start) soon, not after a whole unhealthy interval (1 min)
        AesKms first = new AesKms("key-a");
        AesKms second = new AesKms("key-b");
        SealSet set = new SealSet(2, List.of(new SealSet.Member("a", 1, first), new SealSet.Member("b", 2, second)),
                List.of(), Clock.systemUTC());
        set.markUnhealthy("b");
        KmsHealthCheck checkA = new KmsHealthCheck("a", first, Clock.systemUTC(), set);
        KmsHealthCheck checkB = new KmsHealthCheck("b", second, Clock.systemUTC(), set);
        java.util.concurrent.CountDownLatch recovered = new java.util.concurrent.CountDownLatch(1);
        checkB.onRecovered(recovered::countDown);
        SealHealthConfig config = new SealHealthConfig(Duration.ofMinutes(10), Duration.ofMinutes(1),
                Duration.ofSeconds(5));
        AesGcmBarrier keyring = new AesGcmBarrier(new InmemStorage(), new SecureRandom(), Clock.systemUTC());
        try (KeyMaintenance m = new KeyMaintenance(keyring, List.of(checkA, checkB), List.of(config, config),
                () -> true)) {
            m.start();
            assertThat(recovered.await(KeyMaintenance.UNHEALTHY_AT_START.toSeconds() + 10,
                    java.util.concurrent.TimeUnit.SECONDS)).as("probed and recovered before the 1 min interval").isTrue();
            assertThat(set.isUnhealthy("b")).isFalse();
            assertThat(first.calls.get()).as("the healthy seal waits for its 10 min interval").isZero();
        }
    }
}
