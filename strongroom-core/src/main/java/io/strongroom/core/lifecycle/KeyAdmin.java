package io.strongroom.core.lifecycle;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.SealedException;
import io.strongroom.seal.SealSet;
import io.strongroom.shamir.Shamir;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The operations that key shares authorize once the server runs: root-key rotation ({@code sys/rotate/root}, and
 * the barrier rekey of an auto seal), the recovery-key rekey with its optional verification, and root token
 * generation. Under an auto seal the authorizing shares are recovery key shares (they only authorize: the root key
 * still comes from KMS); under shamir, generate-root takes unseal key shares.
 *
 * <p>vault-compat: the state machines of Vault's {@code vault/rekey.go} and {@code vault/generate_root.go}
 * (vault-seal-spec 3.9, 3.11): one attempt per kind at a time, a nonce fixed at its start, progress that counts
 * shares, a combined key that is checked before anything changes.
 *
 * <p>Thread-safe: every method is serialized on this object. All need an unsealed server
 * ({@link SealedException}); caller mistakes are {@link InvalidRequestException} with Vault's texts.
 */
public final class KeyAdmin {

    /** What a key operation needs from the lifecycle that owns the seal. */
    interface Host {
        /** The auto seals, or null under shamir. */
        SealSet autoSeal();

        /** The config of the shares operators hold (recovery config under an auto seal), never null once initialized. */
        SealConfig sharesConfig();

        /** Whether the combined key is the recovery key (auto seal) or opens the stored root key (shamir). */
        boolean sharesValid(byte[] combinedKey);

        /** The recovery config changed: forget any cached copy. */
        void sharesChanged();

        boolean serving();

        /** A new root token, as init creates one. */
        String createRootToken();
    }

    /** vault-compat: the length of an {@code hvs.} token and so of the OTP ({@code otp_length}). */
    public static final int OTP_LENGTH = 28;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final String RECOVERY_MISMATCH = "recovery key verification failed: recovery key does not match submitted"
            + " values";

    /**
     * {@code sys/generate-root/attempt}. {@code otp} is set only in the answer that started the attempt
     * (vault-compat: Vault 1.10+ returns the generated OTP once).
     */
    public record GenerateRootStatus(boolean started, String nonce, int progress, int required, boolean complete,
            String encodedToken, String otp, int otpLength) {}

    /** {@code sys/rekey*}{@code /init} status. */
    public record RekeyStatus(String nonce, boolean started, int t, int n, int progress, int required,
            boolean backup, boolean verificationRequired) {}

    /**
     * An update's answer: either not complete (then {@link #status}) or complete with the new shares (none for a
     * root-key rekey under an auto seal).
     */
    public record RekeyResult(boolean complete, String nonce, List<byte[]> keys, boolean backup,
            boolean verificationRequired, String verificationNonce, RekeyStatus status) {}

    /** {@code sys/rekey*}{@code /verify} status. */
    public record VerifyStatus(String nonce, boolean started, int t, int n, int progress) {}

    /** Which key a rekey replaces. */
    public enum Target {
        /** The root key (Vault's "barrier" rekey). */
        BARRIER,
        /** The recovery key of an auto seal. */
        RECOVERY
    }

    /** A rekey's requested shape (vault-compat: the sys/rekey*{@code /init} body). */
    public record RekeyRequest(int secretShares, int secretThreshold, List<String> pgpKeys, boolean backup,
            boolean requireVerification, Integer storedShares) {}

    private final Host host;
    private final StoredKeyChanges changes;
    private final SecureRandom random;

    private ShareAttempt rootAttempt;
    private String otp;
    private final Rekey barrierRekey = new Rekey(Target.BARRIER);
    private final Rekey recoveryRekey = new Rekey(Target.RECOVERY);

    KeyAdmin(Host host, StoredKeyChanges changes, SecureRandom random) {
        this.host = Objects.requireNonNull(host, "host");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.random = Objects.requireNonNull(random, "random");
    }

    // ---- root-key rotation ----

    /**
     * {@code sys/rotate/root}: a new root key, wrapped by the seal and stored, the keyring re-encrypted with it.
     *
     * @throws InvalidRequestException under shamir (the shares would have to change too: use a rekey)
     */
    public synchronized void rotateRootKey() {
        requireServing();
        SealSet seal = host.autoSeal();
        if (seal == null) {
            throw new InvalidRequestException("root key rotation without key shares needs an auto seal; under shamir "
                    + "the root key is protected by the unseal key shares");
        }
        requireEverySealHealthy(seal, "root key rotation");
        byte[] key = randomBytes(32);
        try {
            changes.rotateRootKey(seal, key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * vault-compat (vault-seal-spec 6.4): with Seal HA, a new root key or recovery key is written only while every
     * seal is healthy, so the one copy of a new key is never wrapped by fewer seals than the data.
     */
    private static void requireEverySealHealthy(SealSet seals, String what) {
        if (seals == null || seals.enabled().size() < 2 || !seals.anyUnhealthy()) {
            return;
        }
        List<String> down = seals.enabled().stream().map(SealSet.Member::name).filter(seals::isUnhealthy).toList();
        throw new InvalidRequestException("Seal HA: " + what + " needs every seal healthy, and " + down
                + " is not; try again when sys/seal-backend-status shows healthy");
    }

    // ---- generate-root ----

    public synchronized GenerateRootStatus generateRootStatus() {
        return rootStatus(false, null, null);
    }

    /**
     * Starts a root token generation.
     *
     * @param givenOtp the client's OTP ({@value #OTP_LENGTH} characters), or null/empty to have one generated
     * @param pgpKey not supported: must be empty
     */
    public synchronized GenerateRootStatus startGenerateRoot(String givenOtp, String pgpKey) {
        requireServing();
        if (rootAttempt != null) {
            throw new InvalidRequestException("root generation already in progress"); // vault-compat
        }
        if (pgpKey != null && !pgpKey.isEmpty()) {
            throw new InvalidRequestException("PGP-encrypted root tokens are not supported; use an OTP");
        }
        String chosen;
        boolean generated = givenOtp == null || givenOtp.isEmpty();
        if (generated) {
            chosen = randomBase62(OTP_LENGTH);
        } else {
            if (givenOtp.length() != OTP_LENGTH) {
                // vault-compat: vault/generate_root.go
                throw new InvalidRequestException("OTP string is wrong length");
            }
            chosen = givenOtp;
        }
        SealConfig config = requireShares();
        otp = chosen;
        rootAttempt = new ShareAttempt(UUID.randomUUID().toString(), config.secretThreshold(), "root generation");
        return rootStatus(false, null, generated ? chosen : "");
    }

    public synchronized GenerateRootStatus cancelGenerateRoot() {
        if (rootAttempt != null) {
            rootAttempt.clear();
        }
        rootAttempt = null;
        otp = null;
        return rootStatus(false, null, null);
    }

    /**
     * Adds one share; at the threshold checks the combined key and, if it is right, creates a root token and
     * answers it encoded with the OTP. A wrong combined key empties the progress and keeps the attempt.
     */
    public synchronized GenerateRootStatus updateGenerateRoot(byte[] share, String nonce) {
        requireServing();
        if (rootAttempt == null) {
            throw new InvalidRequestException("no root generation in progress"); // vault-compat
        }
        Optional<byte[]> combined = rootAttempt.add(share, nonce);
        if (combined.isEmpty()) {
            return rootStatus(false, null, null);
        }
        byte[] key = combined.get();
        try {
            checkShares(key, "root generation aborted: ");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        String token = host.createRootToken();
        String encoded = encodeToken(token, otp);
        GenerateRootStatus now = rootStatus(true, encoded, null);
        // vault-compat: the completing answer reports progress = required
        GenerateRootStatus done = new GenerateRootStatus(now.started(), now.nonce(), now.required(), now.required(),
                true, encoded, "", OTP_LENGTH);
        rootAttempt = null;
        otp = null;
        return done;
    }

    /**
     * vault-compat: {@code sdk/helper/roottoken}: the token XOR the OTP (same length), in base64 without padding.
     */
    public static String encodeToken(String token, String otp) {
        byte[] t = token.getBytes(StandardCharsets.UTF_8);
        byte[] o = otp.getBytes(StandardCharsets.UTF_8);
        if (t.length != o.length) {
            throw new InvalidRequestException("OTP string is wrong length");
        }
        byte[] x = new byte[t.length];
        for (int i = 0; i < t.length; i++) {
            x[i] = (byte) (t[i] ^ o[i]);
        }
        return Base64.getEncoder().withoutPadding().encodeToString(x);
    }

    /** The inverse of {@link #encodeToken} ({@code operator generate-root -decode}). */
    public static String decodeToken(String encoded, String otp) {
        byte[] x;
        try {
            // Go's RawStdEncoding: no padding; a padded value is accepted too
            x = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("error decoding base64'd token: " + e.getMessage());
        }
        byte[] o = otp.getBytes(StandardCharsets.UTF_8);
        if (x.length != o.length) {
            throw new InvalidRequestException("error xoring token: length of byte slices is not equivalent: "
                    + x.length + " != " + o.length);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (byte) (x[i] ^ o[i]);
        }
        return new String(x, StandardCharsets.UTF_8);
    }

    private GenerateRootStatus rootStatus(boolean complete, String encoded, String newOtp) {
        SealConfig config = host.serving() ? host.sharesConfig() : null;
        int required = rootAttempt != null ? rootAttempt.threshold() : config == null ? 0 : config.secretThreshold();
        return new GenerateRootStatus(rootAttempt != null, rootAttempt == null ? "" : rootAttempt.nonce(),
                rootAttempt == null ? 0 : rootAttempt.progress(), required, complete, encoded == null ? "" : encoded,
                newOtp == null ? "" : newOtp, OTP_LENGTH);
    }

    // ---- rekey ----

    public synchronized RekeyStatus rekeyStatus(Target target) {
        return rekey(target).status();
    }

    public synchronized RekeyStatus startRekey(Target target, RekeyRequest request) {
        requireServing();
        requireEverySealHealthy(host.autoSeal(), target == Target.RECOVERY ? "recovery key rekey" : "root key rekey");
        return rekey(target).start(request);
    }

    public synchronized RekeyStatus cancelRekey(Target target) {
        Rekey r = rekey(target);
        r.cancel();
        return r.status();
    }

    public synchronized RekeyResult updateRekey(Target target, byte[] share, String nonce) {
        requireServing();
        return rekey(target).update(share, nonce);
    }

    public synchronized VerifyStatus rekeyVerifyStatus(Target target) {
        return rekey(target).verifyStatus();
    }

    public synchronized VerifyStatus cancelRekeyVerify(Target target) {
        return rekey(target).restartVerify();
    }

    /** @return the verification nonce and whether it completed (then the new key is in force) */
    public synchronized VerifyStatus updateRekeyVerify(Target target, byte[] share, String nonce) {
        requireServing();
        return rekey(target).verify(share, nonce);
    }

    private Rekey rekey(Target target) {
        return target == Target.BARRIER ? barrierRekey : recoveryRekey;
    }

    /** One rekey kind's state: the requested config, the authorizing quorum, and a pending key to verify. */
    private final class Rekey {
        private final Target target;
        private SealConfig config; // the new shape; null: no rekey in progress
        private boolean backup;
        private boolean verificationRequired;
        private ShareAttempt attempt;
        private byte[] pendingKey; // generated, handed out, waiting for verification
        private ShareAttempt verifyAttempt;

        Rekey(Target target) {
            this.target = target;
        }

        private String name() {
            return target == Target.BARRIER ? "barrier" : "recovery";
        }

        RekeyStatus status() {
            SealConfig current = host.serving() ? host.sharesConfig() : null;
            int required = attempt != null ? attempt.threshold() : current == null ? 0 : current.secretThreshold();
            return new RekeyStatus(attempt == null ? "" : attempt.nonce(), config != null,
                    config == null ? 0 : config.secretThreshold(), config == null ? 0 : config.secretShares(),
                    attempt == null ? 0 : attempt.progress(), required, backup, verificationRequired);
        }

        RekeyStatus start(RekeyRequest req) {
            SealSet seal = host.autoSeal();
            if (target == Target.RECOVERY && seal == null) {
                throw new InvalidRequestException("recovery rekeying not supported"); // vault-compat
            }
            if (target == Target.BARRIER && seal == null) {
                throw new InvalidRequestException("barrier rekey under the shamir seal is not supported in this "
                        + "version; the unseal key shares stay as they are");
            }
            if (config != null) {
                throw new InvalidRequestException("rekey already in progress"); // vault-compat
            }
            boolean pgp = req.pgpKeys() != null && !req.pgpKeys().isEmpty();
            SealConfig next;
            if (target == Target.BARRIER) {
                // vault-compat: stored-key seals force 1/1/1 and refuse PGP, backup and verification (spec 3.11)
                if (pgp) {
                    throw new InvalidRequestException("PGP key encryption not supported when using stored keys");
                }
                if (req.backup()) {
                    throw new InvalidRequestException("key backup not supported when using stored keys");
                }
                if (req.requireVerification()) {
                    throw new InvalidRequestException("requiring verification not supported when using stored keys");
                }
                next = SealConfig.of(seal.primary().orElseThrow().type(), 1, 1, 1);
            } else {
                if (pgp || req.backup()) {
                    throw new InvalidRequestException("PGP-encrypted key shares and their backup are not supported");
                }
                next = SealConfig.of("shamir", req.secretShares(), req.secretThreshold(), 0);
                next.validate("recovery", false);
            }
            SealConfig current = requireShares();
            config = next;
            backup = false;
            verificationRequired = target == Target.RECOVERY && req.requireVerification();
            attempt = new ShareAttempt(UUID.randomUUID().toString(), current.secretThreshold(), "rekey");
            return status();
        }

        void cancel() {
            if (attempt != null) {
                attempt.clear();
            }
            if (verifyAttempt != null) {
                verifyAttempt.clear();
            }
            if (pendingKey != null) {
                Arrays.fill(pendingKey, (byte) 0);
            }
            config = null;
            attempt = null;
            verifyAttempt = null;
            pendingKey = null;
            verificationRequired = false;
        }

        RekeyResult update(byte[] share, String nonce) {
            if (config == null) {
                throw new InvalidRequestException("no " + name() + " rekey in progress"); // vault-compat
            }
            if (pendingKey != null) {
                throw new InvalidRequestException("rekey verification already in progress"); // vault-compat
            }
            Optional<byte[]> combined = attempt.add(share, nonce);
            if (combined.isEmpty()) {
                return new RekeyResult(false, attempt.nonce(), List.of(), false, false, "", status());
            }
            byte[] key = combined.get();
            try {
                checkShares(key, "");
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            String doneNonce = attempt.nonce();
            SealSet seal = host.autoSeal();
            if (target == Target.BARRIER) {
                byte[] root = randomBytes(32);
                try {
                    changes.rotateRootKey(seal, root);
                } finally {
                    Arrays.fill(root, (byte) 0);
                }
                cancel();
                return new RekeyResult(true, doneNonce, List.of(), false, false, "", null);
            }
            byte[] fresh = randomBytes(32);
            List<byte[]> shares = split(fresh, config);
            if (verificationRequired) {
                pendingKey = fresh;
                verifyAttempt = new ShareAttempt(UUID.randomUUID().toString(), config.secretThreshold(), "rekey");
                return new RekeyResult(true, doneNonce, shares, false, true, verifyAttempt.nonce(), null);
            }
            try {
                changes.replaceRecoveryKey(seal, fresh, config);
            } finally {
                Arrays.fill(fresh, (byte) 0);
            }
            host.sharesChanged();
            cancel();
            return new RekeyResult(true, doneNonce, shares, false, false, "", null);
        }

        VerifyStatus verifyStatus() {
            if (verifyAttempt == null) {
                return new VerifyStatus("", false, 0, 0, 0);
            }
            return new VerifyStatus(verifyAttempt.nonce(), true, config.secretThreshold(), config.secretShares(),
                    verifyAttempt.progress());
        }

        VerifyStatus restartVerify() {
            if (verifyAttempt == null) {
                throw new InvalidRequestException("no rekey verification in progress");
            }
            verifyAttempt.clear();
            verifyAttempt = new ShareAttempt(UUID.randomUUID().toString(), config.secretThreshold(), "rekey");
            return verifyStatus();
        }

        VerifyStatus verify(byte[] share, String nonce) {
            if (config == null) {
                throw new InvalidRequestException("no " + name() + " rekey in progress");
            }
            if (verifyAttempt == null) {
                throw new InvalidRequestException("no rekey verification in progress");
            }
            Optional<byte[]> combined = verifyAttempt.add(share, nonce);
            if (combined.isEmpty()) {
                return verifyStatus();
            }
            byte[] key = combined.get();
            String doneNonce = verifyAttempt.nonce();
            try {
                if (!MessageDigest.isEqual(key, pendingKey)) {
                    // vault-compat: vault/rekey.go
                    throw new InvalidRequestException("rekey verification failed; incorrect key shares supplied");
                }
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            changes.replaceRecoveryKey(host.autoSeal(), pendingKey, config);
            host.sharesChanged();
            cancel();
            return new VerifyStatus(doneNonce, false, 0, 0, 0);
        }
    }

    // ---- shared ----

    private void checkShares(byte[] key, String prefix) {
        if (!host.sharesValid(key)) {
            if (host.autoSeal() != null) {
                throw new InvalidRequestException(prefix + RECOVERY_MISMATCH);
            }
            throw new InvalidRequestException(prefix + "the unseal key shares do not open the stored root key");
        }
    }

    private SealConfig requireShares() {
        SealConfig config = host.sharesConfig();
        if (config == null || config.secretShares() == 0) {
            throw new InvalidRequestException("no recovery key exists (initialized with 0 recovery shares), so "
                    + "nothing can authorize this operation");
        }
        return config;
    }

    private void requireServing() {
        if (!host.serving()) {
            throw new SealedException();
        }
    }

    private List<byte[]> split(byte[] key, SealConfig config) {
        if (config.secretShares() == 1) {
            return List.of(key.clone()); // vault-compat: one share is the key itself
        }
        return new ArrayList<>(Shamir.split(key, config.secretShares(), config.secretThreshold(), random));
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String randomBase62(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return sb.toString();
    }
}
