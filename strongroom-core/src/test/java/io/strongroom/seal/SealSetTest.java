package io.strongroom.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class SealSetTest {

    private static final byte[] PLAIN = "secret".getBytes(StandardCharsets.UTF_8);
    private final TestKms east = new TestKms("arn:east");
    private final TestKms west = new TestKms("arn:west");
    private final SealSet set = new SealSet(4, List.of(new SealSet.Member("west", 2, west),
            new SealSet.Member("east", 1, east)), List.of(), Clock.systemUTC());

    @Test
    void wrap_twoSeals_twoSlotsInPriorityOrder_complete_carriesGeneration() {
        SealSet.Wrapped w = set.wrap(PLAIN);
        assertThat(w.complete()).isTrue();
        assertThat(w.value().keyIds()).containsExactly("arn:east", "arn:west");
        assertThat(MultiWrapValue.parseFrom(w.toByteArray()).generation()).isEqualTo(4);
        assertThat(set.unwrap(w.value())).isEqualTo(PLAIN);
    }

    @Test
    void wrap_oneSealFailing_partialAndMarkedUnhealthy() {
        west.deny("arn:west");
        SealSet.Wrapped w = set.wrap(PLAIN);
        assertThat(w.complete()).isFalse();
        assertThat(w.value().keyIds()).containsExactly("arn:east");
        assertThat(set.isUnhealthy("west")).isTrue();
        assertThat(set.unhealthySince("west")).isNotNull();
        assertThat(set.isUnhealthy("east")).isFalse();
    }

    @Test
    void wrap_sealMarkedUnhealthy_isNotCalled() {
        set.markUnhealthy("west");
        int before = west.encrypts.get();
        SealSet.Wrapped w = set.wrap(PLAIN);
        assertThat(w.complete()).isFalse();
        assertThat(west.encrypts.get()).isEqualTo(before);
    }

    @Test
    void wrap_allFailing_throwsTheAccessFailure() {
        east.deny("arn:east");
        west.deny("arn:west");
        assertThatThrownBy(() -> set.wrap(PLAIN)).isInstanceOf(SealAccessException.class);
    }

    @Test
    void wrap_allMarkedUnhealthy_stillTriesEverySeal() {
        set.markUnhealthy("east");
        set.markUnhealthy("west");
        assertThat(set.wrap(PLAIN).complete()).isTrue();
    }

    @Test
    void unwrap_firstPrioritySealDownAndMarked_opensWithTheOtherWithoutCallingIt() {
        MultiWrapValue v = set.wrap(PLAIN).value();
        east.deny("arn:east");
        set.markUnhealthy("east");
        int before = east.decrypts.get();
        assertThat(set.unwrap(v)).isEqualTo(PLAIN);
        assertThat(east.decrypts.get()).isEqualTo(before);
    }

    @Test
    void unwrap_firstPrioritySealDownNotYetMarked_fallsBackToTheOther() {
        MultiWrapValue v = set.wrap(PLAIN).value();
        east.deny("arn:east");
        assertThat(set.unwrap(v)).isEqualTo(PLAIN);
    }

    @Test
    void unwrap_sealFailsWithAccessError_isMarkedUnhealthy_nextReadSkipsItFirst() {
        MultiWrapValue v = set.wrap(PLAIN).value();
        east.deny("arn:east");
        assertThat(set.unwrap(v)).isEqualTo(PLAIN);
        assertThat(set.isUnhealthy("east")).isTrue();
        int before = east.decrypts.get();
        assertThat(set.unwrap(v)).isEqualTo(PLAIN);
        assertThat(east.decrypts.get()).isEqualTo(before);
    }

    @Test
    void unwrap_everySealDown_throwsAccessNotDecryption() {
        MultiWrapValue v = set.wrap(PLAIN).value();
        east.deny("arn:east");
        west.deny("arn:west");
        assertThatThrownBy(() -> set.unwrap(v)).isInstanceOf(SealAccessException.class);
    }

    @Test
    void unwrap_tamperedSlots_throwsDecryptionFailed() {
        BlobInfo b = east.encrypt(PLAIN, null);
        byte[] ct = b.ciphertext().clone();
        ct[0] ^= 1;
        MultiWrapValue v = new MultiWrapValue(1, List.of(new BlobInfo(ct, b.iv(), b.keyInfo())));
        assertThatThrownBy(() -> set.unwrap(v)).isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void isCurrent_exactlyTheEnabledKeys_inAnyOrder() {
        assertThat(set.isCurrent(List.of("arn:west", "arn:east"))).isTrue();
        assertThat(set.isCurrent(List.of("arn:east"))).isFalse();
        assertThat(set.isCurrent(List.of("arn:east", "arn:west", "arn:old"))).isFalse();
        assertThat(set.isCurrent(List.of("arn:east", "arn:east"))).isFalse();
        east.moveTo("arn:east-2");
        assertThat(set.isCurrent(List.of("arn:east", "arn:west"))).isFalse();
    }

    @Test
    void coversHealthy_oneSealDownAndHealthySlotPresent_true_otherwiseFalse() {
        assertThat(set.coversHealthy(List.of("arn:east"))).isFalse(); // nobody down: a partial value is stale
        set.markUnhealthy("west");
        assertThat(set.coversHealthy(List.of("arn:east", "arn:west"))).isTrue();
        assertThat(set.coversHealthy(List.of("arn:east"))).isTrue();
        assertThat(set.coversHealthy(List.of("arn:west"))).isFalse();
        set.markHealthy("west");
        assertThat(set.coversHealthy(List.of("arn:east"))).isFalse();
    }

    @Test
    void constructor_duplicateNames_refused() {
        assertThatThrownBy(() -> new SealSet(1, List.of(new SealSet.Member("a", 1, east),
                new SealSet.Member("a", 2, west)), List.of(), Clock.systemUTC()))
                .hasMessageContaining("two seals are named \"a\"");
    }

    @Test
    void readOnlyMember_unwrapsButNeverWraps() {
        MultiWrapValue old = new MultiWrapValue(0, List.of(west.encrypt(PLAIN, null)));
        SealSet migrating = new SealSet(1, List.of(new SealSet.Member("east", 1, east)),
                List.of(new SealSet.Member("west", 1, west)), Clock.systemUTC());
        assertThat(migrating.unwrap(old)).isEqualTo(PLAIN);
        assertThat(migrating.wrap(PLAIN).value().keyIds()).containsExactly("arn:east");
    }
}
