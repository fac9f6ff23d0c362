package io.strongroom.token;

import io.strongroom.barrier.BarrierStorage;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Service tokens behind the barrier (vault-compat: dataplane spec 2.4 to 2.6), in the view the core gives it
 * (Vault's {@code sys/token/}). Keys inside the view:
 * {@code salt}, {@code id/<SaltID>} (the entry, {@link TokenCodec}), {@code accessor/<SaltID(accessor)>} and
 * {@code parent/<SaltID(parent)>/<SaltID(child)>}. No token string is ever stored: a token is found by hashing
 * what the client sent.
 *
 * <p><b>Liveness.</b> A token is usable when its entry exists, it has not expired, its uses are not spent, and every
 * ancestor's entry exists and has not expired: a child dies with its parent the moment the parent expires, before
 * {@link #tidy()} removes them.
 *
 * <p><b>Crash safety.</b> Writes are ordered so that a crash between any two leaves nothing usable that should not
 * be, and no index that breaks lookup or revocation: creation writes the parent index, then the accessor index,
 * then the entry (a crash leaves only indexes without an entry, which every reader skips and {@link #tidy()}
 * removes); revocation removes descendants before ancestors (so a live token's ancestors always exist) and, per
 * token, the entry before its indexes.
 *
 * <p>Thread-safe: writes are serialized by one lock; lookups read without it.
 */
public final class TokenStore {

    static final String ID = "id/";
    static final String ACCESSOR = "accessor/";
    static final String PARENT = "parent/";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final byte[] EMPTY = new byte[0];

    private final BarrierStorage view;
    private final SecureRandom random;
    private final Clock clock;
    private final TtlLimits limits;
    private final TokenSalt salt;
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * @param view the token store's storage (Vault's {@code sys/token/} prefix)
     * @param random source of token ids, accessors and the salt
     * @param clock time of creation, expiry and renewal
     * @param limits the mount's default and max TTL
     */
    public TokenStore(BarrierStorage view, SecureRandom random, Clock clock, TtlLimits limits) {
        this.view = Objects.requireNonNull(view, "view");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.salt = new TokenSalt(view, random);
    }

    /** A store with Vault's default limits (768h default and max TTL). */
    public TokenStore(BarrierStorage view, SecureRandom random, Clock clock) {
        this(view, random, clock, TtlLimits.VAULT_DEFAULT);
    }

    /** The mount's TTL limits. */
    public TtlLimits limits() {
        return limits;
    }

    /** The current time by the store's clock. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Creates a root token as {@code operator init} does: {@code hvs.} + 24 base62, orphan, policy {@code root},
     * never expires (vault-compat: dataplane spec 2.3, path {@code auth/token/root}, display name {@code root}).
     *
     * @return the token (the only time it is known)
     */
    public String createRoot() {
        return insert(NewToken.root(), newId()).token();
    }

    /**
     * Stores a root token with a chosen id (dev mode's {@code -dev-root-token-id}); unlike {@code create} any
     * non-blank id is accepted.
     *
     * @throws InvalidRequestException {@code cannot create a token with a duplicate ID}
     */
    public String createRoot(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException("root token id must not be empty");
        }
        return insert(NewToken.root(), id).token();
    }

    /**
     * Creates a token.
     *
     * @param spec the decided token (its parent, if any, must be live)
     * @param customId a client-chosen id, or null/empty to generate {@code hvs.} + 24 base62
     * @throws InvalidRequestException with Vault's texts for a bad custom id, a duplicate, or a parent that is gone
     */
    public IssuedToken create(NewToken spec, String customId) {
        if (customId == null || customId.isEmpty()) {
            return insert(spec, newId());
        }
        // vault-compat: dataplane spec 2.1, custom id rules
        if (customId.startsWith("hvs.")) {
            throw new InvalidRequestException("custom token ID cannot have the 'hvs.' prefix");
        }
        if (customId.indexOf('.') >= 0) {
            throw new InvalidRequestException("custom token ID cannot have a '.' in the value");
        }
        return insert(spec, customId);
    }

    private IssuedToken insert(NewToken spec, String id) {
        lock.lock();
        try {
            Instant now = clock.instant();
            String saltedId = salt.saltId(id);
            if (view.get(ID + saltedId) != null) {
                throw new InvalidRequestException("cannot create a token with a duplicate ID");
            }
            if (spec.parent() != null && live(spec.parent(), false).isEmpty()) {
                throw new InvalidRequestException("parent token lookup failed: no parent found");
            }
            String accessor = randomBase62(24);
            TokenEntry entry = new TokenEntry(saltedId, accessor, spec.parent(), spec.policies(), spec.path(),
                    spec.meta(), spec.displayName(), spec.numUses(), now, spec.ttl(), spec.ttl(),
                    spec.ttl() > 0 ? now.plusSeconds(spec.ttl()) : null, null, spec.explicitMaxTtl(), spec.period(),
                    spec.renewable());
            // Indexes first, entry last: until the entry exists the token does not (see class comment).
            if (spec.parent() != null) {
                view.put(PARENT + spec.parent() + "/" + saltedId, EMPTY);
            }
            view.put(ACCESSOR + salt.saltId(accessor),
                    TokenCodec.encodeAccessor(new TokenCodec.AccessorIndex(saltedId, accessor)));
            view.put(ID + saltedId, TokenCodec.encode(entry));
            return new IssuedToken(id, entry);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Resolves a client token: the pipeline's check on every request.
     *
     * @return the entry when the token is usable; empty when unknown, revoked, expired, used up, or an ancestor is
     *     gone or expired
     */
    public Optional<TokenEntry> lookup(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return live(salt.saltId(token), false);
    }

    /**
     * Like {@link #lookup} but also finds a token whose last use is being spent by the current request (so that
     * its own lookup-self or revoke-self still works; vault-compat: Vault's tainted entries).
     */
    Optional<TokenEntry> lookupForOwnRequest(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return live(salt.saltId(token), true);
    }

    /** Resolves an accessor to its usable token's entry; empty when unknown or not usable. */
    public Optional<TokenEntry> lookupByAccessor(String accessor) {
        return accessorIndex(accessor).flatMap(idx -> live(idx.saltedId(), true));
    }

    private Optional<TokenCodec.AccessorIndex> accessorIndex(String accessor) {
        if (accessor == null || accessor.isEmpty()) {
            return Optional.empty();
        }
        String path = ACCESSOR + salt.saltId(accessor);
        byte[] raw = view.get(path);
        if (raw == null) {
            return Optional.empty();
        }
        TokenCodec.AccessorIndex idx = TokenCodec.decodeAccessor(path, raw);
        // Constant-time: the index must be the one for this accessor (defence in depth beyond the hashed key).
        return constantTimeEquals(idx.accessor(), accessor) ? Optional.of(idx) : Optional.empty();
    }

    private Optional<TokenEntry> live(String saltedId, boolean allowUsedUp) {
        Instant now = clock.instant();
        TokenEntry entry = read(saltedId);
        if (entry == null || entry.expiredAt(now) || (entry.usedUp() && !allowUsedUp)
                || !constantTimeEquals(entry.saltedId(), saltedId)) {
            return Optional.empty();
        }
        Set<String> seen = new HashSet<>();
        for (String p = entry.parent(); p != null; ) {
            TokenEntry ancestor = seen.add(p) ? read(p) : null;
            if (ancestor == null || ancestor.expiredAt(now)) {
                return Optional.empty();
            }
            p = ancestor.parent();
        }
        return Optional.of(entry);
    }

    TokenEntry read(String saltedId) {
        String path = ID + saltedId;
        byte[] raw = view.get(path);
        return raw == null ? null : TokenCodec.decode(path, raw);
    }

    /** Revokes a token and all its descendants (vault-compat: dataplane spec 2.6); unknown tokens are ignored. */
    public void revoke(String token) {
        if (token != null && !token.isEmpty()) {
            revokeTree(salt.saltId(token));
        }
    }

    /**
     * Revokes the token an accessor names, with its descendants.
     *
     * @return false when no token has this accessor
     */
    public boolean revokeByAccessor(String accessor) {
        lock.lock();
        try {
            Optional<TokenCodec.AccessorIndex> idx = accessorIndex(accessor);
            if (idx.isEmpty()) {
                return false;
            }
            boolean existed = read(idx.get().saltedId()) != null;
            revokeTree(idx.get().saltedId());
            view.delete(ACCESSOR + salt.saltId(accessor)); // a dangling index goes too
            return existed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Revokes only this token; its children become orphans (vault-compat: {@code revoke-orphan}).
     *
     * @return false when the token is not usable (unknown, expired)
     */
    public boolean revokeOrphan(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        lock.lock();
        try {
            String saltedId = salt.saltId(token);
            Optional<TokenEntry> entry = live(saltedId, true);
            if (entry.isEmpty()) {
                return false;
            }
            // Each child is made an orphan before its link goes: a crash leaves it either still a child (the
            // retry orphans it) or already an orphan, never pointing at a deleted parent.
            for (String child : view.list(PARENT + saltedId + "/")) {
                TokenEntry c = read(child);
                if (c != null && saltedId.equals(c.parent())) {
                    view.put(ID + child, TokenCodec.encode(c.withParent(null)));
                }
                view.delete(PARENT + saltedId + "/" + child);
            }
            removeOne(entry.get().parent(), saltedId);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Revokes by SaltID: descendants first (post-order), each token's entry before its indexes. */
    void revokeTree(String saltedId) {
        lock.lock();
        try {
            TokenEntry root = read(saltedId);
            Deque<String[]> stack = new ArrayDeque<>();
            List<String[]> postOrder = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            stack.push(new String[] {root == null ? null : root.parent(), saltedId});
            while (!stack.isEmpty()) {
                String[] node = stack.pop();
                if (!seen.add(node[1])) {
                    continue;
                }
                postOrder.add(node);
                for (String child : view.list(PARENT + node[1] + "/")) {
                    stack.push(new String[] {node[1], child});
                }
            }
            // postOrder is a pre-order walk; reversed, every node comes after all of its descendants.
            for (int i = postOrder.size() - 1; i >= 0; i--) {
                removeOne(postOrder.get(i)[0], postOrder.get(i)[1]);
            }
        } finally {
            lock.unlock();
        }
    }

    private void removeOne(String linkParent, String saltedId) {
        TokenEntry entry = read(saltedId);
        if (entry != null) {
            view.delete(ID + saltedId);
            view.delete(ACCESSOR + salt.saltId(entry.accessor()));
        }
        String parent = entry != null ? entry.parent() : linkParent;
        if (parent != null) {
            view.delete(PARENT + parent + "/" + saltedId);
        }
        if (linkParent != null && !linkParent.equals(parent)) {
            view.delete(PARENT + linkParent + "/" + saltedId);
        }
    }

    /**
     * Renews a token's lease (vault-compat: dataplane spec 2.6; {@code increment} 0 means the token's current TTL).
     *
     * @throws InvalidRequestException {@code token not found}, {@code lease is not renewable},
     *     {@code past the max TTL, cannot renew}
     */
    public Renewal renew(TokenEntry token, long increment) {
        lock.lock();
        try {
            TokenEntry current = live(token.saltedId(), true).orElseThrow(
                    () -> new InvalidRequestException("token not found"));
            if (!current.renewable() || current.expireTime() == null) {
                throw new InvalidRequestException("lease is not renewable");
            }
            Instant now = clock.instant();
            TokenTtl.Result ttl = TokenTtl.calculate(limits, increment, current.ttl(), current.period(),
                    current.explicitMaxTtl(), current.issueTime(), now);
            TokenEntry renewed = current.renewed(ttl.ttl(), now);
            view.put(ID + renewed.saltedId(), TokenCodec.encode(renewed));
            return new Renewal(renewed, ttl.warnings());
        } finally {
            lock.unlock();
        }
    }

    /**
     * A renewed token and the warnings for the client.
     *
     * @param entry the entry after renewal
     * @param warnings e.g. the TTL was capped
     */
    public record Renewal(TokenEntry entry, List<String> warnings) {
        public Renewal {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Counts one use of a limited-use token, called by the pipeline for every authenticated request before routing
     * (vault-compat: dataplane spec 2.6, num_uses). Unlimited tokens cost nothing. The last use is allowed and
     * marks the token used up: it then fails {@link #lookup}; call {@link #revokeIfUsedUp} after the request
     * (and {@link #tidy()} removes any left behind).
     *
     * @return false when the request must be refused (the token was revoked or used up meanwhile)
     */
    public boolean use(TokenEntry entry) {
        if (entry.numUses() == 0) {
            return true;
        }
        lock.lock();
        try {
            TokenEntry current = live(entry.saltedId(), false).orElse(null);
            if (current == null) {
                return false;
            }
            if (current.numUses() == 0) {
                return true;
            }
            int left = current.numUses() == 1 ? -1 : current.numUses() - 1;
            view.put(ID + current.saltedId(), TokenCodec.encode(current.withNumUses(left)));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Revokes the token if its last use has been spent (call after the request it was used for). Free for an
     * unlimited token ({@code num_uses} 0 when the request began): {@code num_uses} is fixed at creation, so such
     * a token can never be used up, and the pipeline calls this after every request (a storage read under the
     * store's lock here would serialize all requests).
     */
    public void revokeIfUsedUp(TokenEntry entry) {
        if (entry.numUses() == 0) {
            return;
        }
        lock.lock();
        try {
            TokenEntry current = read(entry.saltedId());
            if (current != null && current.usedUp()) {
                revokeTree(current.saltedId());
            }
        } finally {
            lock.unlock();
        }
    }

    /** The accessors of all usable tokens (vault-compat: {@code LIST auth/token/accessors}). */
    public List<String> accessors() {
        List<String> out = new ArrayList<>();
        for (String key : view.list(ACCESSOR)) {
            byte[] raw = view.get(ACCESSOR + key);
            if (raw != null) {
                TokenCodec.AccessorIndex idx = TokenCodec.decodeAccessor(ACCESSOR + key, raw);
                if (live(idx.saltedId(), true).isPresent()) {
                    out.add(idx.accessor());
                }
            }
        }
        return out;
    }

    /**
     * Removes expired and used-up tokens (with their descendants) and every index left dangling by a crash. Meant
     * to run in the background, on a schedule the core chooses; safe to run at any time. Holds the write lock for
     * the pass (lookups go on; creations wait), so that it never mistakes a token being created for a dangling
     * index.
     */
    public TokenTidy.Result tidy() {
        lock.lock();
        try {
            return new TokenTidy(this, view).run(clock.instant());
        } finally {
            lock.unlock();
        }
    }

    /** The pipeline's view of a resolved token (the token string is what the client sent). */
    public Caller caller(TokenEntry entry, String token) {
        return new Caller(token, entry.accessor(), entry.policies(), entry.root(),
                entry.meta() == null ? java.util.Map.of() : entry.meta(), entry.issueTime(), entry.ttl());
    }

    String saltId(String id) {
        return salt.saltId(id);
    }

    private String newId() {
        return "hvs." + randomBase62(24);
    }

    private String randomBase62(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return sb.toString();
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
