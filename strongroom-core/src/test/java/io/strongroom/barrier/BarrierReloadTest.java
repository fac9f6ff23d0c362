package io.strongroom.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.storage.InmemStorage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** HA: two nodes' barriers over one storage; a standby picks up the active node's keyring rotation. */
class BarrierReloadTest {

    @Test
    void reloadKeyring_afterOtherNodeRotated_readsValuesUnderTheNewTerm() {
        InmemStorage shared = new InmemStorage();
        AesGcmBarrier active = new AesGcmBarrier(shared, new SecureRandom(), Clock.systemUTC());
        AesGcmBarrier standby = new AesGcmBarrier(shared, new SecureRandom(), Clock.systemUTC());
        byte[] root = new byte[32];
        new SecureRandom().nextBytes(root);
        active.initialize(root);
        active.unseal(root);
        standby.unseal(root);
        assertThat(standby.reloadKeyring()).as("nothing changed").isFalse();

        active.rotate();
        active.put("k", "v".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> standby.get("k")).as("term 2 unknown before the reload").isInstanceOf(RuntimeException.class);
        assertThat(standby.reloadKeyring()).isTrue();
        assertThat(standby.get("k")).asString(StandardCharsets.UTF_8).isEqualTo("v");
    }
}
