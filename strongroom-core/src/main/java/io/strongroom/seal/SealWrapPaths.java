package io.strongroom.seal;

/**
 * Which storage prefixes hold seal-wrapped values besides the critical entries: the mount table registers the
 * prefix of every mount enabled with {@code seal_wrap = true} before its backend writes anything, and forgets
 * the prefixes at seal. Thread-safe.
 */
public interface SealWrapPaths {

    /** For a server whose seal cannot wrap (shamir): registrations are ignored. */
    SealWrapPaths NONE = new SealWrapPaths() {
        @Override
        public void addPrefix(String prefix) {
        }

        @Override
        public void removePrefix(String prefix) {
        }
    };

    /** Values written under {@code prefix} (a physical folder such as {@code logical/<uuid>/}) are seal-wrapped. */
    void addPrefix(String prefix);

    /** Stops wrapping under {@code prefix} (the mount was disabled and its data deleted, or the server sealed). */
    void removePrefix(String prefix);
}
