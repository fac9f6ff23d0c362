package io.strongroom.core.lifecycle;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.barrier.BarrierStorage;
import io.strongroom.core.StrongroomException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Tokens behind the barrier. A token is stored under {@code sys/token/id/<sha256-hex of the token>} so that
 * storage (even decrypted) never holds a usable token; the entry is JSON
 * {@code {"accessor":"...","policies":["root"],"creation_time":<epoch seconds>}}.
 *
 * <p>Token format: {@code hvs.} followed by 24 base62 characters (vault-compat: Vault's service-token prefix,
 * which clients recognise), about 143 bits of randomness.
 */
final class TokenStore {

    static final String PREFIX = "sys/token/id/";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BarrierStorage barrier;
    private final SecureRandom random;
    private final Clock clock;

    TokenStore(BarrierStorage barrier, SecureRandom random, Clock clock) {
        this.barrier = barrier;
        this.random = random;
        this.clock = clock;
    }

    record Entry(@JsonProperty("accessor") String accessor, @JsonProperty("policies") List<String> policies,
            @JsonProperty("creation_time") long creationTime) {}

    /** Creates a root token and returns it; only its hash is stored. */
    String createRoot() {
        return createRoot("hvs." + randomBase62(24));
    }

    /** Stores {@code token} as a root token (dev mode's chosen root token id). */
    String createRoot(String token) {
        Entry entry = new Entry(randomBase62(24), List.of("root"), clock.instant().getEpochSecond());
        try {
            barrier.put(PREFIX + hash(token), JSON.writeValueAsBytes(entry));
        } catch (IOException e) {
            throw new StrongroomException("cannot encode token entry", e);
        }
        return token;
    }

    /** Removes a token; unknown tokens are ignored. */
    void revoke(String token) {
        barrier.delete(PREFIX + hash(token));
    }

    Optional<TokenInfo> lookup(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] raw = barrier.get(PREFIX + hash(token));
        if (raw == null) {
            return Optional.empty();
        }
        try {
            Entry e = JSON.readValue(raw, Entry.class);
            return Optional.of(new TokenInfo(e.accessor(), e.policies()));
        } catch (IOException e) {
            throw new StrongroomException("stored token entry is not valid JSON", e);
        }
    }

    private String randomBase62(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return sb.toString();
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
