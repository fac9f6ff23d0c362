package io.strongroom.core.lifecycle;

/**
 * What runs right after the barrier opens and right before it closes: the data plane loads its mount table and
 * policies after an unseal and forgets them before a seal (Vault's post-unseal and pre-seal steps).
 */
public interface SealListener {

    /** Does nothing: a lifecycle without a data plane (seal-only tests). */
    SealListener NONE = new SealListener() {
        @Override
        public void afterUnseal() {
        }

        @Override
        public void beforeSeal() {
        }
    };

    /**
     * Runs with the barrier unsealed, under the lifecycle's lock. A failure seals the barrier again and fails the
     * unseal with it.
     */
    void afterUnseal();

    /** Runs while the barrier is still unsealed, under the lifecycle's lock; must not fail. */
    void beforeSeal();
}
