package io.strongroom.core.lifecycle;

/**
 * What the seal lifecycle needs to know about HA to answer {@code sys/health} and {@code sys/leader}. Implemented by
 * {@link io.strongroom.core.ha.HaCoordinator}. Thread-safe.
 */
public interface HaState {

    /** HA off: every unsealed node is active, and {@code sys/leader} says {@code ha_enabled: false}. */
    HaState OFF = new HaState() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public boolean isActive() {
            return true;
        }

        @Override
        public LeaderStatus leader() {
            return new LeaderStatus(false, false, "0001-01-01T00:00:00Z", "", "");
        }
    };

    /** Whether HA is on. */
    boolean enabled();

    /** Whether this node is the active node right now (holds the lock and its lease). */
    boolean isActive();

    /** The {@code sys/leader} answer of an unsealed node. */
    LeaderStatus leader();
}
