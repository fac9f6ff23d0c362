package io.strongroom.token;

/**
 * A token just created: the only moment its string is known to the server.
 *
 * @param token the client token (secret; never logged)
 * @param entry what was stored
 */
public record IssuedToken(String token, TokenEntry entry) {

    @Override
    public String toString() {
        return "IssuedToken[token=********, accessor=" + entry.accessor() + "]";
    }
}
