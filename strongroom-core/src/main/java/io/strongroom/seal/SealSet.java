package io.strongroom.seal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The auto seals that protect the stored keys and the seal-wrapped values: one in the usual case, several with Seal
 * HA ({@code enable_multiseal}), plus during a seal migration the old seal, which only reads.
 *
 * <ul>
 *   <li><b>Wrap</b>: every enabled seal wraps the value, in priority order, each into its own slot of a
 *       {@link MultiWrapValue}. A seal that fails (KMS down) is skipped and marked unhealthy: the value is
 *       <em>partially wrapped</em>, still readable, and brought to every seal by the next rewrap once the seal is
 *       back. Only when no seal can wrap does the write fail. While a seal is marked unhealthy, writes do not wait
 *       for it (unless every seal is unhealthy), so one region down does not slow every write by its timeouts.
 *   <li><b>Unwrap</b> (vault-compat: vault-seal-spec 3.10): first each slot whose recorded key id is a seal's current
 *       key id, seals in priority order, the read-only seals last; then every seal against every slot. The first
 *       that opens wins. Failing all, a KMS failure wins over a decryption failure (so the unseal loop retries).
 *   <li><b>Current</b>: a value is current when its slots' key ids are exactly the enabled seals' current key ids.
 *       This is what rewrap, {@code fully_wrapped} and "is the migration done" decide on: the key id recorded in
 *       each blob, never whether a seal manages to decrypt it (KMS infers the key from the ciphertext, so a new seal
 *       in the same account decrypts an old blob; vault-seal-spec 6.3).
 * </ul>
 *
 * <p>The members are fixed; only their health marks change. Thread-safe.
 */
public final class SealSet {

    /**
     * One seal of the set.
     *
     * @param name the seal's unique name (Vault's {@code name}; the type when there is only one)
     * @param priority lower is tried first (Vault's {@code priority}, 1 for a single seal)
     * @param wrapper the seal itself
     */
    public record Member(String name, int priority, KeyWrapper wrapper) {
        public Member {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(wrapper, "wrapper");
        }

        @Override
        public String toString() {
            return "Member[" + name + ", priority " + priority + ", " + wrapper.type() + "]";
        }
    }

    /**
     * A value just wrapped.
     *
     * @param value the slots
     * @param complete whether every enabled seal wrapped it (false: partially wrapped)
     */
    public record Wrapped(MultiWrapValue value, boolean complete) {
        public byte[] toByteArray() {
            return value.toByteArray();
        }
    }

    private final long generation;
    private final List<Member> enabled;
    private final List<Member> readOnly;
    private final Clock clock;
    private final Map<String, Instant> unhealthySince = new ConcurrentHashMap<>();
    private volatile Runnable onPartialWrap = () -> { };

    /**
     * @param generation the seal generation written into multi-slot values (core/seal-gen-info)
     * @param enabled the seals that wrap, any order (sorted by priority here); may be empty only when
     *     {@code readOnly} is not (a migration to shamir, where the old seal only reads)
     * @param readOnly disabled seals of a migration: they unwrap, never wrap
     */
    public SealSet(long generation, List<Member> enabled, List<Member> readOnly, Clock clock) {
        List<Member> sorted = new ArrayList<>(enabled);
        sorted.sort(Comparator.comparingInt(Member::priority));
        this.generation = generation;
        this.enabled = List.copyOf(sorted);
        this.readOnly = List.copyOf(readOnly);
        this.clock = Objects.requireNonNull(clock, "clock");
        if (this.enabled.isEmpty() && this.readOnly.isEmpty()) {
            throw new IllegalArgumentException("a seal set needs at least one seal");
        }
        Set<String> names = new HashSet<>();
        for (Member m : all()) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("two seals are named \"" + m.name() + "\"");
            }
        }
    }

    /** One seal, named by its type (what every store without Seal HA has). */
    public static SealSet single(KeyWrapper wrapper) {
        return new SealSet(1, List.of(new Member(wrapper.type(), 1, wrapper)), List.of(), Clock.systemUTC());
    }

    public long generation() {
        return generation;
    }

    /** The seals that wrap, in priority order. */
    public List<Member> enabled() {
        return enabled;
    }

    /** The disabled seals of a migration, which only unwrap. */
    public List<Member> readOnly() {
        return readOnly;
    }

    /** Enabled then read-only. */
    public List<Member> all() {
        List<Member> out = new ArrayList<>(enabled);
        out.addAll(readOnly);
        return out;
    }

    /** The first-priority enabled seal, or empty when no seal wraps (migration to shamir). */
    public Optional<KeyWrapper> primary() {
        return enabled.isEmpty() ? Optional.empty() : Optional.of(enabled.get(0).wrapper());
    }

    /** The current key ids of the enabled seals, in priority order. */
    public List<String> currentKeyIds() {
        return enabled.stream().map(m -> m.wrapper().keyId()).toList();
    }

    /** Whether a value with these slot key ids is wrapped by exactly the enabled seals' current keys. */
    public boolean isCurrent(List<String> keyIds) {
        return !enabled.isEmpty() && new HashSet<>(keyIds).equals(new HashSet<>(currentKeyIds()))
                && keyIds.size() == enabled.size();
    }

    /**
     * Whether a value with these slot key ids, though not current, is as good as a wrap could make it now: some
     * enabled seal is marked unhealthy and every healthy enabled seal's current key is already among the slots.
     * Rewriting it now would only drop the slot of the seal that is down; the catch-up rewrap does it once the seal
     * is back.
     */
    public boolean coversHealthy(List<String> keyIds) {
        if (enabled.stream().noneMatch(m -> isUnhealthy(m.name()))) {
            return false;
        }
        Set<String> have = new HashSet<>(keyIds);
        return enabled.stream().filter(m -> !isUnhealthy(m.name())).allMatch(m -> have.contains(m.wrapper().keyId()))
                && enabled.stream().anyMatch(m -> !isUnhealthy(m.name()));
    }

    /** Whether any enabled seal is marked unhealthy. */
    public boolean anyUnhealthy() {
        return enabled.stream().anyMatch(m -> isUnhealthy(m.name()));
    }

    /**
     * Wraps {@code plain} with every enabled seal (see the class comment).
     *
     * @throws SealAccessException when no seal could wrap it
     * @throws IllegalStateException when no seal is enabled
     */
    public Wrapped wrap(byte[] plain) {
        if (enabled.isEmpty()) {
            throw new IllegalStateException("no enabled seal can wrap (the only seal is the disabled one of a migration)");
        }
        boolean skipUnhealthy = enabled.size() > 1 && enabled.stream().anyMatch(m -> !isUnhealthy(m.name()));
        List<BlobInfo> slots = new ArrayList<>();
        SealAccessException first = null;
        for (Member m : enabled) {
            if (skipUnhealthy && isUnhealthy(m.name())) {
                continue;
            }
            try {
                slots.add(m.wrapper().encrypt(plain, null));
            } catch (SealAccessException e) {
                if (enabled.size() > 1) {
                    markUnhealthy(m.name());
                }
                if (first == null) {
                    first = e;
                }
            }
        }
        if (slots.isEmpty()) {
            throw first;
        }
        boolean complete = slots.size() == enabled.size();
        if (!complete) {
            onPartialWrap.run(); // before the caller stores it: the record of "not fully wrapped" comes first
        }
        return new Wrapped(new MultiWrapValue(generation, slots), complete);
    }

    /**
     * Runs {@code action} whenever {@link #wrap} returns a partially wrapped value, before the caller stores it
     * (Seal HA records that the generation is no longer fully wrapped). It must be quick and must not wrap.
     */
    public void onPartialWrap(Runnable action) {
        this.onPartialWrap = Objects.requireNonNull(action);
    }

    /**
     * Opens a value wrapped by any seal of the set, present or former (see the class comment).
     *
     * @throws DecryptionFailedException when no seal opens any slot and no KMS call failed
     * @throws SealAccessException when no seal opened it and a KMS call failed
     */
    public byte[] unwrap(MultiWrapValue value) {
        // seals marked unhealthy go after the healthy ones (still tried: the mark may be stale), so a region that
        // is down costs no timeout on every read while another seal can open the value
        List<Member> members = new ArrayList<>(enabled);
        members.sort(Comparator.comparing((Member m) -> isUnhealthy(m.name())));
        members.addAll(readOnly);
        // pass 1: slots whose key id is some seal's current key, that seal first
        LinkedHashSet<Map.Entry<Member, BlobInfo>> order = new LinkedHashSet<>();
        for (Member m : members) {
            String current = m.wrapper().keyId();
            for (BlobInfo slot : value.slots()) {
                if (slot.keyInfo() != null && slot.keyInfo().keyId().equals(current)) {
                    order.add(Map.entry(m, slot));
                }
            }
        }
        // pass 2: every seal against every slot (a key that moved, an alias, a legacy blob without key info)
        for (Member m : members) {
            for (BlobInfo slot : value.slots()) {
                order.add(Map.entry(m, slot));
            }
        }
        SealAccessException access = null;
        DecryptionFailedException failed = null;
        for (Map.Entry<Member, BlobInfo> attempt : order) {
            try {
                return attempt.getKey().wrapper().decrypt(attempt.getValue(), null);
            } catch (SealAccessException e) {
                if (access == null) {
                    access = e;
                }
                if (enabled.size() > 1 && enabled.contains(attempt.getKey())) {
                    // Seal HA: later reads and writes go to the other seals first until its health check sees it back
                    markUnhealthy(attempt.getKey().name());
                }
            } catch (DecryptionFailedException e) {
                if (failed == null) {
                    failed = e;
                }
            }
        }
        if (access != null) {
            throw access;
        }
        throw failed;
    }

    /** Marks a seal unhealthy (a failed write or health probe); keeps the first time of an ongoing outage. */
    public void markUnhealthy(String name) {
        unhealthySince.putIfAbsent(name, clock.instant());
    }

    /** Marks a seal healthy again (a health probe succeeded). */
    public void markHealthy(String name) {
        unhealthySince.remove(name);
    }

    public boolean isUnhealthy(String name) {
        return unhealthySince.containsKey(name);
    }

    /** Since when a seal has been failing, or null while healthy. */
    public Instant unhealthySince(String name) {
        return unhealthySince.get(name);
    }

    @Override
    public String toString() {
        return "SealSet[generation " + generation + ", enabled " + enabled + ", read-only " + readOnly + "]";
    }
}
