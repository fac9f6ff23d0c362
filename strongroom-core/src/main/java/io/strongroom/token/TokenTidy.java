package io.strongroom.token;

import io.strongroom.barrier.BarrierStorage;
import java.time.Instant;

/**
 * One tidy pass over the token store (vault-compat: Vault's expiration-driven revocation and {@code auth/token/tidy}):
 * revokes expired and used-up tokens with their descendants, revokes tokens whose parent entry is gone (a child never
 * outlives its parent), and deletes accessor and parent indexes that point at no entry (left by a crash during
 * create or revoke).
 */
public final class TokenTidy {

    /**
     * What a pass did.
     *
     * @param revoked tokens revoked (each with its descendants)
     * @param danglingIndexes index entries deleted because their token entry is gone
     */
    public record Result(int revoked, int danglingIndexes) {
    }

    private final TokenStore store;
    private final BarrierStorage view;

    TokenTidy(TokenStore store, BarrierStorage view) {
        this.store = store;
        this.view = view;
    }

    Result run(Instant now) {
        int revoked = 0;
        int dangling = 0;
        for (String saltedId : view.list(TokenStore.ID)) {
            TokenEntry e = store.read(saltedId);
            if (e == null) {
                continue;
            }
            boolean parentGone = e.parent() != null && store.read(e.parent()) == null;
            if (e.expiredAt(now) || e.usedUp() || parentGone) {
                store.revokeTree(saltedId);
                revoked++;
            }
        }
        for (String folder : view.list(TokenStore.PARENT)) {
            String parent = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
            for (String child : view.list(TokenStore.PARENT + parent + "/")) {
                if (store.read(child) == null) {
                    view.delete(TokenStore.PARENT + parent + "/" + child);
                    dangling++;
                } else if (store.read(parent) == null) {
                    store.revokeTree(child);
                    revoked++;
                }
            }
        }
        for (String key : view.list(TokenStore.ACCESSOR)) {
            byte[] raw = view.get(TokenStore.ACCESSOR + key);
            if (raw != null && store.read(TokenCodec.decodeAccessor(TokenStore.ACCESSOR + key, raw).saltedId()) == null) {
                view.delete(TokenStore.ACCESSOR + key);
                dangling++;
            }
        }
        return new Result(revoked, dangling);
    }
}
