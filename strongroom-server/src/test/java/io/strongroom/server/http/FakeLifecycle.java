package io.strongroom.server.http;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.SealedException;
import io.strongroom.core.lifecycle.HealthStatus;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.core.lifecycle.LeaderStatus;
import io.strongroom.core.lifecycle.Lifecycle;
import io.strongroom.core.lifecycle.SealStatus;
import io.strongroom.core.lifecycle.TokenInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A hand-written {@link Lifecycle} with state the tests set directly. Shares are fixed byte patterns so tests
 * can submit them back; the threshold-th distinct share unseals. Not a model of the real core: only what the
 * HTTP layer and the CLI need to be exercised.
 */
public final class FakeLifecycle implements Lifecycle {

    public static final String ROOT_TOKEN = "hvs.root-token-for-tests";
    public static final String USER_TOKEN = "hvs.user-token-for-tests";

    public final boolean autoSeal;
    public volatile boolean initialized;
    public volatile boolean sealed = true;
    public volatile boolean standby;
    public volatile int threshold;
    public volatile int shares;
    public volatile InitRequest lastInit;
    public final List<byte[]> submitted = new ArrayList<>();
    /** When set, every call throws what it supplies (to test error mapping). */
    public volatile Supplier<RuntimeException> failWith;

    private FakeLifecycle(boolean autoSeal) {
        this.autoSeal = autoSeal;
    }

    /** An uninitialized awskms (recovery) seal. */
    public static FakeLifecycle awsKms() {
        return new FakeLifecycle(true);
    }

    /** An uninitialized shamir seal. */
    public static FakeLifecycle shamir() {
        return new FakeLifecycle(false);
    }

    /** Already initialized and unsealed, 5 shares, threshold 3. */
    public FakeLifecycle unsealedWith5of3() {
        initialized = true;
        sealed = false;
        shares = 5;
        threshold = 3;
        return this;
    }

    /** The i-th share (1-based) this fake hands out: 33 bytes, all equal to i. */
    public static byte[] share(int i) {
        byte[] b = new byte[33];
        Arrays.fill(b, (byte) i);
        return b;
    }

    /** When set, sys/seal-status waits this long first (a slow route, for request deadlines). */
    public volatile java.time.Duration statusDelay;

    private void maybeFail() {
        if (failWith != null) {
            throw failWith.get();
        }
    }

    @Override
    public boolean isInitialized() {
        maybeFail();
        return initialized;
    }

    @Override
    public synchronized InitResult initialize(InitRequest request) {
        maybeFail();
        lastInit = request;
        if (initialized) {
            throw new InvalidRequestException("Vault is already initialized");
        }
        Integer n = autoSeal ? request.recoveryShares() : request.secretShares();
        Integer t = autoSeal ? request.recoveryThreshold() : request.secretThreshold();
        if (autoSeal && request.secretShares() != null && request.secretShares() != 0) {
            throw new InvalidRequestException("parameters secret_shares,secret_threshold not applicable to seal type awskms");
        }
        if (autoSeal) {
            // as the real core: an absent recovery parameter is 0, and 0 of 0 recovery shares is accepted
            n = n == null ? 0 : n;
            t = t == null ? 0 : t;
        }
        boolean noRecoveryKey = autoSeal && n == 0 && t == 0;
        // as the real core (Vault's SealConfig.Validate): at most 255 shares
        if (!noRecoveryKey && (n == null || t == null || t > n || t < 1 || n > 255)) {
            throw new InvalidRequestException("invalid shares/threshold");
        }
        List<byte[]> generated = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            generated.add(share(i));
        }
        initialized = true;
        shares = n;
        threshold = t;
        sealed = !autoSeal;
        return autoSeal ? new InitResult(List.of(), generated, ROOT_TOKEN) : new InitResult(generated, List.of(), ROOT_TOKEN);
    }

    @Override
    public SealStatus sealStatus() {
        java.time.Duration delay = statusDelay;
        if (delay != null) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return currentStatus();
    }

    private synchronized SealStatus currentStatus() {
        maybeFail();
        return new SealStatus(autoSeal ? "awskms" : "shamir", initialized, sealed, initialized ? threshold : 0,
                initialized ? shares : 0, submitted.size(), submitted.isEmpty() ? "" : "nonce-1", "0.1.0",
                "2026-01-01T00:00:00Z", false, sealed ? null : "strongroom-cluster",
                sealed ? null : "cluster-id-1", autoSeal, autoSeal ? "shamir" : null, "inmem");
    }

    @Override
    public synchronized SealStatus submitKeyShare(byte[] share) {
        maybeFail();
        if (!initialized) {
            throw new InvalidRequestException("Vault is not initialized");
        }
        if (!sealed) {
            throw new InvalidRequestException("vault is unsealed");
        }
        if (share.length != 33) {
            throw new InvalidRequestException("invalid key length");
        }
        submitted.add(share.clone());
        if (submitted.size() >= threshold) {
            submitted.clear();
            sealed = false;
        }
        return sealStatus();
    }

    @Override
    public synchronized SealStatus resetUnsealProgress() {
        maybeFail();
        submitted.clear();
        return sealStatus();
    }

    @Override
    public void seal() {
        maybeFail();
        sealed = true;
    }

    @Override
    public HealthStatus health() {
        maybeFail();
        return new HealthStatus(initialized, sealed, standby, 1_700_000_000L, "0.1.0",
                sealed ? null : "strongroom-cluster", sealed ? null : "cluster-id-1");
    }

    @Override
    public LeaderStatus leader() {
        maybeFail();
        if (sealed) {
            throw new io.strongroom.base.SealedException(); // as the real lifecycle does
        }
        return new LeaderStatus(false, false, "0001-01-01T00:00:00Z", "", "");
    }

    @Override
    public boolean isSealed() {
        return sealed;
    }

    @Override
    public Optional<TokenInfo> lookupToken(String token) {
        maybeFail();
        if (sealed) {
            throw new SealedException();
        }
        if (ROOT_TOKEN.equals(token)) {
            return Optional.of(new TokenInfo("acc-root", List.of("root")));
        }
        if (USER_TOKEN.equals(token)) {
            return Optional.of(new TokenInfo("acc-user", List.of("default")));
        }
        return Optional.empty();
    }
}
